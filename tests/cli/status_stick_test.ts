// `stickmode status NAME` (one stick in full, like mmcli -m): over the simulated fleet after an
// apply (identity, layout, SIM, APN, ports, udev names, host files, network read on the PCUI
// port only, nothing written), a storage-mode stick (no AT: what is known, exit 0), and an
// unknown name (exit 1, the known names listed).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { addStick, withTreeRoot } from "../device/_stick_tree.ts";
import { STICK_STATUS_FORMAT_VERSION, type StickDetail } from "../../src/cli/status_stick.ts";
import { fleetProfileText, parseProfile, runOptions, startFleet } from "../e2e/_fleet.ts";

Deno.test("stickmode status NAME shows one converged stick in full, reading only its PCUI port", async () => {
  const fleet = await startFleet();
  try {
    await runApply(runOptions(fleet, parseProfile(fleetProfileText(fleet))));
    const flags = ["--root", fleet.hostRoot, "--sysfs-root", fleet.sysfsRoot];
    const dev = ["--dev-root", fleet.devRoot];
    const before = fleet.commandLog().length;
    const r = await runMain([...flags, ...dev, "--json", "status", "gsm0"]);
    assertEquals(r.code, 0, r.stderr);
    const d: StickDetail = JSON.parse(r.stdout);
    assertEquals(d.formatVersion, STICK_STATUS_FORMAT_VERSION);
    assertEquals([d.name, d.connected, d.mode, d.readProblem], ["gsm0", true, "modem", null]);
    assertEquals(d.identity?.imei?.length, 15);
    assert(d.identity?.model, "model read");
    assert(d.portLayout !== null, "layout read");
    assertEquals(d.sim?.state, "READY");
    assert(d.apn !== null && d.apn.length > 0, "APN read");
    assertEquals(d.network?.registered, true);
    assertEquals(d.ports.map((p) => p.role).sort(), ["modem", "pcui"]);
    assertEquals(d.udevNames.map((u) => u.path), ["/dev/gsm0", "/dev/gsm0-at"]);
    const present = d.hostFiles.filter((f) => f.exists).map((f) => f.path);
    assert(present.length > 0, `host files of gsm0: ${JSON.stringify(d.hostFiles)}`);
    for (const p of present) await Deno.stat(`${fleet.hostRoot}${p}`);
    assertEquals(d.lastRun.outcome, "not recorded");
    assertEquals(d.lastRun.hostFiles, true);
    const asked = fleet.commandLog().slice(before);
    assert(asked.length > 0);
    assertEquals(asked.filter((e) => e.role !== "pcui"), [], "a read off the PCUI port");
    assertEquals(asked.filter((e) => e.class !== "read"), [], "status NAME wrote");

    const text = await runMain([...flags, ...dev, "status", "gsm0"]);
    assertEquals(text.code, 0, text.stderr);
    for (const heading of ["Identity", "Hardware", "SIM", "Ports", "Host files", "Last run"]) {
      assertStringIncludes(text.stdout, `\n${heading}\n`);
    }
    assertStringIncludes(text.stdout, `  imei `);
    assertStringIncludes(text.stdout, `…${d.identity!.iccid!.slice(-4)}`);
    assertStringIncludes(text.stdout, "READY");
    assert(/\n {2}outcome +not recorded\n/.test(text.stdout), text.stdout);
  } finally {
    await fleet.stop();
  }
});

Deno.test("stickmode status NAME shows a storage-mode stick without AT, and an unknown name fails", async () => {
  await withTreeRoot(async (root, dir) => {
    await addStick(root, "1-1", "storage");
    const host = `${dir}/host`;
    await Deno.mkdir(`${host}/var/lib/stickmode`, { recursive: true });
    const record = (name: string, uplink: number) => ({
      name,
      imei: "866785030000003",
      iccid: null,
      hostFiles: false,
      uplink,
      altSwitch: null,
    });
    await Deno.writeTextFile(
      `${host}/var/lib/stickmode/names.json`,
      JSON.stringify({ version: 2, ports: { "1-1": record("gsm3", 0), "1-9": record("gsm1", 1) } }),
      { mode: 0o600 },
    );
    const flags = ["--sysfs-root", root.sysfsRoot, "--dev-root", root.devRoot, "--root", host];
    const j = await runMain([...flags, "--json", "status", "gsm3"]);
    assertEquals(j.code, 0, j.stderr);
    const d: StickDetail = JSON.parse(j.stdout);
    assertEquals([d.connected, d.mode, d.usbId, d.readProblem], [
      true,
      "storage",
      "12d1:1f01",
      "storage mode: no AT port",
    ]);
    assertEquals([d.identity, d.sim, d.network], [null, null, null]);
    assertEquals(d.hostFiles.filter((f) => f.exists), []);
    assertStringIncludes(d.verdict ?? "", "storage mode");

    const t = await runMain([...flags, "status", "gsm3"]);
    assertEquals(t.code, 0, t.stderr);
    assertStringIncludes(
      t.stdout,
      `Stick "gsm3" on port 1-1\n  not read: storage mode: no AT port`,
    );

    const gone = await runMain([...flags, "--json", "status", "gsm1"]);
    assertEquals(gone.code, 0, gone.stderr);
    assertEquals(JSON.parse(gone.stdout).readProblem, "not connected");

    const bad = await runMain([...flags, "status", "gsm7"]);
    assertEquals(bad.code, 1);
    assertStringIncludes(
      bad.stderr,
      `Cannot show stick "gsm7": names.json knows no stick of that name (known: "gsm1", "gsm3")`,
    );
    assertEquals(bad.stdout, "");
  });
});
