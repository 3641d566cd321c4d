// `stickmode reconnect NAME... | --all`: drops and re-establishes each stick's data link and
// prints its address before and after. Under the host lock, as apply takes it, so it never runs
// beside a reconcile run; each stick bounded by --timeout.

import { Command } from "@commander-js/extra-typings";
import { pathUnder } from "../ffi/path_under.ts";
import { ExpectedError } from "../errors/expected.ts";
import { loadProfile } from "../profile/load.ts";
import { acquireHostLock } from "../reconcile/host_lock.ts";
import { knownStickNames, type ReconnectResult, reconnectStick } from "../datacall/reconnect.ts";
import { ExitCode } from "./errors.ts";
import { globalOptions } from "./global_options.ts";
import { parseMilliseconds } from "./open_at_session.ts";

/** The version of the `reconnect --json` document. */
export const RECONNECT_JSON_VERSION = 1;

/** The `reconnect` command: exit 0 when every stick reconnected, 4 when one did not. */
export function reconnectCommand() {
  return new Command("reconnect")
    .description("drop and re-establish the data link of sticks, printing their addresses")
    .argument("[sticks...]", 'the sticks\' names, as names.json has them ("gsm0")')
    .option("--all", "every stick names.json knows")
    .option("--timeout <ms>", "per stick, from hang-up to address", "30000")
    .option("--at-timeout <ms>", "per AT command", "3000")
    .option("--lock-timeout <ms>", "wait this long for a running apply to finish", "60000")
    .addHelpText(
      "after",
      `
With --root / the stick's dialer unit of its own kind is restarted (stickmode-ppp@, wvdial@ or
stickmode-ncm@, whose data call hangs up on stop and dials on start). Under another --root an
NCM stick gets AT^NDISDUP=1,0 then 1,1 on its PCUI port; a PPP stick cannot be reconnected there.
Exit codes: 0 every stick reconnected, 1 could not run, 4 some stick did not reconnect.

Examples:
  stickmode reconnect gsm0
  stickmode reconnect --all --json`,
    )
    .action(async (sticks, flags, command) => {
      const g = globalOptions(command);
      if (sticks.length > 0 === (flags.all === true)) {
        throw new ExpectedError("Cannot reconnect: name the sticks or give --all, not both");
      }
      const timeoutMs = parseMilliseconds("--timeout", flags.timeout, 1);
      const atTimeoutMs = parseMilliseconds("--at-timeout", flags.atTimeout, 1);
      const profile = (await loadProfile(g.profile)).profile;
      const lock = await acquireHostLock(pathUnder(g.root, "/run/stickmode.lock"), {
        timeoutMs: parseMilliseconds("--lock-timeout", flags.lockTimeout, 0),
        action: "reconnect",
      });
      const results: ReconnectResult[] = [];
      try {
        const names = flags.all === true ? knownStickNames(g.root) : sticks;
        const options = {
          root: g.root,
          sysfsRoot: g.sysfsRoot,
          devRoot: g.devRoot,
          lockDir: pathUnder(g.root, "/run/lock"),
          atTimeoutMs,
          timeoutMs,
          pollMs: 200,
        };
        for (const name of names) results.push(await reconnectStick(name, profile, options));
      } finally {
        lock.release();
      }
      console.log(
        g.json
          ? JSON.stringify({ version: RECONNECT_JSON_VERSION, sticks: results }, null, 2)
          : renderReconnectText(results),
      );
      if (results.some((r) => !r.ok)) throw new ExitCode(4);
    });
}

/** One line per stick: "gsm0 reconnected (at): 10.64.0.2/24 -> 10.64.0.3/24", or its error. */
export function renderReconnectText(results: readonly ReconnectResult[]): string {
  if (results.length === 0) return "No sticks to reconnect";
  const shown = (a: string | null) => a ?? "no address";
  return results.map((r) =>
    r.ok
      ? `${r.name} reconnected (${r.method}): ${shown(r.before)} -> ${shown(r.after)}`
      : `${r.name} not reconnected: ${r.error}`
  ).join("\n");
}
