// A simulated fleet of Huawei sticks for tests, the demo and the benchmark: a fake sysfs/dev tree
// under a temp root that changes as sticks switch and reboot, each stick's AT ports on real ptys
// and its HiLink web API on its own loopback address. The agent's discovery, serial and HTTP code
// runs against it unchanged. Leaving storage mode is the one thing a simulator cannot do through
// the kernel: the fleet plays Debian's usb_modeswitch (its udev rule is installed in the host
// root, so the agent waits for it, as it would on a real host; the message is what the host
// root's usb_modeswitch configuration says, udev_play.ts), or watches the call log of the
// fake libusb the tests build (then the agent's own libusb code sends the message). It also
// plays the option driver's new_id: ids written to <sysfs>/bus/usb-serial/drivers/option1/new_id
// bind option to those devices (a Brovi's ttys appear), now and at every later plug; the host
// root's udev rules write there when an interface no driver took appears.

import { pathUnder } from "../ffi/path_under.ts";
import { log } from "../log/logger.ts";
import { MODESWITCH_RULES } from "../device/usb/system_modeswitch.ts";
import { FleetStick, type FleetStickSpec } from "./fleet_stick.ts";
import { allocateTtyNames } from "./tty_numbers.ts";
import { TreeTrash } from "./tree_trash.ts";
import { TreeStager } from "./tree_staging.ts";
import { type PlayedDevice, playInterfaceWrites, systemSwitchMessage } from "./udev_play.ts";
import type { UsbInterface } from "../device/stick.ts";
import type { CommandLogEntry } from "./stick.ts";
import type { NcmNetworkOptions } from "./ncm_network.ts";

/** What a SimFleet is made of and how it behaves. */
export interface SimFleetOptions {
  sticks: FleetStickSpec[];
  /** Play the system's usb_modeswitch: switch a storage stick this long after it appears, with
   * the message the host root's configuration gives (NewMode unless it says otherwise). */
  systemModeswitchDelayMs?: number;
  /** Drive storage sticks through the fake libusb instead (device list and call log files). */
  fakeLibusb?: { devicesFile: string; logFile: string };
  /** Temp dir to use (default: a new one, removed by stop()). */
  dir?: string;
  /** A real network interface per NCM stick (root, ip, dnsmasq): host ends go into `hostNetns`,
   * which the caller creates; without it NCM interfaces exist only in the fake sysfs tree. */
  ncmNetwork?: NcmNetworkOptions;
}

const LIBUSB_POLL_MS = 50;
/** Where the fake tree has the option driver's new_id (as /sys/bus/usb-serial/drivers/option1). */
export const OPTION_NEW_ID = "bus/usb-serial/drivers/option1/new_id";

/** Simulated sticks on USB ports, with a fake sysfs and /dev tree and a host root under one temp
 * directory, for the agent to run against. */
export class SimFleet {
  readonly sticks: FleetStick[] = [];
  readonly sysfsRoot: string;
  readonly devRoot: string;
  /** Host files go here (--root): /etc, /var/lib, /run/lock ... */
  readonly hostRoot: string;
  /** tty names handed to a stick's current personality (freed when its tree is removed). */
  readonly #ttysInUse = new Set<string>();
  /** Fake NCM interface names in use (without ncmNetwork), and the last ifindex handed out. */
  readonly #netsInUse = new Set<string>();
  #ifindex = 1;
  #devnum = 1;
  readonly #trash: TreeTrash;
  readonly #stager: TreeStager;
  #libusbSeen = 0;
  #libusbTimer: ReturnType<typeof setInterval> | null = null;
  #modeswitchTimers = new Set<ReturnType<typeof setTimeout>>();
  /** "vid pid" pairs the option driver was given through new_id (until the fleet stops). */
  readonly #optionIds = new Set<string>();
  #newIdTimer: ReturnType<typeof setInterval> | null = null;

  private constructor(readonly dir: string, readonly options: SimFleetOptions) {
    this.sysfsRoot = `${dir}/sys`;
    this.devRoot = `${dir}/dev`;
    this.hostRoot = `${dir}/host`;
    this.#trash = new TreeTrash(`${dir}/removed`);
    this.#stager = new TreeStager(`${dir}/staging`);
  }

