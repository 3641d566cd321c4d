// `stickmode data-call <stick>`: the supervised NCM data call of one stick, run by its unit
// stickmode-ncm@<stick>.service. Dials, watches and re-dials forever; SIGTERM or SIGINT ends the
// call and exits 0. Log lines (one per event) go to stderr, for journald.

import { Command } from "@commander-js/extra-typings";
import { pathUnder } from "../ffi/path_under.ts";
import { loadProfile } from "../profile/load.ts";
import { findDataCallTarget, locateStick } from "../datacall/find_stick.ts";
import { runDataCall } from "../datacall/run_data_call.ts";
import { SUPERVISOR_DEFAULTS } from "../datacall/supervisor.ts";
import { globalOptions } from "./global_options.ts";
import { parseMilliseconds } from "./open_at_session.ts";

const D = SUPERVISOR_DEFAULTS;

/** The `data-call` command: start, supervise and (on SIGTERM/SIGINT) end one stick's NCM call. */
export function dataCallCommand() {
  return new Command("data-call")
    .description("run the supervised NCM data call of one stick (its stickmode-ncm@ unit runs it)")
    .argument("<stick>", 'the stick\'s name, as names.json has it ("gsm0")')
    .option("--at-timeout <ms>", "per AT command", "3000")
    .option("--watch-interval <ms>", "status check of an online call", String(D.watchIntervalMs))
    .option("--connect-timeout <ms>", "wait for the call to come up", String(D.connectTimeoutMs))
    .option("--connect-poll <ms>", "status check while connecting", String(D.connectPollMs))
    .option("--backoff-initial <ms>", "first wait before a re-dial", String(D.backoffInitialMs))
    .option("--backoff-max <ms>", "longest wait before a re-dial", String(D.backoffMaxMs))
    .option("--dhcp-restart", "ask systemd-networkd to configure the interface at each call")
    .option("--no-dhcp-restart", "never ask systemd-networkd (default: ask when --root is /)")
    .option(
      "--stable-period <ms>",
      "an online call this old resets the back-off",
      String(D.stableMs),
    )
    .addHelpText(
      "after",
      `
Finds the stick's USB port in names.json, its PCUI tty under --sysfs-root, its APN (password
from the profile's passwordFile or passwordEnv, never argv) and dials AT^NDISDUP. The PCUI port
is locked only for each exchange, so reconcile runs share it. Each time the call comes up,
"networkctl reconfigure" gets DHCP going at once (by default only with --root /). Exits 1 when
the stick is unknown, absent or shows no PCUI port (systemd restarts the unit).

Example:
  stickmode --profile /etc/stickmode/profile.yaml data-call gsm0`,
    )
    .action(async (name, flags, command) => {
      const g = globalOptions(command);
      const ms = (flag: string, value: string, min = 1) => parseMilliseconds(flag, value, min);
      const supervisor = {
        backoffInitialMs: ms("--backoff-initial", flags.backoffInitial),
        backoffMaxMs: ms("--backoff-max", flags.backoffMax),
        stableMs: ms("--stable-period", flags.stablePeriod),
        connectTimeoutMs: ms("--connect-timeout", flags.connectTimeout),
        connectPollMs: ms("--connect-poll", flags.connectPoll),
        watchIntervalMs: ms("--watch-interval", flags.watchInterval),
        maxUnanswered: D.maxUnanswered,
      };
      const profile = (await loadProfile(g.profile)).profile;
      const where = { root: g.root, sysfsRoot: g.sysfsRoot, devRoot: g.devRoot };
      const target = await findDataCallTarget(name, profile, where);
      const lockDir = pathUnder(g.root, "/run/lock");
      // Absent, or no tty answering AT: fail now, systemd restarts the unit.
      await locateStick(target, { ...where, lockDir });
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      const signals = ["SIGTERM", "SIGINT"] as const;
      for (const s of signals) Deno.addSignalListener(s, onSignal);
      try {
        await runDataCall(target, {
          ...where,
          lockDir,
          atTimeoutMs: ms("--at-timeout", flags.atTimeout),
          // Under another --root the host's networkd is not ours to touch, as apply's reloads.
          restartDhcp: flags.dhcpRestart ?? g.root === "/",
          supervisor,
          signal: stop.signal,
        });
      } finally {
        for (const s of signals) Deno.removeSignalListener(s, onSignal);
      }
    });
}
