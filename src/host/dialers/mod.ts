// Pure: no I/O. The one place dialer kinds are listed: the profile's `dialer.kind` enum, the
// renderers, the managed paths and the dialer control all look the kind up here. Adding a dialer
// is adding its module and one line below.

import type { HostSettings, HostStick } from "../host_stick.ts";
import type { Dialer } from "./dialer.ts";
import { NCM } from "./ncm.ts";
import { PPPD } from "./pppd.ts";
import { WVDIAL } from "./wvdial.ts";

export type { Dialer } from "./dialer.ts";

/** Every dialer, by kind; the key order is the order the schema lists them in. */
export const DIALERS = { wvdial: WVDIAL, pppd: PPPD, ncm: NCM } as const satisfies Record<
  string,
  Dialer
>;

/** A profile's `dialer.kind`: a key of DIALERS. */
export type DialerKind = keyof typeof DIALERS;

/** The kinds as a non-empty tuple, for the profile schema's enum. */
export const DIALER_KINDS = Object.keys(DIALERS) as [DialerKind, ...DialerKind[]];

/** The dialer kinds a render writes files and a template for: the profile's default kind
 * (HostSettings.dialerKind) and every stick's own, in registry order. */
export function kindsInUse(
  sticks: readonly Pick<HostStick, "dialerKind">[],
  settings: Pick<HostSettings, "dialerKind">,
): DialerKind[] {
  const used = new Set<DialerKind>([settings.dialerKind, ...sticks.map((s) => s.dialerKind)]);
  return DIALER_KINDS.filter((k) => used.has(k));
}

/** The module of `kind`. */
export function dialerFor(kind: DialerKind): Dialer {
  return DIALERS[kind];
}
