// Pure: no I/O. The answers of AT^SYSCFGEX (LTE sticks) and AT^SYSCFG (old 3G sticks): the
// network mode, LTE bands and roaming in effect, and what the stick offers. Formats as
// ModemManager's Huawei plugin reads them (docs/domain.md#radio-settings).

import { AtParseError } from "./errors.ts";
import { type LteBands, lteBandsOfMask, SYSCFG_DEFAULT_TEST } from "./radio_codes.ts";

/** `^SYSCFGEX: "030201",3FFFFFFF,1,2,7FFFFFFFFFFFFFFF,,` as read. */
export interface SyscfgexQuery {
  /** The mode string: "00" auto, "03" LTE only, "030201" LTE then UMTS then GSM ... */
  modeCode: string;
  /** 0 roaming off, 1 on; null when the stick says something else. */
  roam: 0 | 1 | null;
  /** The LTE bands on; null when the field is empty (a stick without LTE). */
  lteBands: LteBands | null;
}

/** What `AT^SYSCFGEX=?` lists. */
export interface SyscfgexTest {
  /** Mode strings the stick takes, "99" (no change) left out. */
  modeCodes: string[];
  /** The LTE bands its groups name (the all-bands group left out); null: no LTE field at all;
   * [] with `lte` true: only the all-bands group. */
  lteBands: number[] | null;
}

/** `^SYSCFG:2,0,3FFFFFFF,1,2` as read (mode, acquisition order, band, roam, domain). */
export interface SyscfgQuery {
  /** "mode,acqorder", normalised as ModemManager does: GSM only (13) and WCDMA only (14)
   * ignore the order ("14,0"). */
  modeCode: string;
  roam: 0 | 1 | null;
}

/** What `AT^SYSCFG=?` lists: "mode,acqorder" codes. */
export interface SyscfgTest {
  modeCodes: string[];
}

/** Parses the answer to `AT^SYSCFGEX?`.
 * @throws {AtParseError} when it is not `^SYSCFGEX: <mode>,<band>,<roam>,<domain>,<lteband>` */
export function parseSyscfgexQuery(reply: string): SyscfgexQuery {
  const fields = fieldsAfter(reply, "^SYSCFGEX:", "AT^SYSCFGEX?");
  const modeCode = unquote(fields[0] ?? "");
  if (fields.length < 5 || !/^(\d\d)+$/.test(modeCode)) {
    throw new AtParseError("AT^SYSCFGEX?", reply, "expected a mode and four more fields");
  }
  const lte = fields[4]!.trim();
  if (lte !== "" && !/^[0-9A-Fa-f]{1,16}$/.test(lte)) {
    throw new AtParseError("AT^SYSCFGEX?", reply, `expected a hexadecimal LTE band mask`);
  }
  return {
    modeCode,
    roam: roamOf(fields[2]),
    lteBands: lte === "" ? null : lteBandsOfMask(BigInt(`0x${lte}`)),
  };
}

/** Parses the answer to `AT^SYSCFGEX=?`.
 * @throws {AtParseError} when it has fewer than five groups or no mode */
export function parseSyscfgexTest(reply: string): SyscfgexTest {
  const groups = topLevelGroups(afterTag(reply, "^SYSCFGEX:", "AT^SYSCFGEX=?"));
  const modeCodes = (groups[0] ?? "").split(",").map(unquote).filter((c) => /^(\d\d)+$/.test(c))
    .filter((c) => c !== "99");
  if (groups.length < 5 || modeCodes.length === 0) {
    throw new AtParseError("AT^SYSCFGEX=?", reply, "expected five groups and at least one mode");
  }
  const lte = groups[4]!.trim();
  return { modeCodes, lteBands: lte === "" ? null : listedBands(lte, reply) };
}

/** Parses the answer to `AT^SYSCFG?`.
 * @throws {AtParseError} when it is not `^SYSCFG:<mode>,<acqorder>,<band>,<roam>,<domain>` */
