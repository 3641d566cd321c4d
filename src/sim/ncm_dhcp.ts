// The tools under a simulated NCM stick's network: `ip` runs, each bounded in time, and the DHCP
// server of the stick (a real dnsmasq in its namespace), started and stopped with bounded waits.

import { secretFreeEnv } from "../log/redact.ts";
import { log } from "../log/logger.ts";
import { dnsmasqArgs, dnsmasqReady, type NcmSubnet } from "./ncm_plan.ts";

/** Longest one `ip` run may take. */
const IP_TIMEOUT_MS = 5000;
/** Longest dnsmasq may take to bind its DHCP socket, and to exit after SIGTERM. */
const DNSMASQ_START_MS = 5000;
const DNSMASQ_STOP_MS = 2000;
/** stderr lines of dnsmasq kept for the error message and tests. */
const LOG_LINES = 50;

/** Runs `ip <args>` (with `stdin` on its standard input); returns its stdout.
 * @throws {Error} naming `what` when ip is missing, times out or exits non-zero
 */
export async function runIp(
  args: readonly string[],
  what: string,
  stdin?: string,
): Promise<string> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("ip", {
      args: [...args],
      clearEnv: true,
      env: secretFreeEnv(),
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(IP_TIMEOUT_MS),
    }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`Cannot ${what}: "ip" is not installed`);
    throw e;
  }
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  const stderr = new TextDecoder().decode(out.stderr).trim().split("\n")[0] ?? "";
  if (out.signal !== null) throw new Error(`Cannot ${what}: "ip" took over ${IP_TIMEOUT_MS} ms`);
  if (out.code !== 0) throw new Error(`Cannot ${what}: "ip ${args.join(" ")}" said "${stderr}"`);
  return new TextDecoder().decode(out.stdout);
}

/** A dnsmasq serving DHCP on one stick's far end, inside the stick's namespace. */
export class DhcpServer {
  /** Its last stderr lines (DHCPDISCOVER/ACK with --log-dhcp). */
  readonly log: string[] = [];
  readonly #child: Deno.ChildProcess;
  readonly #exited: Promise<Deno.CommandStatus>;
  #done = false;
  /** The stderr reader: ends when dnsmasq does. */
  #reading: Promise<void> = Promise.resolve();

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#exited = child.status.finally(() => this.#done = true);
  }

  /** True once dnsmasq has exited (stopped, or died on its own). */
  get exited(): boolean {
    return this.#done;
  }

  /** The dnsmasq process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /** Starts dnsmasq in `netns` and waits (bounded) until its DHCP socket is bound.
   * @throws {Error} naming `stick` when it does not start, exits or stays silent
   */
  static async start(
    stick: string,
    netns: string,
    net: NcmSubnet,
    leaseFile: string,
  ): Promise<DhcpServer> {
    const what = `start the DHCP server of simulated stick "${stick}"`;
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command("ip", {
        args: ["netns", "exec", netns, ...dnsmasqArgs(net, leaseFile)],
        clearEnv: true,
        env: secretFreeEnv(),
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).spawn();
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new Error(`Cannot ${what}: "ip" is not installed`);
      }
      throw e;
    }
    const server = new DhcpServer(child);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = server.#readLog(child.stderr);
    const outcome = await Promise.race([
      ready.then((ok) => ok ? "ready" : "exited"),
      server.#exited.then(() => "exited"),
      new Promise<string>((resolve) =>
        timer = setTimeout(() => resolve("timeout"), DNSMASQ_START_MS)
      ),
    ]).finally(() => clearTimeout(timer));
    if (outcome === "ready") return server;
    await server.stop();
    const said = server.log.at(-1) ?? "nothing";
    throw new Error(
      outcome === "timeout"
        ? `Cannot ${what}: dnsmasq not ready after ${DNSMASQ_START_MS} ms (last said "${said}")`
        : `Cannot ${what}: dnsmasq exited (it said "${said}")`,
    );
  }

  /** SIGTERM, then SIGKILL when it lingers; resolves once it has exited and its stderr is read
   * to the end. Idempotent. */
  async stop(): Promise<void> {
    await this.#terminate();
    await this.#reading;
  }

  async #terminate(): Promise<void> {
    if (this.#done) return void await this.#exited;
    this.#kill("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gone = await Promise.race([
      this.#exited.then(() => true),
      new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), DNSMASQ_STOP_MS)),
    ]).finally(() => clearTimeout(timer));
    if (!gone) {
      log.warn("Sim dnsmasq ignored SIGTERM", { pid: this.pid });
      this.#kill("SIGKILL");
      await this.#exited; // SIGKILL cannot be ignored
    }
  }

  #kill(signal: Deno.Signal): void {
    try {
      this.#child.kill(signal);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e; // exited meanwhile
    }
  }

  /** Keeps the stderr pipe drained for the process's life; resolves true at the ready line,
   * false when stderr ends before it. */
  #readLog(stderr: ReadableStream<Uint8Array>): Promise<boolean> {
    let resolveReady: (ok: boolean) => void = () => {};
    const ready = new Promise<boolean>((resolve) => resolveReady = resolve);
    this.#reading = (async () => {
      let partial = "";
      for await (const chunk of stderr.pipeThrough(new TextDecoderStream())) {
        partial += chunk;
        const lines = partial.split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          this.log.push(line);
          if (this.log.length > LOG_LINES) this.log.shift();
          if (dnsmasqReady(line)) resolveReady(true);
        }
      }
      resolveReady(false);
    })();
    return ready;
  }
}
