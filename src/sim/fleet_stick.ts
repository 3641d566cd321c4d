// One simulated stick as the host sees it: a SimStick (AT on real ptys) plus its USB personality
// in the fake sysfs/dev tree and, in HiLink mode, its web API on loopback. Personalities change
// as real sticks do (domain.md#usb-personalities): the mode-switch message leaves storage
// (NewMode: HiLink firmware -> 14dc, stick firmware -> its layout; AltMode: 22.x -> 155e ttys +
// NCM, 21.x HiLink hardware -> 1442), the web API's mode switch leaves HiLink (debug 1441), its
// reboot (api/device/control) and AT^RESET reboot into the stored layout (FF first: straight to
// it; A1 first or 22.x: CD-ROM again, nothing of AltMode kept), and every re-enumeration gets a
// new device address and the lowest free ttys.

import type { Mode } from "../device/stick.ts";
import type { HuaweiMessage } from "../device/usb/huawei_messages.ts";
import { log } from "../log/logger.ts";
import { HilinkSimServer } from "./hilink_server.ts";
import type { NcmLinkInfo } from "./ncm_network.ts";
import { StickNet } from "./fleet_stick_net.ts";
import { SimStick, USB_RESET } from "./stick.ts";
import { watchAuthorized } from "./usb_authorized.ts";
import { bindTtys, removeStickTree, type TtyLink } from "./sysfs_tree.ts";
import { commitStickTree, NextTree } from "./tree_staging.ts";
import { DEFAULT_ALT_TTYS, ExtraTtys, ttyLinks } from "./alt_ttys.ts";
import {
  altSerialPersonality,
  type Personality,
  serialInterfaces,
  type SimVendor,
} from "./usb_layouts.ts";
import {
  bootPersonality,
  type FleetHost,
  type FleetStickSpec,
  personalityOf,
  startPersonality,
  stickTreeSpec,
  switchTarget,
} from "./fleet_stick_spec.ts";

export type { FleetHost, FleetStickSpec } from "./fleet_stick_spec.ts";

/** One stick of a SimFleet: the AT simulator and the HiLink server behind its sysfs entry, which
 * follows its personality (storage, HiLink, modem) as it re-enumerates. */
export class FleetStick {
  readonly sim: SimStick;
  readonly hilink: HilinkSimServer;
  /** Its network interface; `.ncm` is the real one of an NCM stick (SimFleetOptions.ncmNetwork). */
  readonly net: StickNet;
  #mode: Mode | "gone" = "gone";
  #plugged = false;
  #devnum = 0;
  /** A mode-switch message was accepted; the new personality is not on the bus yet. */
  #switching = false;
  #extra: ExtraTtys;
  #personality: Personality | null = null;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #unwatch = () => {};
  /** This stick's tree changes, in order; other sticks' run alongside (as the kernel enumerates
   * devices on different ports in parallel). */
  #treeQueue: Promise<unknown> = Promise.resolve();
  #ttys: string[] = [];
  /** The tree of the personality it is switching or rebooting into, written ahead. */
  #next: NextTree;
  /** The links its tree made outside the device directory, while nothing else changed it. */
  #links: string[] | null = null;
  /** Personalities in order, for assertions ("storage", "hilink", "debug", "modem"). */
  readonly history: string[] = [];

