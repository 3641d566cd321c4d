// Pure: no I/O. What stickmode needs from one way of bringing a stick's data path up (wvdial,
// pppd; next an NCM data path): its files, its systemd unit, the paths it may own, and the unit
// to stop while AT commands are written. Nothing here assumes a tty or PPP: a dialer is named by
// the stick, and its files, unit body and device binding are its own business. Where udev pulls
// the unit in is udev_rules.ts's: today on each stick's modem tty rule, as both dialers use that
// tty; an NCM dialer (a network interface, a supervised command) needs a net rule added there.

import type { Artifact } from "../artifacts.ts";
import type { HostSettings, HostStick } from "../host_stick.ts";

/** One dialer kind, registered in dialers/mod.ts; the profile's `dialer.kind` is its key. */
export interface Dialer {
  /** The key in the registry and the profile's `dialer.kind` value. */
  readonly kind: string;
  /** One line for the profile schema: what the kind writes ("one wvdial.conf section ..."). */
  readonly summary: string;
  /**
   * Its own files for the fleet (config, peers, scripts, link/network files), each with the
   * reload a change of it needs and the secrets to mask in its diff. Input already checked by
   * checkHostInput (once per render, in renderHostArtifacts).
   */
  files(sticks: readonly HostStick[], settings: HostSettings): Artifact[];
  /** File name of its systemd template unit, "stickmode-<word>@.service". */
  readonly unitTemplate: string;
  /** Body lines of that template (without the managed header); %I is the stick name. */
  unitBody(settings: HostSettings): string[];
  /** The template's instance for one stick, systemd-escaped (unit_names.ts). */
  unitInstance(stickName: string): string;
  /** True when `path` (normalised, absolute) is one of the files `files()` can render. */
  managesPath(path: string, settings: Pick<HostSettings, "configDir">): boolean;
  /**
   * The unit to stop before AT commands are written to the stick and start again after, or null
   * when this dialer holds no port AT commands go through.
   */
  atWriteUnit(stickName: string): string | null;
}
