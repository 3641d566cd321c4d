// Test helper: a stick resolved against a minimal profile (defaults only), as observe carries it.

import type { ResolvedStick } from "../../src/reconcile/resolve_stick.ts";
import { createStickResolver } from "../../src/reconcile/resolve_stick.ts";
import { parseProfile } from "../e2e/_fleet.ts";

const PROFILE = parseProfile("version: 1\ndefaults:\n  apn: { name: web.pt.lu }\n");

/** The resolution of a stick on `portPath` read with `imei` (or only known by its port). */
export function resolvedAt(portPath: string, imei: string | null = null): ResolvedStick {
  return createStickResolver(PROFILE, {})(portPath, imei === null ? null : { imei, iccid: null });
}