  /** `index`: the stick's place in the fleet (its NCM subnet). */
  constructor(
    readonly spec: FleetStickSpec,
    readonly host: FleetHost,
    hilinkHost: string,
    index = 0,
  ) {
    this.net = new StickNet(spec.portPath, host, index);
    this.#extra = new ExtraTtys(spec.portPath);
    this.#next = new NextTree(host.stager, host.trash);
    this.sim = new SimStick({
      ...spec,
      // The Brovi is sold with HiLink firmware only (thread 153556).
      ...(spec.vendor === "brovi" && spec.firmware === undefined ? { firmware: "22" } : {}),
      name: spec.portPath,
      reattachOnReset: true,
      callNetwork: (up) => this.net.setCall(up),
    });
    this.hilink = HilinkSimServer.start({
      hostname: hilinkHost,
      device: {
        model: this.sim.state.profile.model,
        firmware: this.sim.state.profile.firmware,
        imei: this.sim.state.imei,
        iccid: this.sim.state.sim?.iccid ?? "",
        classify: "hilink",
      },
      credentials: { username: "admin", password: spec.hilinkPassword ?? "admin", passwordType: 4 },
      onModeSwitch: (mode) => this.#switchTo(mode === 0 ? "1442" : "debug"),
      // Control 1 reboots: off the bus, then back as the firmware boots (22.x: CD-ROM).
      onControl: (control) => control === 1 ? this.sim.reset("web API reboot") : undefined,
    });
    const reset = () => void this.sim.reset(USB_RESET);
    if (spec.usbAuthorized) this.#unwatch = watchAuthorized(host.sysfsRoot, spec.portPath, reset);
    // A reboot (AT^RESET, or a fault) drops the stick off the bus; the new ptys mean it is back.
    this.sim.addEventListener("reset", (e) => {
      this.#background(this.#leaveBus());
      if ((e as CustomEvent<{ reason: string }>).detail.reason === "unplug") return;
      this.#switchTo(bootPersonality(this.spec, this.sim.state), false);
    });
    this.sim.addEventListener("vanish", () => this.#background(this.#leaveBus()));
    this.sim.addEventListener("attach", () => {
      if (this.#plugged && this.#mode === "gone") {
        this.#background(this.enter(bootPersonality(this.spec, this.sim.state)));
      }
    });
  }

  /** The USB port path the stick is plugged into. */
  get portPath(): string {
    return this.spec.portPath;
  }

  /** The personality it shows now, "gone" while off the bus. */
  get mode(): Mode | "gone" {
    return this.#mode;
  }

  /** Device address of the current personality (changes at every re-enumeration). */
  get devnum(): number {
    return this.#devnum;
  }

  /** Huawei (12d1) or Brovi (3566). */
  get vendor(): SimVendor {
    return this.spec.vendor ?? "huawei";
  }

  /** Whether the firmware is HiLink (22.x unless the spec says otherwise). */
  get hilinkFirmware(): boolean {
    return this.spec.hilinkFirmware ?? this.sim.state.profile.firmware.startsWith("22.");
  }

  /** Where its real NCM interface is while it shows one (netns, host end, gateway), else null. */
  get ncm(): NcmLinkInfo | null {
    return this.net.info;
  }

  /** Base URL of the stick's simulated web server. */
  get hilinkUrl(): string {
    return `http://${this.hilink.hostname}:${this.hilink.port}/`;
  }

  /** Plugs the stick in. */
  async plugIn(): Promise<void> {
    this.sim.reattach();
    this.#plugged = true;
    await this.enter(startPersonality(this.spec, this.spec.start));
  }

  /** Pulls the stick out: it leaves the bus (its ttys, tree entry and network) until plugIn(). */
  async unplug(): Promise<void> {
    this.#plugged = false;
    await this.sim.unplug();
    await this.settled();
  }

  /** The mode-switch message arrived (usb_modeswitch or stickmode over libusb). */
  switchFromStorage(message: HuaweiMessage): void {
    // A real stick detaches on the first message it accepts: a second one (the system's
    // usb_modeswitch and stickmode both sending) reaches no device and switches nothing.
    if (this.#mode !== "storage" || this.#switching) return;
    const target = switchTarget(this.spec, this.sim.state.profile, message, this.host);
    if (target === null) return;
    this.#switching = true;
    this.#switchTo(target);
  }

  /** The option driver was just given this stick's id (new_id): its unbound ttys appear, on the
   * same device (no re-enumeration), as the kernel probes the unbound interfaces. */
  bindOption(): Promise<void> {
    return this.#treeChange(async () => {
      const now = this.#personality;
      if (!now?.altSerial || this.vendor !== "brovi" || this.#ttys.length > 0) return;
      if (!this.host.optionBinds(now.vid, now.pid)) return;
      const bound = altSerialPersonality("brovi", true);
      this.#links = null; // the new ttys' links too: the next removal lists the tree
      const ttys = await this.#mapTtys(bound);
      await bindTtys(this.host, {
        portPath: this.portPath,
        vid: bound.vid,
        pid: bound.pid,
        interfaces: bound.interfaces,
        ttys,
      });
      this.#personality = bound;
    });
  }

  /** Resolves when no tree or network change of this stick is queued. */
  settled(): Promise<unknown> {
    return Promise.all([this.#treeQueue, this.net.settled()]);
  }

  /** Shows the stick in personality `key` (a Mode, a PID or a built one) on a new address. */
  enter(key: Mode | string | Personality): Promise<void> {
    const staged = this.#next.take();
    return this.#treeChange(async () => {
      await this.#removeTree();
      const personality = personalityOf(key, this.sim.state);
      this.sim.setAltSerial(
        personality.altSerial ? { getPortMode: this.spec.altGetPortMode ?? null } : null,
      );
      const ttys = await this.#mapTtys(personality);
      this.#devnum = this.host.nextDevnum();
      const net = await this.net.attach(personality);
      const now = { devnum: this.#devnum, ttys, ...(net ? { netInterface: net } : {}) };
      const spec = stickTreeSpec(this.portPath, personality, now);
      this.#links = await commitStickTree(this.host, spec, await staged, this.host.trash);
      this.#mode = personality.mode;
      this.#personality = personality;
      this.#switching = false;
      this.history.push(personality.mode);
      if (personality.mode === "storage") this.host.onStorage(this);
      const unbound = personality.interfaces.filter((i) => i.class === "ff" && i.driver === null);
      if (unbound.length > 0) this.host.onUnbound(this, unbound);
    });
  }

  /** Stops its timers, ptys and web server, and removes its network, each step tried.
   * @throws {Error} the first step that failed
   */
  async stop(): Promise<void> {
    this.#unwatch();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#next.drop();
    const steps = await Promise.allSettled([
      this.sim.stop(),
      this.hilink.close(),
      this.#treeQueue.then(() => this.net.detach()),
    ]);
    await this.#extra.stop();
    const failed = steps.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** Enters `key` after the switch delay (`later` false: at the next attach); its tree is written
   * ahead meanwhile (tree_staging.ts). */
  #switchTo(key: Mode | string | Personality, later = true): void {
    const next = personalityOf(key, this.sim.state);
    this.#next.stage(stickTreeSpec(this.portPath, next, {}));
    if (!later) return;
    const delayMs = this.spec.switchDelayMs ?? 300;
    // Its extra ttys' ptys half-way, not in the burst of sticks switching at once.
    this.#after(Math.floor(delayMs / 2), () => {
      this.#extra.prepare(next, this.spec.altTtys ?? DEFAULT_ALT_TTYS);
      return Promise.resolve();
    });
    this.#after(delayMs, () => this.enter(key));
  }

