// What the real stick driver needs from the run: where things are, how long to wait, and how to
// resolve a stick's settings, name and secrets. Built once per run by the CLI (or the demo).

import type { StickIdentity, StickSettings } from "../profile/resolve_stick_settings.ts";
import type { DialerControl } from "./dialer_control.ts";

export interface DriverContext {
  sysfsRoot: string;
  devRoot: string;
  /** Prefix of host files (udev rules, usb_modeswitch config); "/" normally. */
  root: string;
  /** UUCP lock directory (pppd and wvdial use /run/lock). */
  lockDir: string;
  atTimeoutMs: number;
  hilinkTimeoutMs: number;
  /** Bound on a stick's return after a reset or mode switch (no source measures it: generous). */
  reenumerationTimeoutMs: number;
  /** Time the system's usb_modeswitch gets before stickmode sends its own message. */
  systemModeswitchWaitMs: number;
  settingsFor(identity: StickIdentity): StickSettings;
  /** True when some profile entry matches by ICCID: only then is the ICCID read. */
  matchesByIccid: boolean;
  /** The stick's udev name ("gsm0") for lock names and its dialer unit, if it has one yet. */
  nameFor(portPath: string): string | null;
  secrets: {
    pin(settings: StickSettings): Promise<string | null>;
    hilinkPassword(settings: StickSettings): Promise<string | null>;
  };
  dialer: DialerControl;
}
