// The NCM benchmark's lab: a host network namespace (tests/net/_netns.ts, never the machine's
// own), a simulated fleet of converged NCM sticks whose real interfaces land in it, the host
// files one `apply` writes for them, the real systemd-networkd on those files, and per stick
// what udev and systemd would do at a plug: apply the stick's .link file (name and MAC, by
// `ip link set`: udev does not run here) and start its data-call unit's command.

import { SimFleet } from "../src/sim/fleet.ts";
import type { FleetStickSpec } from "../src/sim/fleet_stick.ts";
import { configureLogger } from "../src/log/logger.ts";
import type { RunOptions } from "../src/reconcile/run_options.ts";
import { benchApplyOptions } from "./apply_options.ts";
import { mustRun, NetLab, netnsSkipReason } from "../tests/net/_netns.ts";
import { type Networkd, startNetworkd } from "../tests/net/_netns_daemons.ts";
import { cliArgs } from "../tests/run_cli.ts";

/** The NCM sticks' simulated delays: AT answer, and AT^NDISDUP's OK to ^NDISSTAT: 1. */
export interface NcmDelays {
  latencyMs: number;
  connectDelayMs: number;
}

/** LTE attach and the PDP context of the data call take 2-3 s in field reports; 20 ms per AT
 * answer as in the HiLink bench. */
export const NCM_DELAYS: NcmDelays = { latencyMs: 20, connectDelayMs: 2500 };

/** The simulated interface's carrier (NcmNetworkOptions.carrier). */
export type NcmCarrier = "always" | "call";

/** Why this machine cannot run the NCM bench (root, ip, dnsmasq, networkd ...), or null. */
export function ncmSkipReason(): string | null {
  const why = netnsSkipReason("NCM plug to online");
  return why === null ? null : why.replace(/^.*?: skipped \((.*)\)$/, "skipped: $1");
}

/** N E3372s on stick firmware 21.x, converged for NCM: modem mode, layout FF;12,16, APN set. */
export function ncmFleetSpecs(count: number, delays: NcmDelays): FleetStickSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    portPath: `1-${1 + Math.floor(i / 7)}.${1 + (i % 7)}`,
    start: "modem",
    firmware: "21",
    layout: "FF;12,16",
    apn: [{ cid: 1, type: "IP", apn: "web.pt.lu" }],
    index: i + 1,
    latencyMs: delays.latencyMs,
    connectDelayMs: delays.connectDelayMs,
  }));
}

/** The guide's APN with `dialer.kind: ncm` (docs/profile.md#dialer). */
export function ncmProfileText(): string {
  return `version: 1
defaults:
  portLayout: "FF;12,16"
  apn: { name: web.pt.lu, pdpType: IP }
  sim: { policy: none }
  dialer: { kind: ncm }
  udev: { namePrefix: gsm }
  systemd: { dialerService: true, reconcileTimer: "*:0/15", binaryPath: /usr/local/bin/stickmode }
sticks: []
`;
}

/** What a stick's .link file asks udev to do to the interface on its port. */
export interface LinkSetting {
  stick: string;
  portPath: string;
  name: string;
  mac: string;
}

/** The lab of one measurement; dispose() removes everything it made. */
export interface NcmLab {
  lab: NetLab;
  /** The host's network namespace (the sticks' interfaces once named, networkd, the calls). */
  hostNetns: string;
  /** Where the simulated kernel creates a stick's interface, before udev's .link step moves it
   * into hostNetns: networkd sees it only once named, as on a host, where networkd leaves a new
   * link alone until udev has initialized (renamed) it. */
  plugNetns: string;
  fleet: SimFleet;
  profilePath: string;
  /** `apply` with the CLI's defaults and --no-reload, against the fleet. */
  applyOptions: RunOptions;
  /** By USB port path. */
  links: Map<string, LinkSetting>;
  networkd: Networkd | null;
  startNetworkd(): Promise<void>;
  dispose(): Promise<void>;
}

