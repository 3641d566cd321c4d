// One simulated stick as the host sees it: a SimStick (AT on real ptys) plus its USB personality
// in the fake sysfs/dev tree and, in HiLink mode, its web API on loopback. Personalities change
// as real sticks do (domain.md#usb-personalities): the mode-switch message leaves storage (HiLink
// firmware -> 14dc, stick firmware -> its layout), the web API's mode switch leaves HiLink
// (debug 1441), AT^RESET reboots into the stored layout (FF first: straight to it; A1 first:
// CD-ROM again), and every re-enumeration gets a new device address and the lowest free ttys.

import type { Mode } from "../device/stick.ts";
import type { HuaweiMessage } from "../device/usb/huawei_messages.ts";
import { formatPortLayout } from "../at/port_layout.ts";
import { log } from "../log/logger.ts";
import { HilinkSimServer } from "./hilink_server.ts";
import type { NcmLinkInfo } from "./ncm_network.ts";
import { type NetHost, StickNet } from "./fleet_stick_net.ts";
import { openPty, type Pty } from "./pty.ts";
import { SimStick, type SimStickOptions } from "./stick.ts";
import { removeStickTree, type TtyLink, writeStickTree } from "./sysfs_tree.ts";
import { personalityFor, serialInterfaces } from "./usb_layouts.ts";

/** One stick of a fleet: where it is plugged, how it starts, and the SimStick options. */
export interface FleetStickSpec extends Omit<SimStickOptions, "name" | "reattachOnReset"> {
  /** USB port path, "1-3" or "1-1.2" behind a hub. */
  portPath: string;
  /** Personality at plug-in. */
  start: Exclude<Mode, "unknown">;
  /** HiLink firmware (default: firmware 22): boots as CD-ROM, then HiLink after a switch. */
  hilinkFirmware?: boolean;
  /** Time from a mode switch (USB message or web API) to the new personality (default 300 ms). */
  switchDelayMs?: number;
  /** HiLink web API login (default admin/admin, password type 4). */
  hilinkPassword?: string;
  /** Plugged in when the fleet starts (default true); false: the test calls plugIn(). */
  pluggedAtStart?: boolean;
}

