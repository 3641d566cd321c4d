// The dialer kind is per stick: a render writes each kind's files for its own sticks, and a stick
// switched from PPP to NCM (or back) loses the old kind's files on the next sync, real files
// under a temp root.

import { renderHostArtifacts } from "../../src/host/artifacts.ts";
import { InvalidHostInputError } from "../../src/host/host_input.ts";
import type { HostStick } from "../../src/host/host_stick.ts";
import { planHostSync, syncArtifacts } from "../../src/host/sync.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { assert, assertEquals, assertThrows } from "../assert.ts";
import { ncmStick, ofKind, ONE_STICK, settings, stick, TWO_IDENTICAL } from "./sticks.ts";
import { ONE_NCM, TWO_NCM } from "./sticks_ncm.ts";

configureLogger({ level: "warn" });

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("renderHostArtifacts() for an NCM fleet writes network files and the ncm unit only", () => {
  const summary = renderHostArtifacts(TWO_NCM, settings({ dialerKind: "ncm" }))
    .map((a) => [a.path, a.reload]);
  assertEquals(summary, [
    ["/etc/systemd/network/10-stickmode-gsm0.link", "link"],
    ["/etc/systemd/network/10-stickmode-gsm0.network", "network"],
    ["/etc/systemd/network/10-stickmode-gsm1.link", "link"],
    ["/etc/systemd/network/10-stickmode-gsm1.network", "network"],
    ["/etc/systemd/system/stickmode-ncm@.service", "systemd"],
    ["/etc/systemd/system/stickmode-reconcile.service", "systemd"],
    ["/etc/systemd/system/stickmode-reconcile.timer", "systemd"],
    ["/etc/systemd/system/stickmode-reconcile@.service", "systemd"],
    ["/etc/udev/rules.d/70-stickmode.rules", "udev"],
  ]);
});

Deno.test("renderHostArtifacts() gives each stick its own kind's files and one template per kind", () => {
  const mixed = [
    stick({ name: "gsm0" }),
    ncmStick({ name: "gsm1", portPath: "1-4", idPath: "pci-0000:00:14.0-usb-0:4", uplink: 1 }),
  ];
  const artifacts = renderHostArtifacts(mixed, settings());
  const byPath = new Map(artifacts.map((a) => [a.path, a.content]));
  assertEquals([...byPath.keys()].filter((p) => !p.includes("reconcile")), [
    "/etc/stickmode/wvdial.conf",
    "/etc/systemd/network/10-stickmode-gsm1.link",
    "/etc/systemd/network/10-stickmode-gsm1.network",
    "/etc/systemd/system/stickmode-dialer@.service",
    "/etc/systemd/system/stickmode-ncm@.service",
    "/etc/udev/rules.d/70-stickmode.rules",
  ]);
  const conf = byPath.get("/etc/stickmode/wvdial.conf")!;
  assert(conf.includes("[Dialer gsm0]") && !conf.includes("[Dialer gsm1]"), conf);
  const rules = byPath.get("/etc/udev/rules.d/70-stickmode.rules")!;
  assert(rules.includes('ENV{SYSTEMD_WANTS}+="stickmode-dialer@gsm0.service"'), rules);
  assert(rules.includes('ENV{SYSTEMD_WANTS}+="stickmode-ncm@gsm1.service"'), rules);
  assert(!rules.includes("stickmode-dialer@gsm1"), "the NCM stick's tty starts no PPP dialer");
});

Deno.test("renderUdevRules() links an NCM stick without a modem port by its AT port only", () => {
  const pcuiOnly = ncmStick({ name: "gsm0", modemInterface: null, atInterface: "00" });
  const rules = renderHostArtifacts([{ ...pcuiOnly, ncmInterface: "01" }], settings())
    .find((a) => a.path.endsWith(".rules"))!.content;
  assert(rules.includes('ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.0", SYMLINK+="gsm0-at"'));
  assert(!rules.includes('SYMLINK+="gsm0",'), rules);
  assert(rules.includes('ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.1", ENV{ID_MM_DEVICE_IGNORE}'));
});

