// The real network interface of one simulated NCM stick: while the stick shows its NCM function,
// a network namespace of its own holds the far end of a veth, whose host end the kernel names in
// the caller's namespace ("wwan0" ...) with the MAC every Huawei stick shares. A real dnsmasq
// answers DHCP, and the namespace routes at all, only during the data call. The host end keeps
// carrier from plug to unplug, as huawei_cdc_ncm (the driver the simulated interface claims)
// shows it; option carrier "call" makes it follow the call instead, as plain cdc_ncm does. Every change runs in order on one
// queue; the machine's own namespace is never touched.

import { log } from "../log/logger.ts";
import { DhcpServer, runIp } from "./ncm_dhcp.ts";
import {
  carrierArgs,
  FAR_END,
  HUAWEI_SHARED_MAC,
  ipServiceArgs,
  type NcmSubnet,
  ncmSubnet,
  parseIpLinks,
  stickNetnsName,
  stickSideBatch,
} from "./ncm_plan.ts";

/** Opts a fleet into real network interfaces (as root, with ip and dnsmasq). */
export interface NcmNetworkOptions {
  /** The network namespace the host ends go into; the caller creates and removes it. */
  hostNetns: string;
  /** "always" (default): carrier from plug to unplug, as huawei_cdc_ncm shows it (it hands the
   * notification endpoint to cdc-wdm; docs/domain.md#ncm-network-interface). "call": carrier
   * only during a call, as cdc_ncm reports the stick's NETWORK_CONNECTION. Either way the DHCP
   * server answers only during a call. */
  carrier?: "call" | "always";
}

/** Where one stick's network is, for tests to use (a TCP server on `gateway` in `netns` ...). */
export interface NcmLinkInfo {
  /** The stick's own namespace: the far end, the DHCP server. */
  netns: string;
  hostNetns: string;
  /** The host end's name as the kernel gave it (a .link file may rename it later). */
  hostInterface: string;
  /** The host end's ifindex in hostNetns. */
  ifindex: number;
  /** The host end's MAC at creation: the shared Huawei one. */
  address: string;
  subnet: string;
  gateway: string;
}

let netnsCounter = 0;
/** Matches no error message: a step whose every failure counts. */
const NEVER = /(?!)/;

/** One stick's network; plug() and unplug() follow the stick on and off the bus, setCall() its
 * data call. */
export class NcmNetwork {
  readonly #stick: string;
  readonly #options: NcmNetworkOptions;
  readonly #net: NcmSubnet;
  readonly #netns: string;
  readonly #leaseFile: string;
  #queue: Promise<unknown> = Promise.resolve();
  #info: NcmLinkInfo | null = null;
  #dhcp: DhcpServer | null = null;
  #callUp = false;
  /** The far end is up (a fresh veth is down). */
  #carrier = false;
  /** Whether the stick's namespace routes (a call is up); see ncm_plan.ts ipServiceArgs. */
  #ipService = false;
  /** The namespace may exist (made, or being made): unplug has something to remove. */
  #made = false;
  #lastError: Error | null = null;

  /** `index`: the stick's place in its fleet (its subnet); `dir`: where lease files go. */
  constructor(stick: string, options: NcmNetworkOptions, index: number, dir: string) {
    this.#stick = stick;
    this.#options = options;
    this.#net = ncmSubnet(index);
    this.#netns = stickNetnsName(Deno.pid, netnsCounter++);
    this.#leaseFile = `${dir}/${this.#netns}.leases`;
  }

  /** The interface while the stick is plugged, else null. */
  get info(): NcmLinkInfo | null {
    return this.#info;
  }

  /** The dnsmasq pid while it serves (a call is up), else null. */
  get dhcpServerPid(): number | null {
    return this.#dhcp && !this.#dhcp.exited ? this.#dhcp.pid : null;
  }

  /** The dnsmasq's last log lines (DHCP exchanges), [] when none runs. */
  get dhcpLog(): readonly string[] {
    return this.#dhcp?.log ?? [];
  }

  /** The last error of a change nobody awaited (a call event's), or null. */
  get lastError(): Error | null {
    return this.#lastError;
  }

  /** Resolves when no change is queued. */
  settled(): Promise<unknown> {
    return this.#queue;
  }

