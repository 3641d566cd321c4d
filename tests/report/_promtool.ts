// Finds promtool (from Debian's prometheus package, unpacked by .ci/install_system_packages.sh
// into /opt/stickmode-promtool, never installed), and runs `promtool check metrics` on a file.

import { run, which } from "../host/tools.ts";

const UNPACKED = "/opt/stickmode-promtool/root/usr/bin/promtool";

/** $STICKMODE_PROMTOOL, the unpacked tree, or promtool on PATH; null when none is there. */
export function findPromtool(): string | null {
  const candidates = [Deno.env.get("STICKMODE_PROMTOOL"), UNPACKED, which("promtool")];
  for (const path of candidates) {
    if (!path) continue;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return null;
}

/** null when promtool is there (or in CI, where its absence must fail); else the printed reason. */
export function promtoolSkipReason(test: string): string | null {
  if (findPromtool() !== null || Deno.env.get("CI")) return null;
  const reason = `${test}: skipped (no promtool; run .ci/install_system_packages.sh or set ` +
    `STICKMODE_PROMTOOL)`;
  console.log(reason);
  return reason;
}

/** `promtool check metrics < file`: 0 ok, 1 parse error, 3 lint (host.md#prometheus-textfile). */
export async function checkMetrics(file: string) {
  const promtool = findPromtool();
  if (promtool === null) {
    throw new Error("Cannot find promtool: run .ci/install_system_packages.sh");
  }
  return await run(["sh", "-c", 'exec "$0" check metrics <"$1"', promtool, file], {
    timeoutMs: 20_000,
  });
}
