// Pure: no I/O. Parser for AT^GETPORTMODE: which interface carries which port of the current
// layout (docs/domain.md#atgetportmode; ModemManager's mm_huawei_parse_getportmode_response).

import { AtParseError } from "./errors.ts";

/** One port of the current layout and the USB interface that carries it. */
export interface PortModeEntry {
  /** Upper-case port name as the stick says it: PCUI, MDM, NDIS, GPS, CDROM, SD, 3G_MODEM ... */
  name: string;
  /** USB interface number. */
  interface: number;
}

/**
 *   ^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,PCUI:1,NDIS:2,               (E3372h-153, T4)
 *   ^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1,NDIS:2,CDROM:3,SD:4,  (T4)
 *   ^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1                       (ModemManager test, T9)
 *   ^GETPORTMODE: TYPE: WCDMA: huawei,,pcui:0,3g_modem:1,ncm:2,mass:3,mass_two:4   (T9)
 * @throws {AtParseError} when there is no ^GETPORTMODE line with ports
 */
export function parseGetportmode(reply: string): PortModeEntry[] {
  const lines = reply.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l && l !== "OK");
  const line = lines.find((l) => /^\^GETPORTMODE:/i.test(l));
  if (!line) throw new AtParseError("AT^GETPORTMODE", reply, "no ^GETPORTMODE line");
  const body = line.replace(/^\^GETPORTMODE:\s*/i, "");
  const comma = body.indexOf(",");
  if (comma < 0) throw new AtParseError("AT^GETPORTMODE", reply, "no port list after the type");
  const entries: PortModeEntry[] = [];
  for (const item of body.slice(comma + 1).split(",")) {
    const text = item.trim();
    if (text === "") continue;
    const m = /^([A-Za-z0-9_]+)\s*:\s*(\d+)$/.exec(text);
    if (!m) throw new AtParseError("AT^GETPORTMODE", reply, `"${text}" is not name:interface`);
    entries.push({ name: m[1]!.toUpperCase(), interface: Number(m[2]) });
  }
  if (entries.length === 0) throw new AtParseError("AT^GETPORTMODE", reply, "no ports listed");
  return entries;
}