  /** Reserves tty names for the personality's bound serial interfaces and opens their ptys. */
  async #mapTtys(personality: Personality): Promise<Record<number, TtyLink>> {
    this.#ttys = await this.host.allocateTtys(serialInterfaces(personality.interfaces).length);
    return ttyLinks(personality, this.#ttys, {
      simPort: (role) => this.sim.portPath(role),
      simPorts: () => this.sim.ports,
      extra: this.#extra,
      altTtys: this.spec.altTtys ?? DEFAULT_ALT_TTYS,
    }, this.portPath);
  }

  async #leaveBus(): Promise<void> {
    // Gone at once: the "attach" after the reboot may fire while the removal still waits in the
    // tree queue (a busy host); its enter() then queues behind the removal, in order.
    this.#mode = "gone";
    await this.#treeChange(() => this.#removeTree());
  }

  #treeChange<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#treeQueue.then(work);
    this.#treeQueue = run.catch(() => undefined);
    return run;
  }

  async #removeTree(): Promise<void> {
    const links = this.#links ?? undefined;
    this.#links = null;
    await removeStickTree(this.host, this.portPath, this.host.trash, links);
    this.host.releaseTtys(this.#ttys);
    this.#ttys = [];
    this.#personality = null;
    await this.#extra.close();
    await this.net.detach();
  }

  #after(ms: number, work: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.#background(work());
    }, ms);
    this.#timers.add(t);
  }

  /** A change nobody awaits: its failure is logged (naming the stick), not left unhandled. */
  #background(work: Promise<unknown>): void {
    const why = (e: unknown) => e instanceof Error ? e.message : String(e);
    work.catch((e) =>
      log.error(`Cannot re-enumerate simulated stick "${this.portPath}": ${why(e)}`)
    );
  }
}