/** Makes the lab; the sticks are plugged (the caller's apply needs them), networkd not started. */
export async function startNcmLab(
  count: number,
  delays: NcmDelays,
  carrier: NcmCarrier = "always",
): Promise<NcmLab> {
  const lab = await NetLab.create();
  let fleet: SimFleet | null = null;
  try {
    const hostNetns = await lab.namespace("host");
    const plugNetns = await lab.namespace("plug");
    const shm = await Deno.stat("/dev/shm").then((s) => s.isDirectory).catch(() => false);
    const dir = await Deno.makeTempDir({
      prefix: "stickmode_bench_ncm_",
      ...(shm ? { dir: "/dev/shm" } : {}),
    });
    fleet = await SimFleet.start({
      sticks: ncmFleetSpecs(count, delays),
      dir,
      ncmNetwork: { hostNetns: plugNetns, carrier },
    }).catch(async (e) => {
      await Deno.remove(dir, { recursive: true });
      throw e;
    });
    configureLogger({ level: "error" });
    const { profilePath, options: applyOptions } = await benchApplyOptions(fleet, ncmProfileText());
    const self: NcmLab = {
      lab,
      hostNetns,
      plugNetns,
      fleet,
      profilePath,
      applyOptions,
      links: new Map(),
      networkd: null,
      async startNetworkd() {
        self.links = await readLinkFiles(`${fleet!.hostRoot}/etc/systemd/network`);
        self.networkd = await startNetworkd(lab, hostNetns, {}, {
          networkDir: `${fleet!.hostRoot}/etc/systemd/network`,
        });
      },
      async dispose() {
        // Each step is tried; the first failure is thrown once the lab is gone.
        const steps = await Promise.allSettled([
          self.networkd?.stop(),
          fleet!.stop().then(() => Deno.remove(dir, { recursive: true })),
        ]);
        await lab.dispose();
        const failed = steps.find((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failed) throw failed.reason;
      },
    };
    return self;
  } catch (e) {
    await fleet?.stop().catch(() => undefined);
    await lab.dispose();
    throw e;
  }
}

/** The Name= and MACAddress= of each 10-stickmode-<stick>.link file, by the port its header
 * names ("# Stick gsm0: port 1-1.1, ..."). */
export async function readLinkFiles(dir: string): Promise<Map<string, LinkSetting>> {
  const out = new Map<string, LinkSetting>();
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".link")) continue;
    const text = await Deno.readTextFile(`${dir}/${entry.name}`);
    const head = /^# Stick (\S+): port ([0-9.-]+),/m.exec(text);
    const name = /^Name=(\S+)$/m.exec(text)?.[1];
    const mac = /^MACAddress=(\S+)$/m.exec(text)?.[1];
    if (!head || !name || !mac) {
      throw new Error(`Cannot read "${dir}/${entry.name}": no stick header, Name= or MACAddress=`);
    }
    out.set(head[2]!, { stick: head[1]!, portPath: head[2]!, name, mac });
  }
  return out;
}

/** What udev's net_setup_link does with the stick's .link file, done with ip: the kernel's name
 * becomes Name=, the shared MAC MACAddress= (the interface is still down, as at a real add);
 * then the interface moves from the plug namespace into the host's. */
export async function applyLink(lab: NcmLab, kernelName: string, link: LinkSetting): Promise<void> {
  const step = `apply the .link file of "${link.stick}" to "${kernelName}"`;
  const set = ["ip", "-n", lab.plugNetns, "link", "set", "dev"];
  // Two runs: in one, the kernel would move the link first and rename it in the host's sight.
  await mustRun([...set, kernelName, "name", link.name, "address", link.mac], step);
  await mustRun([...set, link.name, "netns", lab.hostNetns], step);
}

/** The command stickmode-ncm@<stick>.service runs, as deno.json's start task ships it, beside
 * the lab's networkd (its namespaces: the host's network, the private /run its dbus lives in,
 * as a unit on a host shares them), with --dhcp-restart, which a unit at --root / has by
 * default; stderr (its log) piped. */
export function spawnDataCall(
  lab: NcmLab,
  stick: string,
): { child: Deno.ChildProcess; signal(signal: Deno.Signal): Promise<void> } {
  const { fleet, networkd } = lab;
  if (networkd === null) throw new Error(`Cannot start the data call of "${stick}": no networkd`);
  const started = networkd.spawnBeside([
    Deno.execPath(),
    ...cliArgs([
      "--profile",
      lab.profilePath,
      "--root",
      fleet.hostRoot,
      "--sysfs-root",
      fleet.sysfsRoot,
      "--dev-root",
      fleet.devRoot,
      "data-call",
      stick,
      "--dhcp-restart",
    ]),
  ]);
  started.child.stdout.cancel();
  return started;
}
