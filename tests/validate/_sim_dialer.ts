// Fixture for the dialer validators: a simulated stick in modem mode on real ptys, the host files
// stickmode renders for it from a profile (the same path apply takes: profile -> stick settings
// -> host stick -> renderHostArtifacts), written under a temp root, with `<dir>/dev/gsm0` a
// symlink to the sim's modem pty, as udev's SYMLINK+="gsm0" would make it.

import { renderHostArtifacts } from "../../src/host/artifacts.ts";
import type { Stick } from "../../src/device/stick.ts";
import { resolveStickSettings } from "../../src/profile/resolve_stick_settings.ts";
import { hostSettingsFor, hostStickFor } from "../../src/reconcile/host_view.ts";
import { type CommandLogEntry, SimStick } from "../../src/sim/stick.ts";
import { parseProfile } from "../e2e/_fleet.ts";

export interface DialerSetup {
  sim: SimStick;
  /** Temp root: host files under it at their real paths (root + "/etc/wvdial.conf" ...). */
  root: string;
  /** Holds the `gsm0` symlink the generated files name as the modem. */
  deviceDir: string;
  /** Commands the sim's modem port read, in order. */
  modemCommands(): CommandLogEntry[];
  stop(): Promise<void>;
}

export interface DialerSetupOptions {
  kind: "wvdial" | "pppd";
  apn: string;
  /** APNs the simulated stick answers ERROR to in AT+CGDCONT=. */
  rejectApns?: string[];
}

const PORT_PATH = "1-3";

export function dialerProfileText(kind: "wvdial" | "pppd", apn: string): string {
  return `version: 1
defaults:
  portLayout: "FF;10,12"
  apn: { name: ${apn}, pdpType: IP }
  sim: { policy: none }
  dialer: { kind: ${kind}, baud: 460800, phone: "*99#", autoReconnect: true }
  udev: { namePrefix: gsm }
  systemd: { dialerService: true, reconcileTimer: "*:0/15", binaryPath: /usr/local/bin/stickmode }
sticks: []
`;
}

export async function startDialerSetup(options: DialerSetupOptions): Promise<DialerSetup> {
  const root = await Deno.makeTempDir({ prefix: "stickmode_" });
  const sim = SimStick.start({
    name: PORT_PATH,
    layout: "FF;10,12",
    latencyMs: 5,
    ...(options.rejectApns ? { rejectApns: options.rejectApns } : {}),
  });
  try {
    const deviceDir = `${root}/dev`;
    await Deno.mkdir(deviceDir);
    await Deno.symlink(sim.portPath("modem"), `${deviceDir}/gsm0`);
    const profile = parseProfile(dialerProfileText(options.kind, options.apn));
    const settings = resolveStickSettings(profile, { imei: sim.state.imei, portPath: PORT_PATH });
    const who = { name: "gsm0", imei: sim.state.imei, uplink: 0 };
    const host = hostStickFor(modemStick(), who, settings, null);
    if (host === null) throw new Error("The profile's layout has no modem port");
    const artifacts = renderHostArtifacts([host], {
      ...hostSettingsFor(profile, "/etc/stickmode/profile.yaml"),
      deviceDir,
    });
    for (const a of artifacts) {
      const path = root + a.path;
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(path, a.content, { mode: a.mode });
    }
    return {
      sim,
      root,
      deviceDir,
      modemCommands: () => sim.commandLog.filter((e) => e.role === "modem"),
      async stop() {
        await sim.stop();
        await Deno.remove(root, { recursive: true });
      },
    };
  } catch (e) {
    await sim.stop();
    await Deno.remove(root, { recursive: true });
    throw e;
  }
}

/** What discovery reports for an E3372 in modem mode with layout FF;10,12 on port 1-3. */
function modemStick(): Stick {
  return {
    portPath: PORT_PATH,
    idPath: "pci-0000:00:14.0-usb-0:3",
    vid: "12d1",
    pid: "1001",
    mode: "modem",
    manufacturer: "HUAWEI",
    product: "HUAWEI Mobile",
    serial: "0123456789ABCDEF",
    busnum: 1,
    devnum: 5,
    interfaces: [],
    ttys: [],
    netInterface: null,
  };
}

/** The single value of `key` in an INI-style `[section]` of `text` (wvdial.conf). */
export function iniValue(text: string, section: string, key: string): string {
  const start = text.indexOf(`[${section}]`);
  if (start < 0) throw new Error(`Cannot find section "[${section}]"`);
  const body = text.slice(start).split("\n").slice(1);
  const end = body.findIndex((l) => l.startsWith("["));
  const line = body.slice(0, end < 0 ? undefined : end)
    .find((l) => l.split("=")[0]?.trim() === key);
  if (line === undefined) throw new Error(`Cannot find "${key}" in section "[${section}]"`);
  return line.slice(line.indexOf("=") + 1).trim();
}
