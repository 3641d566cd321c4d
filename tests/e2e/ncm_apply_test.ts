// Apply against the simulator with an NCM stick beside a PPP one: each stick gets its own
// dialer kind's host files (the NCM stick its .link and .network files and data-call unit, the
// pppd stick its peer), and a second apply changes nothing.

import { assert, assertEquals } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import { parseProfile, runOptions, startFleet } from "./_fleet.ts";

const APN = [{ cid: 1, type: "IP" as const, apn: "web.pt.lu" }];

function profileText(defaults: string, override: string): string {
  return `version: 1
defaults:
${defaults}
  apn: { name: web.pt.lu, pdpType: IP }
sticks:
  - match: { portPath: "1-2" }
${override}
`;
}

async function read(root: string, path: string): Promise<string | null> {
  return await Deno.readTextFile(root + path).catch(() => null);
}

Deno.test("runApply() writes an NCM stick's network files and a per-stick pppd stick's peer", async () => {
  const fleet = await startFleet([
    { portPath: "1-1", start: "modem", firmware: "21", layout: "FF;10,12,16", apn: APN, index: 1 },
    { portPath: "1-2", start: "modem", firmware: "21", layout: "FF;10,12", apn: APN, index: 2 },
  ]);
  try {
    const profile = parseProfile(profileText(
      '  portLayout: "FF;10,12,16"\n  dialer: { kind: ncm }\n  routing: { perStickTable: true }',
      '    portLayout: "FF;10,12"\n    dialer: { kind: pppd }',
    ));
    const first = await runApply(runOptions(fleet, profile));
    const report = JSON.stringify(first.report, null, 1);
    assertEquals(first.report.sticks.map((s) => s.outcome), ["unchanged", "unchanged"], report);
    const root = fleet.hostRoot;
    const names = JSON.parse((await read(root, "/var/lib/stickmode/names.json"))!);
    const ncm = names.ports["1-1"];
    const ppp = names.ports["1-2"];
    assert(ncm?.name && ppp?.name, JSON.stringify(names));
    const link = await read(root, `/etc/systemd/network/10-stickmode-${ncm.name}.link`);
    assert(link !== null, report);
    assert(link.includes(`Name=ww${ncm.name}\n`), link);
    assert(/^Path=pci-[^\n]*-usb-0:1:1\.2$/m.test(link), link);
    const network = await read(root, `/etc/systemd/network/10-stickmode-${ncm.name}.network`);
    const uplink: number = ncm.uplink;
    assert(
      network?.includes(`RouteMetric=${2000 + uplink}\nRouteTable=${1000 + uplink}\n`),
      network!,
    );
    assert(await read(root, "/etc/systemd/system/stickmode-ncm@.service") !== null);
    const peer = await read(root, `/etc/ppp/peers/stickmode-${ppp.name}`);
    assert(peer !== null, "the pppd stick's own kind is honoured");
    assertEquals(await read(root, `/etc/ppp/peers/stickmode-${ncm.name}`), null);
    assertEquals(await read(root, "/etc/stickmode/wvdial.conf"), null);
    const rules = (await read(root, "/etc/udev/rules.d/70-stickmode.rules"))!;
    assert(rules.includes(`ENV{SYSTEMD_WANTS}+="stickmode-ncm@${ncm.name}.service"`), rules);
    assert(rules.includes(`ENV{SYSTEMD_WANTS}+="stickmode-ppp@${ppp.name}.service"`), rules);

    const second = await runApply(runOptions(fleet, profile));
    assertEquals([second.changed, second.writes], [false, 0]);
  } finally {
    await fleet.stop();
  }
});

Deno.test("runApply() honours a per-stick dialer kind over the defaults' one", async () => {
  // The regression: before the kind was per stick, this stick got a wvdial.conf section.
  const fleet = await startFleet([
    { portPath: "1-1", start: "modem", firmware: "21", layout: "FF;10,12", apn: APN, index: 1 },
    { portPath: "1-2", start: "modem", firmware: "21", layout: "FF;10,12", apn: APN, index: 2 },
  ]);
  try {
    const profile = parseProfile(
      profileText("  dialer: { kind: wvdial }", "    dialer: { kind: pppd }"),
    );
    await runApply(runOptions(fleet, profile));
    const root = fleet.hostRoot;
    const conf = (await read(root, "/etc/stickmode/wvdial.conf"))!;
    const sections = [...conf.matchAll(/^\[Dialer (.+)\]$/gm)].map((m) => m[1])
      .filter((s) => s !== "Defaults");
    assertEquals(sections.length, 1, conf);
    const peers = [...Deno.readDirSync(`${root}/etc/ppp/peers`)].map((e) => e.name);
    assertEquals(peers.length, 1);
    assert(!sections.includes(peers[0]!.replace("stickmode-", "")), "one kind per stick");
  } finally {
    await fleet.stop();
  }
});

Deno.test("runApply() moves a stick from pppd to NCM to wvdial, each apply removing the old kind's files", async () => {
  const fleet = await startFleet([
    { portPath: "1-1", start: "modem", firmware: "21", layout: "FF;10,12,16", apn: APN, index: 1 },
  ]);
  try {
    const root = fleet.hostRoot;
    const apply = async (kind: string) => {
      const text = `version: 1\ndefaults:\n  portLayout: "FF;10,12,16"\n` +
        `  apn: { name: web.pt.lu, pdpType: IP }\n  dialer: { kind: ${kind} }\n`;
      const outcome = await runApply(runOptions(fleet, parseProfile(text)));
      return outcome.report.files.filter((f) => f.action === "remove").map((f) => f.path);
    };
    await apply("pppd");
    assert(await read(root, "/etc/ppp/peers/stickmode-gsm0") !== null);
    assertEquals(await apply("ncm"), [
      "/etc/chatscripts/stickmode-gsm0",
      "/etc/ppp/peers/stickmode-gsm0",
      "/etc/systemd/system/stickmode-ppp@.service",
    ]);
    assert(await read(root, "/etc/systemd/network/10-stickmode-gsm0.link") !== null);
    assertEquals(await apply("wvdial"), [
      "/etc/systemd/network/10-stickmode-gsm0.link",
      "/etc/systemd/network/10-stickmode-gsm0.network",
      "/etc/systemd/system/stickmode-ncm@.service",
    ]);
    assert((await read(root, "/etc/stickmode/wvdial.conf"))?.includes("[Dialer gsm0]"));
    assertEquals(await apply("ncm"), [
      "/etc/stickmode/wvdial.conf",
      "/etc/systemd/system/stickmode-dialer@.service",
    ]);
  } finally {
    await fleet.stop();
  }
});
