// The web API client of one HiLink stick: its address from the profile, bound to the stick's own
// network interface (several HiLink sticks all answer at 192.168.8.1).

import type { Stick } from "../device/stick.ts";
import { HilinkClient } from "../hilink/client.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { DriverContext } from "./driver_context.ts";

export function hilinkClientFor(
  stick: Stick,
  ctx: DriverContext,
): { client: HilinkClient; settings: StickSettings } {
  const settings = ctx.settingsFor({ portPath: stick.portPath });
  const client = new HilinkClient({
    baseUrl: settings.hilink.url,
    stick: stick.portPath,
    interfaceName: stick.netInterface,
    timeoutMs: ctx.hilinkTimeoutMs,
  });
  return { client, settings };
}
