// The web API client of one HiLink stick: its address from the stick's settings, bound to the
// stick's own network interface (several HiLink sticks all answer at 192.168.8.1). One client per
// stick and enumeration in a run, so the observation's session (cookie and unused CSRF tokens)
// serves the switch that follows: one home-page request less per stick (of four).

import type { Stick } from "../device/stick.ts";
import { HilinkClient } from "../hilink/client.ts";
import { chooseHttpTransport } from "../net/http_transport.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { DriverContext } from "./driver_context.ts";

/** The run's HiLink clients, one per stick; another address, URL or interface makes a new one. */
export class HilinkClients {
  readonly #byPort = new Map<string, { key: string; client: HilinkClient }>();

  /** The stick's client for `key`, made by `make` when it has none for that key. */
  get(portPath: string, key: string, make: () => HilinkClient): HilinkClient {
    const kept = this.#byPort.get(portPath);
    if (kept?.key === key) return kept.client;
    const client = make();
    this.#byPort.set(portPath, { key, client });
    return client;
  }

  /** Forgets the stick's client: after a failed request, and at the stick's end. */
  release(portPath: string): void {
    this.#byPort.delete(portPath);
  }
}

/** A HiLink client for the stick's web API, with its profile's credentials and the run's bounds
 * (the one the run already has for this stick, when it is on the same address). */
export function hilinkClientFor(
  stick: Stick,
  settings: StickSettings,
  ctx: DriverContext,
): HilinkClient {
  const key = `${stick.devnum} ${settings.hilink.url} ${stick.netInterface}`;
  return ctx.hilinkClients.get(stick.portPath, key, () => {
    const taps = ctx.taps;
    return new HilinkClient({
      baseUrl: settings.hilink.url,
      stick: stick.portPath,
      interfaceName: stick.netInterface,
      timeoutMs: ctx.hilinkTimeoutMs,
      ...(taps
        ? { transport: taps.http(chooseHttpTransport(stick.netInterface), stick.portPath) }
        : {}),
    });
  });
}
