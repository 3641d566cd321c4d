// The web API client of one HiLink stick: its address from the stick's settings, bound to the
// stick's own network interface (several HiLink sticks all answer at 192.168.8.1).

import type { Stick } from "../device/stick.ts";
import { HilinkClient } from "../hilink/client.ts";
import { chooseHttpTransport } from "../net/http_transport.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { DriverContext } from "./driver_context.ts";

/** A HiLink client for the stick's web API, with its profile's credentials and the run's bounds. */
export function hilinkClientFor(
  stick: Stick,
  settings: StickSettings,
  ctx: DriverContext,
): HilinkClient {
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
}
