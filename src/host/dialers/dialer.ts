// Pure: no I/O. What stickmode needs from one way of bringing a stick's data path up (wvdial,
// pppd, an NCM data call): its files, its systemd unit, the paths it may own, and the unit
// to stop while AT commands are written. Nothing here assumes a tty or PPP: a dialer is named by
// the stick, and its files, unit body, device binding and the udev rule that pulls its unit in
// are its own business (a tty dialer on the stick's modem tty rule, an NCM data path on a net
// rule of its own).

import type { Artifact } from "../artifacts.ts";
import type { HostSettings, HostStick } from "../host_stick.ts";

/** One dialer kind, registered in dialers/mod.ts; the profile's `dialer.kind` is its key. */
export interface Dialer {
  /** The key in the registry and the profile's `dialer.kind` value. */
  readonly kind: string;
  /** One line for the profile schema: what the kind writes ("one wvdial.conf section ..."). */
  readonly summary: string;
  /**
   * Its own files for the sticks of its kind (config, peers, scripts, link/network files), each
   * with the reload a change of it needs and the secrets to mask in its diff. Input already
   * checked by checkHostInput (once per render, in renderHostArtifacts).
   */
  files(sticks: readonly HostStick[], settings: HostSettings): Artifact[];
  /** The ports its stick's layout must give (layout_decisions.ts interfaceOf): without one the
   * stick gets no host files (a PPP dialer opens the modem port; an NCM call needs the PCUI and
   * the NCM interface). */
  readonly ports: readonly PortRole[];
  /** The POST codes a profile's layout must hold for this kind; validate refuses it without. */
  readonly layoutCodes: readonly string[];
  /** Why `stickName` cannot name a stick of this kind beyond the stick name rule, or null. */
  nameProblem(stickName: string): string | null;
  /** True when its files carry the stick's route metric and table: no two sticks may share one. */
  readonly routes: boolean;
  /** Why a hosted `stick` gets none of its files (warned, not an error), or null. */
  skipReason(stick: HostStick): string | null;
  /** The data link it brings up, as reports name it ("ppp" or "ncm"). */
  readonly link: "ppp" | "ncm";
  /** True when the link may still carry the kernel's name (an NCM interface before its .link
   * file renamed it); a PPP link has only the name its dialer gives it. */
  readonly linkMayKeepKernelName: boolean;
  /** The interface a stick's data path runs on, or null when none can be named for it. */
  linkInterface(stickName: string): string | null;
  /** True when its call is made over the stick's PCUI with AT (reconnect can redial it there,
   * without its unit); false when a program of its own (pppd) holds the link. */
  readonly redialsOverAt: boolean;
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
  /**
   * How udev pulls the stick's unit in, given the unit as a SYSTEMD_WANTS word (null: no unit
   * is installed, systemd.dialerService off): keys added to the rule that names the stick's
   * modem tty (/dev/<name>, the device a tty dialer binds to), or rule lines of its own (a data
   * path on a network interface matches its net device, and keeps ModemManager off it even
   * without a unit).
   */
  udevStart(stick: HostStick, wants: string | null): UdevStart;
}

/** A port of a stick a dialer may need: the modem tty, the AT (PCUI) tty, the NCM interface. */
export type PortRole = "modem" | "at" | "ncm";

/** Where a dialer's unit is pulled in by udev (see Dialer.udevStart). */
export type UdevStart = { onModemTty: string } | { rules: string[] };
