// Pure: no I/O. Stick or HiLink firmware? The firmware's own word first (^VERSION EXTD ending in
// _HILINK), the major version only as a hint: 21.x stick, 22.x HiLink (docs/domain.md; one
// published 21.x answer says hilink, which the first rule catches).

import type { VersionInfo } from "./parse_version.ts";

/** Stick firmware (AT and modem ports) or HiLink firmware (web API behind a network interface). */
export type FirmwareFamily = "stick" | "hilink";

/** Which family the firmware belongs to, from AT^VERSION? and else the ATI revision; null when
 * neither tells. */
export function firmwareFamilyOf(
  version: VersionInfo | null,
  firmware: string | null,
): FirmwareFamily | null {
  if (version?.hilink) return "hilink";
  const major = /^(\d+)\./.exec(version?.firmware ?? firmware ?? "")?.[1];
  if (major === "21") return "stick";
  if (major === "22") return "hilink";
  return null;
}
