// Test helper for the data call: one converged simulated NCM stick and its profile, applied once
// so names.json knows it as gsm0, and a reader of a child's log lines.

import { assertEquals } from "../assert.ts";
import { cliArgs, runMain } from "../run_cli.ts";
import {
  faultProfileText,
  fleetFlags,
  modemStick,
  startFaultFleet,
  writeProfile,
} from "../faults/_harness.ts";
import type { SimFleet, SimFleetOptions } from "../../src/sim/fleet.ts";

/** The stick's USB port. */
export const PORT = "1-3";
/** Its APN password (in a 0600 file the profile names). */
export const PASSWORD = "n0t-in-any-log";

/** A converged NCM stick (layout FF;10,12,16, APN set) and the profile that matches it, applied
 * once so names.json knows it as gsm0. */
export async function ncmFleet(
  extra: Partial<SimFleetOptions> = {},
): Promise<{ fleet: SimFleet; profile: string }> {
  const fleet = await startFaultFleet([
    modemStick(PORT, 0, {
      layout: "FF;10,12,16",
      apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }],
      connectDelayMs: 100,
    }),
  ], extra);
  const secret = `${fleet.hostRoot}/etc/stickmode/apn.secret`;
  await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
  await Deno.writeTextFile(secret, `${PASSWORD}\n`, { mode: 0o600 });
  const text = faultProfileText(fleet, {
    apn: `{ name: web.pt.lu, pdpType: IP, user: web, passwordFile: ${secret} }`,
  }).replace('portLayout: "FF;10,12"', 'portLayout: "FF;10,12,16"');
  const profile = await writeProfile(fleet, text);
  const first = await runMain([...fleetFlags(fleet, profile), "apply", "--at-timeout", "600"]);
  assertEquals(first.code, 0, first.stderr + first.stdout);
  return { fleet, profile };
}

/** Reads a child's stderr into lines; waitFor() waits (bounded) for a line matching `pattern`
 * after the ones already taken. */
export function lineReader(stream: ReadableStream<Uint8Array>) {
  const lines: string[] = [];
  let taken = 0;
  const waker: { wake: (() => void) | null } = { wake: null };
  const done = (async () => {
    let rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      rest += chunk;
      const parts = rest.split("\n");
      rest = parts.pop()!;
      lines.push(...parts);
      waker.wake?.();
    }
    if (rest) lines.push(rest);
    waker.wake?.();
  })();
  return {
    lines,
    done,
    async waitFor(pattern: RegExp, ms: number): Promise<string> {
      const deadline = performance.now() + ms;
      for (;;) {
        const at = lines.slice(taken).findIndex((l) => pattern.test(l));
        if (at >= 0) {
          taken += at + 1;
          return lines[taken - 1]!;
        }
        const left = deadline - performance.now();
        if (left <= 0) {
          throw new Error(`Cannot see ${pattern} within ${ms} ms in:\n${lines.join("\n")}`);
        }
        await new Promise<void>((r) => {
          const timer = setTimeout(r, left);
          waker.wake = () => {
            clearTimeout(timer);
            r();
          };
        });
      }
    },
  };
}

/** A `stickmode data-call <name>` on the shipped command line inside network namespace `ns`
 * (`ip netns exec`), its log lines read; stop() sends SIGTERM and returns its exit code. */
export function spawnDataCall(
  ns: string,
  fleet: SimFleet,
  profile: string,
  name: string,
  flags: string[],
) {
  const child = new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      ns,
      Deno.execPath(),
      ...cliArgs([...fleetFlags(fleet, profile), "data-call", name, ...flags]),
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log = lineReader(child.stderr);
  let stopped: Promise<number> | null = null;
  return {
    log,
    /** SIGTERM, then its exit code once it has ended and its log is read. */
    stop(): Promise<number> {
      stopped ??= (async () => {
        try {
          child.kill("SIGTERM");
        } catch { /* exited already */ }
        const { code } = await child.status;
        await log.done;
        return code;
      })();
      return stopped;
    },
    /** SIGKILL unless stopped; for finally blocks. */
    async kill(): Promise<void> {
      if (stopped === null) {
        try {
          child.kill("SIGKILL");
        } catch { /* exited already */ }
      }
      await child.status;
    },
  };
}
