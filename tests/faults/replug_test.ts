// A stick that leaves the bus in the middle of an apply: unplugged and back on other tty numbers
// (the next run finds it on its USB port and converges under the same stable name), and one that
// never comes back after AT^RESET (the wait ends at --reenumeration-timeout with a clear error).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { readStickAt } from "../../src/device/sysfs.ts";
import { runMain } from "../run_cli.ts";
import {
  afterCommand,
  captureLogs,
  fastRunOptions,
  faultProfileText,
  fleetFlags,
  injectAfter,
  lockFiles,
  modemStick,
  parseProfile,
  startFaultFleet,
  writeProfile,
} from "./_harness.ts";

Deno.test("runApply() after a stick was unplugged mid-apply finds it on new ttys and converges under its name", async () => {
  const fleet = await startFaultFleet([modemStick("1-1", 1), modemStick("1-2", 2)]);
  const logs = captureLogs();
  try {
    const moved = fleet.stick("1-1");
    const oldTtys = (await readStickAt(fleet, "1-1"))?.ttys.map((t) => t.name) ?? [];
    assertEquals(oldTtys.length, 2);
    // Pulled out during the write that follows the observation (its echo and half an answer got
    // out); while it is away another device takes its ttys.
    injectAfter(moved.sim, "AT+CGDCONT?", "reset-mid-command");
    moved.sim.addEventListener(
      "reset",
      () =>
        void fleet.settled().then(() =>
          Promise.all(oldTtys.map((n) => Deno.writeTextFile(`${fleet.devRoot}/${n}`, "")))
        ),
    );
    const profile = parseProfile(faultProfileText(fleet));
    const first = await runApply(fastRunOptions(fleet, profile));
    const gone = first.report.sticks[0];
    assertEquals(gone?.outcome, "failed", JSON.stringify(gone, null, 1));
    assertStringIncludes(gone?.error ?? "", "stick 1-1: set-apn: ");
    assertEquals(gone?.before.ttys.map((t) => t.name), oldTtys);
    assertEquals(first.report.sticks[1]?.outcome, "changed");
    const namesIn = async () =>
      Object.entries(
        JSON.parse(await Deno.readTextFile(`${fleet.hostRoot}/var/lib/stickmode/names.json`))
          .ports,
      ).map(([port, r]) => [port, (r as { name: string }).name]);
    const names = await namesIn();

    await fleet.settled();
    const deadline = performance.now() + 3000;
    while (moved.mode !== "modem") {
      assert(performance.now() < deadline, "the stick came back");
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = await runApply(fastRunOptions(fleet, profile));
    const back = second.report.sticks[0];
    assertEquals(back?.outcome, "changed", JSON.stringify(back));
    assertEquals(back?.name, "gsm0", "the name stays with the USB port");
    assertEquals(back?.after.apn, "IP web.pt.lu");
    const newTtys = back?.after.ttys.map((t) => t.name) ?? [];
    assertEquals(newTtys.length, 2);
    for (const t of newTtys) assert(!oldTtys.includes(t), `back on other ttys: ${newTtys}`);
    assertEquals(await namesIn(), names, "names unchanged");
    const rules = await Deno.readTextFile(`${fleet.hostRoot}/etc/udev/rules.d/70-stickmode.rules`);
    assertStringIncludes(rules, 'SYMLINK+="gsm0"');
    assertEquals(await lockFiles(fleet), []);
    const third = await runApply(fastRunOptions(fleet, profile));
    assertEquals(third.changed, false);
  } finally {
    logs.stop();
    await fleet.stop();
  }
});

Deno.test("apply gives up on a stick that never comes back after AT^RESET at --reenumeration-timeout", async () => {
  // FF;12,10 must become FF;10,12: AT^SETPORT=, then AT^RESET, then the wait.
  const fleet = await startFaultFleet([
    modemStick("1-1", 1, { layout: "FF;12,10" }),
    modemStick("1-2", 2),
  ]);
  try {
    const lost = fleet.stick("1-1").sim;
    lost.addEventListener("reset", () => void lost.stop()); // dead after the reboot
    const profile = await writeProfile(fleet, faultProfileText(fleet));
    const r = await runMain([
      ...fleetFlags(fleet, profile),
      "--json",
      "apply",
      "--at-timeout",
      "600",
      "--reenumeration-timeout",
      "1500",
    ]);
    assertEquals(r.code, 4, r.stderr);
    assert(!r.stderr.includes("    at "), `no stack trace:\n${r.stderr}`);
    const report = JSON.parse(r.stdout);
    const [dead, alive] = report.sticks;
    assertEquals(dead.outcome, "failed");
    assertEquals(
      dead.error,
      'stick 1-1: reset: Cannot find the stick at port "1-1" in a serial mode after AT^RESET: ' +
        "not there within 1500 ms (last seen absent)",
    );
    const reset = dead.steps.find((s: { action: string }) => s.action === "reset");
    assert(reset.ms >= 1500 && reset.ms < 3000, `the wait is bounded: ${reset.ms} ms`);
    assertEquals(alive.outcome, "changed");
    const rules = await Deno.readTextFile(`${fleet.hostRoot}/etc/udev/rules.d/70-stickmode.rules`);
    assertStringIncludes(rules, 'SYMLINK+="gsm1"');
    assert(!rules.includes('SYMLINK+="gsm0"'), `no rule for the lost stick:\n${rules}`);
  } finally {
    await fleet.stop();
  }
});

Deno.test("runApply() reconciles a stick plugged in while the run worked on another", async () => {
  const fleet = await startFaultFleet([
    modemStick("1-1", 1),
    modemStick("1-2", 2, { pluggedAtStart: false }),
  ]);
  const logs = captureLogs();
  try {
    // Plugged in after the run's discovery: its udev start would merge into this very run.
    afterCommand(fleet.stick("1-1").sim, "AT+CGDCONT?", () => void fleet.stick("1-2").plugIn());
    const out = await runApply(fastRunOptions(fleet, parseProfile(faultProfileText(fleet))));
    assertEquals(out.report.sticks.map((s) => [s.portPath, s.outcome]), [
      ["1-1", "changed"],
      ["1-2", "changed"],
    ]);
    const rules = await Deno.readTextFile(`${fleet.hostRoot}/etc/udev/rules.d/70-stickmode.rules`);
    assertStringIncludes(rules, 'SYMLINK+="gsm1"');
  } finally {
    logs.stop();
    await fleet.stop();
  }
});