/** What the fleet lends each stick: tty numbers, fresh device addresses, network interfaces. */
export interface FleetHost extends NetHost {
  sysfsRoot: string;
  devRoot: string;
  nextDevnum(): number;
  /** The lowest free tty names, reserved for the caller until releaseTtys(). */
  allocateTtys(count: number): Promise<string[]>;
  releaseTtys(names: readonly string[]): void;
  /** Called when the stick enters storage (the fleet's usb_modeswitch or fake libusb acts). */
  onStorage(stick: FleetStick): void;
}

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
  #silent: Pty[] = [];
  #timers = new Set<ReturnType<typeof setTimeout>>();
  /** This stick's tree changes, in order; other sticks' run alongside (as the kernel enumerates
   * devices on different ports in parallel). */
  #treeQueue: Promise<unknown> = Promise.resolve();
  #ttys: string[] = [];
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
    this.sim = new SimStick({
      ...spec,
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
      credentials: {
        username: "admin",
        password: spec.hilinkPassword ?? "admin",
        passwordType: 4,
      },
      onModeSwitch: (mode) => this.#later(() => this.enter(mode === 0 ? "1442" : "debug")),
    });
    // A reboot (AT^RESET, or a fault) drops the stick off the bus; the new ptys mean it is back.
    this.sim.addEventListener("reset", () => this.#background(this.#leaveBus()));
    this.sim.addEventListener("vanish", () => this.#background(this.#leaveBus()));
    this.sim.addEventListener("attach", () => {
      if (this.#plugged && this.#mode === "gone") {
        this.#background(this.enter(this.#bootPersonality()));
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

  /** Whether the firmware is HiLink (22.x unless the spec says otherwise). */
  get hilinkFirmware(): boolean {
    return this.spec.hilinkFirmware ?? this.spec.firmware === "22";
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
    await this.enter(this.spec.start);
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
    this.#switching = true;
    const target = message === "alt"
      ? (this.hilinkFirmware ? "1442" : "modem")
      : (this.hilinkFirmware ? "hilink" : "modem");
    this.#later(() => this.enter(target));
  }

  /** Resolves when no tree or network change of this stick is queued. */
  settled(): Promise<unknown> {
    return Promise.all([this.#treeQueue, this.net.settled()]);
  }

  /** Shows the stick in personality `key` (a Mode or a PID) on a new device address. */
  enter(key: Mode | string): Promise<void> {
    return this.#treeChange(async () => {
      await this.#removeTree();
      const layout = formatPortLayout(this.sim.state.layout);
      const personality = personalityFor(key, key === "modem" ? layout : undefined);
      const serial = serialInterfaces(personality.interfaces);
      const names = await this.host.allocateTtys(serial.length);
      this.#ttys = names;
      const ttys: Record<number, TtyLink> = {};
      serial.forEach((iface, i) => {
        ttys[parseInt(iface.number, 16)] = {
          name: names[i] as string,
          target: this.#ptyFor(i, serial.length, personality.mode),
        };
      });
      this.#devnum = this.host.nextDevnum();
      const net = await this.net.attach(personality);
      await writeStickTree({ sysfsRoot: this.host.sysfsRoot, devRoot: this.host.devRoot }, {
        portPath: this.portPath,
        vid: "12d1",
        pid: personality.pid,
        serial: "0123456789ABCDEF",
        devnum: this.#devnum,
        interfaces: personality.interfaces,
        ttys,
        ...(net === undefined ? {} : { netInterface: net }),
      });
      this.#mode = personality.mode;
      this.#switching = false;
      this.history.push(personality.mode);
      if (personality.mode === "storage") this.host.onStorage(this);
    });
  }

  /** Stops its timers, ptys and web server, and removes its network, each step tried.
   * @throws {Error} the first step that failed
   */
  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    const steps = await Promise.allSettled([
      this.sim.stop(),
      this.hilink.close(),
      this.#treeQueue.then(() => this.net.detach()),
    ]);
    this.#closeSilent();
    const failed = steps.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** Serial interface i of n -> the pty behind it. Debug mode (1441): "port 2 is AT" (the
   * tjworld table), the others stay silent; elsewhere the SimStick's ports in order. */
  #ptyFor(i: number, n: number, mode: Mode): string {
    const ports = this.sim.ports;
    if (mode === "debug") {
      const atIndex = n >= 3 ? 1 : n - 1;
      if (i === atIndex) return this.sim.portPath("pcui");
      const pty = openPty(`silent port of ${this.portPath}`);
      this.#silent.push(pty);
      return pty.slavePath;
    }
    const port = ports[i];
    if (!port) {
      throw new Error(
        `Cannot map interface ${i} of the simulated stick at "${this.portPath}": no pty`,
      );
    }
    return port.path;
  }

  /** FF first boots straight into the layout; firmware that never accepted a layout (22.x)
   * and A1 first boot as CD-ROM. */
  #bootPersonality(): Mode {
    const state = this.sim.state;
    return state.profile.setportSupported && state.layout.pre.join(",") === "FF"
      ? "modem"
      : "storage";
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
    await removeStickTree(
      { sysfsRoot: this.host.sysfsRoot, devRoot: this.host.devRoot },
      this.portPath,
    );
    this.host.releaseTtys(this.#ttys);
    this.#ttys = [];
    this.#closeSilent();
    await this.net.detach();
  }

  #closeSilent(): void {
    for (const p of this.#silent) p.master.close();
    this.#silent = [];
  }

  #later(work: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.#background(work());
    }, this.spec.switchDelayMs ?? 300);
    this.#timers.add(t);
  }

  /** A change nobody awaits: its failure is logged (naming the stick), not left unhandled. */
  #background(work: Promise<unknown>): void {
    work.catch((e) =>
      log.error(
        `Cannot re-enumerate simulated stick "${this.portPath}": ${
          e instanceof Error ? e.message : e
        }`,
      )
    );
  }
}