export function parseSyscfgQuery(reply: string): SyscfgQuery {
  const fields = fieldsAfter(reply, "^SYSCFG:", "AT^SYSCFG?");
  const [mode, order] = [fields[0]?.trim() ?? "", fields[1]?.trim() ?? ""];
  if (fields.length < 5 || !/^\d+$/.test(mode) || !/^\d+$/.test(order)) {
    throw new AtParseError("AT^SYSCFG?", reply, "expected mode, order, band, roam, domain");
  }
  return { modeCode: normaliseSyscfgMode(mode, order), roam: roamOf(fields[3]) };
}

/** Parses the answer to `AT^SYSCFG=?`; firmware that answers it empty gets ModemManager's
 * default list (`^SYSCFG:(2,13,14,16),(0-3),,,`).
 * @throws {AtParseError} when it lists no mode */
export function parseSyscfgTest(reply: string): SyscfgTest {
  const text = reply.trim() === "" ? SYSCFG_DEFAULT_TEST : reply;
  const groups = topLevelGroups(afterTag(text, "^SYSCFG:", "AT^SYSCFG=?"));
  const range = /^(\d+)-(\d+)$/.exec((groups[1] ?? "").trim());
  const [lo, hi] = range ? [Number(range[1]), Number(range[2])] : [0, 0];
  const codes: string[] = [];
  for (const mode of (groups[0] ?? "").split(",").map((m) => m.trim())) {
    if (mode === "13" || mode === "14") codes.push(`${mode},0`);
    if (mode === "2") {
      for (let order = lo; order <= Math.min(hi, 2); order++) codes.push(`2,${order}`);
    }
  }
  if (codes.length === 0) throw new AtParseError("AT^SYSCFG=?", reply, "expected modes 2, 13, 14");
  return { modeCodes: codes };
}

function normaliseSyscfgMode(mode: string, order: string): string {
  return mode === "13" || mode === "14" ? `${mode},0` : `${mode},${order}`;
}

function roamOf(field: string | undefined): 0 | 1 | null {
  const v = field?.trim();
  return v === "0" ? 0 : v === "1" ? 1 : null;
}

function unquote(s: string): string {
  return s.trim().replace(/^"(.*)"$/, "$1");
}

function afterTag(reply: string, tag: string, command: string): string {
  const line = reply.split(/\r?\n/).map((l) => l.trim()).find((l) =>
    l.toUpperCase().startsWith(tag)
  );
  if (line === undefined) throw new AtParseError(command, reply, `expected a ${tag} line`);
  return line.slice(tag.length).trim();
}

function fieldsAfter(reply: string, tag: string, command: string): string[] {
  return afterTag(reply, tag, command).split(",");
}

/** `(a,b),((x,"y")),,(0-2)` -> ["a,b", '(x,"y")', "", "0-2"]: top-level items, one pair of
 * parentheses removed. */
function topLevelGroups(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === "(" && depth++ === 0) continue;
    if (!quoted && ch === ")" && --depth === 0) continue;
    if (!quoted && ch === "," && depth === 0) {
      out.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}

/** The bands of `(800c5,"LTE2100/..."),(7fffffffffffffff,"All bands")`, all-bands left out. */
function listedBands(groups: string, reply: string): number[] {
  const bands = new Set<number>();
  for (const group of topLevelGroups(groups)) {
    const hex = group.split(",")[0]?.trim() ?? "";
    if (hex === "") continue;
    if (!/^[0-9A-Fa-f]{1,16}$/.test(hex)) {
      throw new AtParseError("AT^SYSCFGEX=?", reply, `expected a band mask, found "${hex}"`);
    }
    const listed = lteBandsOfMask(BigInt(`0x${hex}`));
    if (listed !== "all") { for (const b of listed) bands.add(b); }
  }
  return [...bands].sort((a, b) => a - b);
}