  /** The stick showed its NCM function: makes the namespace and veth (carrier as the call is).
   * @throws {Error} naming the stick and the step that failed (what was made is removed)
   */
  plug(): Promise<NcmLinkInfo> {
    return this.#enqueue(async () => {
      if (this.#info) return this.#info;
      try {
        this.#carrier = false;
        this.#ipService = false;
        this.#info = await this.#create();
        await this.#applyCall();
        return this.#info;
      } catch (e) {
        await this.#remove().catch((cleanup) => log.warn(String(cleanup)));
        throw e;
      }
    });
  }

  /** The stick left the bus: DHCP server, veth and namespace go. */
  unplug(): Promise<void> {
    return this.#enqueue(() => this.#remove());
  }

  /** The data call came up or ended: carrier and DHCP follow (now, or at the next plug). */
  setCall(up: boolean): Promise<void> {
    this.#callUp = up;
    const run = this.#enqueue(() => this.#applyCall());
    run.catch((e: Error) => {
      this.#lastError = e;
      log.error(e.message);
    });
    return run;
  }

  async #create(): Promise<NcmLinkInfo> {
    const stick = `simulated stick "${this.#stick}"`;
    const hostNetns = this.#options.hostNetns;
    try {
      await Deno.stat(`/run/netns/${hostNetns}`);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      throw new Error(
        `Cannot create the veth of ${stick}: host netns "${hostNetns}" does not exist`,
      );
    }
    await this.#addNetns();
    const far = parseIpLinks(
      await runIp(
        ["-n", this.#netns, "-j", "-b", "-"],
        `create the veth of ${stick}`,
        stickSideBatch(hostNetns, this.#net),
      ),
    )[0];
    const hostLinks = parseIpLinks(
      await runIp(["-n", hostNetns, "-j", "link", "show"], `read the host end of ${stick}`),
    );
    const host = hostLinks.find((l) => l.ifindex === far?.link_index);
    if (!host) {
      throw new Error(`Cannot find the host end of ${stick} in netns "${hostNetns}"`);
    }
    return {
      netns: this.#netns,
      hostNetns,
      hostInterface: host.ifname,
      ifindex: host.ifindex,
      address: host.address ?? HUAWEI_SHARED_MAC,
      subnet: this.#net.subnet,
      gateway: this.#net.gateway,
    };
  }

  /** A namespace of ours left by a dead process with our pid is stale: replace it. */
  async #addNetns(): Promise<void> {
    const what = `create the namespace of simulated stick "${this.#stick}"`;
    this.#made = true;
    try {
      await runIp(["netns", "add", this.#netns], what);
    } catch (e) {
      if (!(e instanceof Error && e.message.includes("File exists"))) throw e;
      await runIp(["netns", "del", this.#netns], what);
      await runIp(["netns", "add", this.#netns], what);
    }
  }

  async #applyCall(): Promise<void> {
    if (!this.#info) return; // off the bus: the next plug applies it
    const stick = `simulated stick "${this.#stick}"`;
    // The DHCP server is up before the carrier, so a client's first DISCOVER gets an answer.
    if (this.#callUp) {
      if (this.#dhcp?.exited) await this.#stopDhcp(); // died on its own: start a new one
      this.#dhcp ??= await DhcpServer.start(this.#stick, this.#netns, this.#net, this.#leaseFile);
    }
    if (this.#callUp !== this.#ipService) {
      const what = `${this.#callUp ? "give" : "take"} IP service ${
        this.#callUp ? "to" : "from"
      } ${stick}`;
      await runIp(ipServiceArgs(this.#netns, this.#callUp), what);
      this.#ipService = this.#callUp;
    }
    const carrier = this.#callUp || this.#options.carrier !== "call";
    if (carrier !== this.#carrier) {
      const what = `${carrier ? "bring up" : "take down"} the link of ${stick}`;
      await runIp(carrierArgs(this.#netns, carrier), what);
      this.#carrier = carrier;
    }
    if (!this.#callUp) await this.#stopDhcp();
  }

  async #stopDhcp(): Promise<void> {
    const dhcp = this.#dhcp;
    this.#dhcp = null;
    await dhcp?.stop();
  }

  /** Removes whatever exists, each step tried even when an earlier one failed.
   * @throws {Error} the first step that failed
   */
  async #remove(): Promise<void> {
    this.#info = null;
    const stick = `simulated stick "${this.#stick}"`;
    const steps: Array<[() => Promise<unknown>, absent: RegExp]> = [[
      () => this.#stopDhcp(),
      NEVER,
    ]];
    if (this.#made) {
      steps.push(
        // Deleting one end deletes both at once; deleting only the namespace would leave the
        // host end until the kernel's namespace cleanup runs.
        [
          () => runIp(["-n", this.#netns, "link", "del", FAR_END], `delete the veth of ${stick}`),
          /Cannot find device|Cannot open network namespace/,
        ],
        [
          () => runIp(["netns", "del", this.#netns], `delete the namespace of ${stick}`),
          /No such file/,
        ],
        [() => this.#removeLeaseFile(stick), NEVER],
      );
    }
    const errors: unknown[] = [];
    for (const [step, absent] of steps) {
      try {
        await step();
      } catch (e) {
        if (!(e instanceof Error && absent.test(e.message))) errors.push(e);
      }
    }
    if (errors.length > 0) throw errors[0];
    this.#made = false;
  }

  async #removeLeaseFile(stick: string): Promise<void> {
    try {
      await Deno.remove(this.#leaseFile);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`Cannot remove the DHCP lease file of ${stick}: ${why}`);
    }
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