  /** Builds the tree and plugs every stick in; when a stick cannot be plugged, stops what did
   * start and throws.
   * @throws {Error} naming the stick and step that failed (e.g. its network cannot be made)
   */
  static async start(options: SimFleetOptions): Promise<SimFleet> {
    const dir = options.dir ?? await Deno.makeTempDir({ prefix: "stickmode_fleet_" });
    const fleet = new SimFleet(dir, options);
    for (const sub of ["sys/bus/usb/devices", "dev", "host/run/lock", "host/lib/udev/rules.d"]) {
      await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
    }
    if (options.systemModeswitchDelayMs !== undefined) {
      // Debian's rule line (docs/domain.md#leaving-storage-mode): the agent waits when it is there.
      await Deno.writeTextFile(
        pathUnder(fleet.hostRoot, `/lib/udev/rules.d/${MODESWITCH_RULES}`),
        'ATTRS{idVendor}=="12d1", ATTRS{manufacturer}!="Android", ATTR{bInterfaceNumber}=="00", ' +
          'ATTR{bInterfaceClass}=="08", RUN+="usb_modeswitch \'%b/%k\'"\n',
      );
    }
    options.sticks.forEach((spec, i) => {
      // Each stick its own loopback address, as each HiLink stick is its own router.
      const address = `127.0.${8 + Math.floor(i / 250)}.${1 + (i % 250)}`;
      fleet.sticks.push(new FleetStick(spec, fleet.#host(), address, i));
    });
    await Deno.mkdir(`${fleet.sysfsRoot}/${OPTION_NEW_ID.replace(/\/new_id$/, "")}`, {
      recursive: true,
    });
    await Deno.writeTextFile(`${fleet.sysfsRoot}/${OPTION_NEW_ID}`, "");
    fleet.#newIdTimer = setInterval(() => void fleet.#pollNewId(), LIBUSB_POLL_MS);
    if (options.fakeLibusb) {
      await Deno.writeTextFile(options.fakeLibusb.devicesFile, "");
      fleet.#libusbTimer = setInterval(() => void fleet.#pollLibusb(), LIBUSB_POLL_MS);
    }
    const plugged = await Promise.allSettled(
      fleet.sticks.filter((s) => s.spec.pluggedAtStart !== false).map((s) => s.plugIn()),
    );
    const failed = plugged.find((p): p is PromiseRejectedResult => p.status === "rejected");
    if (failed) {
      // Nobody gets this fleet to stop: take down what did start (ptys, servers, namespaces).
      await fleet.stop().catch((e) => log.warn(`Cannot stop the simulated fleet: ${e}`));
      throw failed.reason;
    }
    return fleet;
  }

  /** The stick on `portPath`.
   * @throws {Error} when no stick of the fleet is on that port
   */
  stick(portPath: string): FleetStick {
    const s = this.sticks.find((x) => x.portPath === portPath);
    if (!s) throw new Error(`Cannot find simulated stick "${portPath}"`);
    return s;
  }

  /** Every AT command any stick read, oldest first per stick. */
  commandLog(): CommandLogEntry[] {
    return this.sticks.flatMap((s) => s.sim.commandLog);
  }

  /** Writing AT commands only (a converged fleet's second apply must add none). */
  writes(): CommandLogEntry[] {
    return this.sticks.flatMap((s) => s.sim.writes());
  }

  /** Resolves when no tree change is queued (sticks may still be rebooting). */
  settled(): Promise<unknown> {
    return Promise.all(this.sticks.map((s) => s.settled()));
  }

  /** Stops every stick, timer and poller and removes every network namespace, veth and DHCP
   * server, even after a failure; the temp directory goes unless the caller gave it.
   * @throws {Error} the first failure, once everything else is done
   */
  async stop(): Promise<void> {
    if (this.#libusbTimer !== null) clearInterval(this.#libusbTimer);
    if (this.#newIdTimer !== null) clearInterval(this.#newIdTimer);
    for (const t of this.#modeswitchTimers) clearTimeout(t);
    const stopped = await Promise.allSettled(this.sticks.map((s) => s.stop()));
    await this.settled().catch(() => undefined);
    await this.#trash.settled();
    if (this.options.dir === undefined) await Deno.remove(this.dir, { recursive: true });
    const failed = stopped.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
  }

  #host() {
    return {
      sysfsRoot: this.sysfsRoot,
      devRoot: this.devRoot,
      nextDevnum: () => ++this.#devnum,
      allocateTtys: (count: number) =>
        allocateTtyNames(
          { sysfsRoot: this.sysfsRoot, devRoot: this.devRoot },
          count,
          "ttyUSB",
          this.#ttysInUse,
        ),
      releaseTtys: (names: readonly string[]) => {
        for (const n of names) this.#ttysInUse.delete(n);
      },
      trash: this.#trash,
      stager: this.#stager,
      onStorage: (stick: FleetStick) => this.#onStorage(stick),
      onUnbound: (stick: FleetStick, interfaces: readonly UsbInterface[]) =>
        this.#onUnbound(stick, interfaces),
      ncmNetwork: this.options.ncmNetwork ?? null,
      dir: this.dir,
      fakeNetInterface: () => {
        let k = 0;
        while (this.#netsInUse.has(`wwan${k}`)) k++;
        this.#netsInUse.add(`wwan${k}`);
        return { name: `wwan${k}`, ifindex: ++this.#ifindex };
      },
      releaseNetInterface: (name: string) => void this.#netsInUse.delete(name),
      optionBinds: (vid: string, pid: string) => this.#optionIds.has(`${vid} ${pid}`),
    };
  }

  #onStorage(stick: FleetStick): void {
    const delay = this.options.systemModeswitchDelayMs;
    if (delay !== undefined) {
      const t = setTimeout(() => {
        this.#modeswitchTimers.delete(t);
        systemSwitchMessage(this.hostRoot, playedDevice(stick)).then(
          (message) => message !== null && stick.switchFromStorage(message),
          (e) => log.warn(`Cannot play the system's usb_modeswitch for "${stick.portPath}": ${e}`),
        );
      }, delay);
      this.#modeswitchTimers.add(t);
    }
    if (this.options.fakeLibusb) this.#writeLibusbDevices();
  }

  /** Interfaces no driver took: udev runs the host root's rules for them (a Brovi's option
   * new_id), then the new_id poller binds what they asked for. */
  #onUnbound(stick: FleetStick, interfaces: readonly UsbInterface[]): void {
    playInterfaceWrites(this.hostRoot, this.sysfsRoot, playedDevice(stick), interfaces)
      .then(() => this.#pollNewId())
      .catch((e) => log.warn(`Cannot play udev for "${stick.portPath}": ${e}`));
  }

  /** "bus dev vid pid iface0class ports" per storage stick (src/sim/fake_libusb_source.ts format), in
   * place before the stick shows in sysfs, and whole (renamed in) for a libusb reading it now. */
  #writeLibusbDevices(): void {
    const lines = this.sticks.filter((s) => s.mode === "storage").map((s) => {
      const [bus, ports] = s.portPath.split("-");
      const [vid, pid] = s.vendor === "brovi" ? ["3566", "2001"] : ["12d1", "1f01"];
      return `${bus} ${s.devnum} ${vid} ${pid} 08 ${ports}`;
    });
    const file = this.options.fakeLibusb!.devicesFile;
    Deno.writeTextFileSync(`${file}.new`, lines.join("\n") + "\n");
    Deno.renameSync(`${file}.new`, file);
  }

  /** A recorded bulk transfer of a Huawei message switches the stick it went to. */
  async #pollLibusb(): Promise<void> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.options.fakeLibusb!.logFile);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    const lines = text.split("\n").filter((l) => l.startsWith("bulk "));
    for (const line of lines.slice(this.#libusbSeen)) {
      const m = /^bulk (\d+) (\d+) .*data=([0-9a-f]+)/.exec(line);
      if (!m) continue;
      const devnum = Number(m[2]);
      const stick = this.sticks.find((s) => s.mode === "storage" && s.devnum === devnum);
      const message = m[3]?.startsWith("55534243123456780000000000000011063") ? "alt" : "new";
      stick?.switchFromStorage(message);
    }
    this.#libusbSeen = lines.length;
  }

  /** New ids in option's new_id ("3566 2001", as `echo` writes them; hex, any case) bind it. */
  async #pollNewId(): Promise<void> {
    let text: string;
    try {
      text = await Deno.readTextFile(`${this.sysfsRoot}/${OPTION_NEW_ID}`);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    for (const line of text.split("\n")) {
      const m = /^\s*([0-9a-f]{4})\s+([0-9a-f]{4})\b/i.exec(line);
      if (!m) continue;
      const id = `${m[1]!.toLowerCase()} ${m[2]!.toLowerCase()}`;
      if (this.#optionIds.has(id)) continue;
      this.#optionIds.add(id);
      for (const stick of this.sticks) void stick.bindOption();
    }
  }
}

/** A stick in storage mode as udev's rules see it. */
function playedDevice(stick: FleetStick): PlayedDevice {
  const brovi = stick.vendor === "brovi";
  return {
    portPath: stick.portPath,
    vid: brovi ? "3566" : "12d1",
    pid: brovi ? "2001" : stick.mode === "storage" ? "1f01" : "155e",
    manufacturer: brovi ? "Mobile" : "HUAWEI_MOBILE",
  };
}
