// What the NCM benchmark watches while it measures: the host namespace's addresses as the kernel
// announces them (`ip monitor address`, no polling), and each data call's log lines.

/** When each interface first showed an IPv4 address (Date.now() ms), from `ip -o monitor`. */
export class AddressMonitor {
  readonly seen = new Map<string, number>();
  readonly #child: Deno.ChildProcess;
  readonly #reading: Promise<void>;
  #wake: (() => void) | null = null;

  private constructor(ns: string) {
    this.#child = new Deno.Command("ip", {
      args: ["-n", ns, "-o", "-4", "monitor", "address"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.#reading = readLines(this.#child.stdout, (line) => {
      // "7: wwgsm0    inet 10.64.1.57/24 metric 1024 brd ... scope global dynamic wwgsm0 ..."
      const m = /^\d+:\s+(\S+)\s+inet\s/.exec(line);
      if (m && !this.seen.has(m[1]!)) this.seen.set(m[1]!, Date.now());
      this.#wake?.();
    });
  }

  /** Starts watching `ns`; resolves once ip is listening (bounded). */
  static async start(ns: string): Promise<AddressMonitor> {
    const monitor = new AddressMonitor(ns);
    // ip subscribes before it prints anything; give it that moment.
    await new Promise((r) => setTimeout(r, 200));
    return monitor;
  }

  /** Waits until every interface of `names` has had an address; throws after `timeoutMs`
   * naming those still without one. */
  async waitFor(names: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (names.some((n) => !this.seen.has(n))) {
      const left = deadline - Date.now();
      if (left <= 0) {
        const missing = names.filter((n) => !this.seen.has(n));
        throw new Error(
          `Cannot see an IPv4 address on ${missing.map((n) => `"${n}"`).join(", ")} within ` +
            `${timeoutMs} ms of the plug`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async stop(): Promise<void> {
    try {
      this.#child.kill("SIGTERM");
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
    }
    await this.#child.status;
    await this.#reading;
  }
}

/** A data-call process and its log lines, each with the time it was read. */
export class DataCallProcess {
  readonly lines: { at: number; text: string }[] = [];
  readonly #reading: Promise<void>;

  /** `signal` reaches the data call itself (it may run below nsenter, which passes none on). */
  constructor(
    readonly stick: string,
    readonly child: Deno.ChildProcess,
    readonly signal: (signal: Deno.Signal) => Promise<void>,
  ) {
    this.#reading = readLines(child.stderr, (text) => this.lines.push({ at: Date.now(), text }));
  }

  /** The time of the first line matching `pattern`, or null. */
  first(pattern: RegExp): number | null {
    return this.lines.find((l) => pattern.test(l.text))?.at ?? null;
  }

  /** SIGTERM (the unit's stop: it hangs up), then waits (bounded) for the exit; SIGKILL after.
   * Returns the exit code. */
  async stop(timeoutMs = 20_000): Promise<number> {
    const send = (signal: Deno.Signal) => {
      this.signal(signal).catch(() => {}); // exited already: its status says how
    };
    send("SIGTERM");
    const timer = setTimeout(() => send("SIGKILL"), timeoutMs);
    const status = await this.child.status;
    clearTimeout(timer);
    await this.#reading;
    return status.code;
  }
}

async function readLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    rest += chunk;
    const parts = rest.split("\n");
    rest = parts.pop()!;
    parts.forEach(onLine);
  }
  if (rest) onLine(rest);
}
