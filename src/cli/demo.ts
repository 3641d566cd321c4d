// `stickmode demo`: the whole job against a simulated mixed fleet (HiLink, CD-ROM, converged,
// 22.x firmware) in a temp root: status, plan, apply, a second apply that changes nothing, and
// the host files written. The README's main command while no real stick is attached.

import { Command } from "@commander-js/extra-typings";
import { pathUnder } from "../ffi/path_under.ts";
import { globalOptions } from "./global_options.ts";
import { renderApplyText, renderPlanText } from "./render_report.ts";
import { runStatus } from "./status.ts";
import { configureLogger } from "../log/logger.ts";
import { SimFleet } from "../sim/fleet.ts";
import { DEMO_FLEET, demoProfileText } from "../sim/demo_fleet.ts";
import { parseProfileText } from "../profile/load.ts";
import { simulatedRunOptions } from "../reconcile/run_options.ts";
import { runPlan } from "../reconcile/run_plan.ts";
import { runApply } from "../reconcile/run_apply.ts";
import { ExpectedError } from "../errors/expected.ts";
import { LIBUSB_ENV } from "../device/usb/libusb.ts";
import { buildFakeLibusb, FAKE_LIBUSB_ENV } from "../sim/fake_libusb.ts";

/** The `demo` command: plan and apply against a simulated fleet in a temp root. */
export function demoCommand() {
  return new Command("demo")
    .description("run plan and apply against a simulated fleet in a temp root")
    .option("--keep", "keep the temp root (sysfs, dev and host files) and print its path")
    .addHelpText(
      "after",
      `
Four simulated sticks: an E3372 in HiLink mode, an E3272 in CD-ROM mode, one already
provisioned, and the guide's E3272 on HiLink firmware 22.x, which refuses AT^SETPORT: it is
rebooted into CD-ROM mode and switched with AltMode into its volatile serial + NCM personality
(the host re-sends that switch at every plug). Real ptys, real HTTP on loopback, real files under
the temp root; the agent's libusb reaches the simulated sticks through a fake libusb built with
the host's C compiler.

Examples:
  stickmode demo
  stickmode demo --json
  stickmode demo --keep`,
    )
    .action(async (flags, command) => {
      const g = globalOptions(command);
      // The simulated sticks' network interfaces do not exist on this host: quiet that warning.
      configureLogger({ level: g.logLevel === "info" ? "error" : g.logLevel });
      const out = await runDemo({ json: g.json, keep: flags.keep === true, color: g.color.stdout });
      console.log(out);
    });
}

/**
 * Runs plan then apply against a simulated fleet in a temp root, removed afterwards unless `keep`.
 *
 * @returns The two reports (text or JSON), and the root's path when kept.
 * @throws {ExpectedError} When the built-in demo profile does not load.
 */
export async function runDemo(
  options: { json: boolean; keep: boolean; color: boolean },
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_demo_" });
  // The agent's own libusb code sends the 22.x stick's AltMode switch; a simulated stick is
  // reached through the simulator's fake libusb, which needs a C compiler to build.
  await Deno.mkdir(`${dir}/usb`);
  const fakeLibusb = await buildFakeLibusb(`${dir}/usb`).catch(() => null);
  const usb = { devicesFile: `${dir}/usb/devices`, logFile: `${dir}/usb/calls.log` };
  const fleet = await SimFleet.start({
    sticks: [...DEMO_FLEET],
    systemModeswitchDelayMs: 1500,
    ...(fakeLibusb === null ? {} : { fakeLibusb: usb }),
    dir,
  });
  const env = fakeLibusb === null ? {} : {
    [LIBUSB_ENV]: fakeLibusb,
    [FAKE_LIBUSB_ENV.devices]: usb.devicesFile,
    [FAKE_LIBUSB_ENV.log]: usb.logFile,
  };
  const saved = Object.keys(env).map((k) => [k, Deno.env.get(k)] as const);
  for (const [k, v] of Object.entries(env)) Deno.env.set(k, v);
  const say = (text: string) => options.json || console.log(text);
  try {
    if (fakeLibusb === null) {
      say(
        "No C compiler (cc, gcc): the simulated sticks get no fake libusb, so the 22.x stick's " +
          "AltMode switch cannot reach it and it ends failed.",
      );
    }
    const profileText = demoProfileText(fleet.sticks);
    const profilePath = pathUnder(fleet.hostRoot, "/etc/stickmode/profile.yaml");
    await Deno.mkdir(pathUnder(fleet.hostRoot, "/etc/stickmode"), { recursive: true });
    await Deno.writeTextFile(profilePath, profileText, { mode: 0o600 });
    const parsed = parseProfileText(profileText, profilePath, 0o600);
    if (!parsed.ok) {
      throw new ExpectedError(`Cannot load the demo profile: ${parsed.problems[0]?.message}`);
    }
    const base = simulatedRunOptions(fleet, parsed.profile, {
      onStep: (port, description) =>
        options.json || console.error(`-> stick ${port}: ${description}`),
    });
    const heading = (t: string) => say(options.color ? `\n\x1b[1m== ${t}\x1b[0m` : `\n== ${t}`);

    heading(`Simulated fleet: ${fleet.sticks.length} sticks (sysfs ${fleet.sysfsRoot})`);
    const roots = { sysfsRoot: fleet.sysfsRoot, devRoot: fleet.devRoot, root: fleet.hostRoot };
    say(await runStatus({ ...roots, json: false }));
    heading("stickmode plan");
    say(renderPlanText((await runPlan(base)).report));
    heading("stickmode apply");
    const first = await runApply(base);
    say(renderApplyText(first.report));
    heading("stickmode apply, again: nothing to do");
    const writesBefore = fleet.writes().length;
    const second = await runApply(base);
    say(renderApplyText(second.report));
    say(
      `Second run: ${second.writes} host file writes, ${fleet.writes().length - writesBefore} ` +
        "writing AT commands.",
    );
    heading(`Host files under ${fleet.hostRoot}`);
    for (const f of first.report.files) say(`  ${f.mode} ${f.path}`);
    const networks = first.report.files.map((f) => f.path).filter((p) => p.endsWith(".network"));
    for (
      const path of [
        "/etc/udev/rules.d/70-stickmode.rules",
        "/etc/stickmode/wvdial.conf",
        ...networks,
      ]
    ) {
      heading(path);
      say((await Deno.readTextFile(pathUnder(fleet.hostRoot, path))).trimEnd());
    }
    if (options.keep) say(`\nKept the simulated host under ${dir}`);
    return options.json ? JSON.stringify(first.report, null, 2) : "";
  } finally {
    for (const [k, v] of saved) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    await fleet.stop();
    if (!options.keep) await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
