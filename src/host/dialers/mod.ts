// Pure: no I/O. The one place dialer kinds are listed: the profile's `dialer.kind` enum, the
// renderers, the managed paths and the dialer control all look the kind up here. Adding a dialer
// is adding its module and one line below.

import type { Dialer } from "./dialer.ts";
import { PPPD } from "./pppd.ts";
import { WVDIAL } from "./wvdial.ts";

export type { Dialer } from "./dialer.ts";

/** Every dialer, by kind; the key order is the order the schema lists them in. */
export const DIALERS = { wvdial: WVDIAL, pppd: PPPD } as const satisfies Record<string, Dialer>;

/** A profile's `dialer.kind`: a key of DIALERS. */
export type DialerKind = keyof typeof DIALERS;

/** The kinds as a non-empty tuple, for the profile schema's enum. */
export const DIALER_KINDS = Object.keys(DIALERS) as [DialerKind, ...DialerKind[]];

/** The module of `kind`. */
export function dialerFor(kind: DialerKind): Dialer {
  return DIALERS[kind];
}
