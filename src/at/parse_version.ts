// Pure: no I/O. Parser for AT^VERSION?, the firmware's own statement of what it is: HiLink
// builds end EXTD in "_HILINK" (docs/domain.md#identity, T3).

import { AtParseError } from "./errors.ts";

/** What AT^VERSION? says. */
export interface VersionInfo {
  /** Every KEY:value line, e.g. EXTS -> "22.329.63.00.74". */
  fields: Record<string, string>;
  /** EXTS, the external software version, or null. */
  firmware: string | null;
  /** True when EXTD (the web UI version) ends in _HILINK. */
  hilink: boolean;
}

/**
 *   ^VERSION:BDT:Apr 08 2018, 12:13:47
 *   ^VERSION:EXTS:22.329.63.00.74
 *   ^VERSION:INTS:
 *   ^VERSION:EXTD:WEBUI_17.100.20.02.74_HILINK
 *   ^VERSION:EXTH:CL2E3372HM Ver.A        (E3372h-607, T3)
 * @throws {AtParseError} when there is no ^VERSION:KEY:value line
 */
export function parseVersion(reply: string): VersionInfo {
  const fields: Record<string, string> = {};
  const lines = reply.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l && l !== "OK");
  for (const line of lines) {
    const m = /^\^VERSION:\s*([A-Z]+):(.*)$/i.exec(line);
    if (!m) {
      throw new AtParseError("AT^VERSION?", reply, `line "${line}" is not ^VERSION:KEY:value`);
    }
    fields[m[1]!.toUpperCase()] = m[2]!.trim();
  }
  if (lines.length === 0) throw new AtParseError("AT^VERSION?", reply, "no ^VERSION lines");
  return {
    fields,
    firmware: fields["EXTS"] || null,
    hilink: /_HILINK$/i.test(fields["EXTD"] ?? ""),
  };
}
