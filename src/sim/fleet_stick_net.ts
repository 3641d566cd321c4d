// The network interface a fleet stick shows in its current personality: HiLink's cdc_ether one
// (a name in the fake tree), an NCM function's (the real host end of a veth when the fleet has
// ncmNetwork, else a kernel-style entry in the fake tree only), or none.

import type { Personality } from "./usb_layouts.ts";
import { type NcmLinkInfo, NcmNetwork, type NcmNetworkOptions } from "./ncm_network.ts";
import { HUAWEI_SHARED_MAC } from "./ncm_plan.ts";
import type { NetInterfaceEntry } from "./sysfs_tree.ts";

/** Drivers of an NCM function. */
const NCM_DRIVERS = new Set(["huawei_cdc_ncm", "cdc_ncm"]);

/** What the fleet lends for network interfaces. */
export interface NetHost {
  /** Real network interfaces for NCM sticks (SimFleetOptions.ncmNetwork), or null. */
  ncmNetwork: NcmNetworkOptions | null;
  /** The fleet's temp directory (DHCP lease files). */
  dir: string;
  /** Without real interfaces: a kernel-style name ("wwan0") and ifindex unique in the fleet. */
  fakeNetInterface(): { name: string; ifindex: number };
  releaseNetInterface(name: string): void;
}

/** One stick's network interface across its personalities. */
export class StickNet {
  /** The real NCM interface (null without SimFleetOptions.ncmNetwork). */
  readonly ncm: NcmNetwork | null;
  #fake: string | null = null;

  constructor(readonly portPath: string, readonly host: NetHost, index: number) {
    this.ncm = host.ncmNetwork ? new NcmNetwork(portPath, host.ncmNetwork, index, host.dir) : null;
  }

  /** Where the real NCM interface is while it exists, else null. */
  get info(): NcmLinkInfo | null {
    return this.ncm?.info ?? null;
  }

  /** The interface `personality` shows, made now (undefined: none).
   * @throws {Error} naming the stick and step when the real interface cannot be made
   */
  async attach(personality: Personality): Promise<string | NetInterfaceEntry | undefined> {
    if (personality.mode === "hilink") return this.#hilinkName();
    const ncm = personality.mode === "modem" &&
      personality.interfaces.some((i) => i.driver !== null && NCM_DRIVERS.has(i.driver));
    if (!ncm) return undefined;
    if (this.ncm) {
      const info = await this.ncm.plug();
      return { name: info.hostInterface, ifindex: info.ifindex, address: info.address };
    }
    const fake = this.host.fakeNetInterface();
    this.#fake = fake.name;
    return { ...fake, address: HUAWEI_SHARED_MAC };
  }

  /** The personality is gone: so is its interface (the kernel drops it with the device). */
  async detach(): Promise<void> {
    if (this.#fake !== null) this.host.releaseNetInterface(this.#fake);
    this.#fake = null;
    await this.ncm?.unplug();
  }

  /** The data call came up or ended: carrier and DHCP follow (errors: ncm.lastError). Resolves
   * when they did, never rejects. */
  setCall(up: boolean): Promise<void> {
    return this.ncm?.setCall(up).catch(() => undefined) ?? Promise.resolve();
  }

  /** Resolves when no change of the real interface is queued. */
  settled(): Promise<unknown> {
    return this.ncm?.settled() ?? Promise.resolve();
  }

  #hilinkName(): string {
    return `enx0c5b8f27${this.portPath.replace(/\D/g, "").padStart(4, "0").slice(-4)}`;
  }
}