Deno.test("syncArtifacts() switching a stick from pppd to NCM removes its peer, chat script and unit", async () => {
  await withRoot(async (root) => {
    const ppp = ofKind(ONE_STICK, "pppd");
    await syncArtifacts(renderHostArtifacts(ppp, settings({ dialerKind: "pppd" })), {
      root,
      reload: false,
    });
    assert(await exists(`${root}/etc/ppp/peers/stickmode-gsm0`));
    const ncm = renderHostArtifacts(ONE_NCM, settings({ dialerKind: "ncm" }));
    const plan = planHostSync(ncm, { root });
    assertEquals(plan.reloads, ["udev", "link", "systemd", "network"]);
    const result = await syncArtifacts(ncm, { root, reload: false });
    const by = (action: string) =>
      result.changes.filter((c) => c.action === action).map((c) => c.path);
    assertEquals(by("remove"), [
      "/etc/chatscripts/stickmode-gsm0",
      "/etc/ppp/peers/stickmode-gsm0",
      "/etc/systemd/system/stickmode-ppp@.service",
    ]);
    assertEquals(by("create"), [
      "/etc/systemd/network/10-stickmode-gsm0.link",
      "/etc/systemd/network/10-stickmode-gsm0.network",
      "/etc/systemd/system/stickmode-ncm@.service",
    ]);
    for (const gone of by("remove")) assert(!(await exists(root + gone)), gone);
    // Converged: nothing to write, nothing to reload.
    assertEquals(planHostSync(ncm, { root }).reloads, []);
    assertEquals((await syncArtifacts(ncm, { root, reload: false })).writes, 0);
  });
});

Deno.test("syncArtifacts() switching a stick from NCM back to wvdial removes its network files", async () => {
  await withRoot(async (root) => {
    await syncArtifacts(renderHostArtifacts(ONE_NCM, settings({ dialerKind: "ncm" })), {
      root,
      reload: false,
    });
    const result = await syncArtifacts(renderHostArtifacts(ONE_STICK, settings()), {
      root,
      reload: false,
    });
    const removed = result.changes.filter((c) => c.action === "remove")
      .map((c) => [c.path, c.reload]);
    assertEquals(removed, [
      ["/etc/systemd/network/10-stickmode-gsm0.link", "link"],
      ["/etc/systemd/network/10-stickmode-gsm0.network", "network"],
      ["/etc/systemd/system/stickmode-ncm@.service", "systemd"],
    ]);
    assert(await exists(`${root}/etc/stickmode/wvdial.conf`));
    assert(!(await exists(`${root}/etc/systemd/network/10-stickmode-gsm0.link`)));
  });
});

Deno.test("syncArtifacts() reloads networkd only for a changed .network, udev links only for a changed .link", async () => {
  await withRoot(async (root) => {
    const s = settings({ dialerKind: "ncm" });
    await syncArtifacts(renderHostArtifacts(ONE_NCM, s), { root, reload: false });
    const remetric = [{ ...ONE_NCM[0]!, routing: { metric: 3000, table: null } }];
    assertEquals(planHostSync(renderHostArtifacts(remetric, s), { root }).reloads, ["network"]);
    const newImei = [{ ...ONE_NCM[0]!, imei: "861234567891111" }];
    // The IMEI shows in every file's comment; only the .link's MAC needs udev.
    assertEquals(planHostSync(renderHostArtifacts(newImei, s), { root }).reloads, [
      "udev",
      "link",
      "network",
    ]);
  });
});

function refused(sticks: HostStick[], pattern: RegExp): void {
  const e = assertThrows(() => renderHostArtifacts(sticks, settings()), InvalidHostInputError);
  assert(pattern.test(e.message), e.message);
}

Deno.test("renderHostArtifacts() refuses two NCM sticks with one metric or one table, naming both", () => {
  const [a, b] = [TWO_NCM[1]!, TWO_NCM[0]!];
  refused(
    [a, { ...b, routing: { metric: a.routing.metric, table: null } }],
    /^Cannot use the fleet: route metric "2000" is used by sticks "gsm0" and "gsm1"$/,
  );
  refused(
    [{ ...a, routing: { metric: 1, table: 7 } }, { ...b, routing: { metric: 2, table: 7 } }],
    /^Cannot use the fleet: routing table "7" is used by sticks "gsm0" and "gsm1"$/,
  );
  refused(
    [{ ...a, routing: { metric: 1, table: 254 } }],
    /^Cannot use routing table "254" of stick "gsm0": the kernel reserves it$/,
  );
  // PPP sticks carry no routes: the same numbers are no conflict there.
  renderHostArtifacts(ofKind(TWO_IDENTICAL, "pppd"), settings());
});

Deno.test("renderHostArtifacts() refuses an NCM stick its layout or name cannot carry", () => {
  refused(
    [ncmStick({ name: "gsm0", ncmInterface: null })],
    /^Cannot use stick "gsm0" with the ncm dialer: its port layout has no NCM port$/,
  );
  refused(
    [ncmStick({ name: "gsm0", atInterface: null })],
    /^Cannot use stick "gsm0" with the ncm dialer: its port layout has no AT \(PCUI\) port$/,
  );
  refused(
    [ncmStick({ name: "gsm0", ncmInterface: "01" })],
    /^Cannot use the interfaces of stick "gsm0": AT and NCM port are both "01"$/,
  );
  refused([ncmStick({ name: "an-uplink-name" })], /at most 13 characters for an NCM stick/);
  refused(
    [stick({ name: "gsm0", modemInterface: null })],
    /^Cannot use stick "gsm0" with the wvdial dialer: its port layout has no modem port$/,
  );
});
