// What the real stick driver needs from the run: where things are, how long to wait, how to
// resolve a stick's identity and settings, its installed name and its secrets. Built once per run.

import type { SettlingSticks } from "./settling_sticks.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { DialerControl } from "./dialer_control.ts";
import type { StickResolver } from "./resolve_stick.ts";
import type { AltSwitch } from "../device/usb/system_modeswitch.ts";
import type { TransportTaps } from "./transport_taps.ts";
import type { AtSessionKeeper } from "./at_sessions.ts";
import type { HilinkClients } from "./hilink_for_stick.ts";

/** What observing and acting on a stick need: roots, bounds, lock directory and its settings. */
export interface DriverContext {
  sysfsRoot: string;
  devRoot: string;
  /** Prefix of host files (udev rules, usb_modeswitch config); "/" normally. */
  root: string;
  /** UUCP lock directory (pppd and wvdial use /run/lock). */
  lockDir: string;
  atTimeoutMs: number;
  /** Bound on waiting out a busy SIM. */
  simBusyWaitMs: number;
  hilinkTimeoutMs: number;
  /** Bound on a stick's return after a reset or mode switch (no source measures it: generous). */
  reenumerationTimeoutMs: number;
  /** Time the system's usb_modeswitch gets before stickmode sends its own message. */
  systemModeswitchWaitMs: number;
  /** The one decision of which profile entries apply (see resolve_stick.ts). */
  resolve: StickResolver;
  /** True when some profile entry matches by ICCID: only then is the ICCID read. */
  matchesByIccid: boolean;
  /** The name the host gives the stick now ("gsm0": its udev symlink, lock alias and dialer
   * unit), from the last run; null for a port not seen before. */
  installedName(portPath: string): string | null;
  /** The storage-mode id of the stick names.json says takes the AltMode switch on this port. */
  rememberedAltSwitch(portPath: string): AltSwitch | null;
  secrets: {
    pin(settings: StickSettings): Promise<string | null>;
    hilinkPassword(settings: StickSettings): Promise<string | null>;
  };
  dialer: DialerControl;
  /** Wrappers for every AT port and HiLink transport opened (capture's recorder), if any. */
  taps?: TransportTaps;
  /** The run's open AT sessions, one per stick, reused from an observation to its steps. */
  atSessions: AtSessionKeeper;
  /** The run's HiLink clients, one per stick, reused from an observation to its steps. */
  hilinkClients: HilinkClients;
  /** Sticks a step returned at their first look back on the bus, still being confirmed. */
  settling: SettlingSticks;
}
