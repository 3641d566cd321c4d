// Pure (given its random source): masking a capture as a last pass over its serialized text,
// so no original survives anywhere it was written (AT answers, HiLink XML, sysfs attributes,
// the note), each replaced by the same stand-in everywhere, in each spelling: digits with or
// without separators, a MAC in either case with ":" or "-" or none, a swapped ICCID.

import type { CaptureFile, MaskedKind } from "./capture_format.ts";
import { MaskedKindSchema } from "./capture_format.ts";
import { findIdentities, type Identity } from "./identities.ts";
import { chooseReplacements, cryptoRandom, type Random } from "./replacements.ts";

/** A masked capture: the text to write, and the file it is (with `masked` filled in). */
export interface MaskedCapture {
  text: string;
  file: CaptureFile;
}

interface Rule {
  pattern: RegExp;
  replace: (match: string) => string;
}

/**
 * Masks every identity in `file` and serializes it.
 * @throws {Error} when an original is still in the text after the pass (a bug, never written)
 */
export function maskCapture(file: CaptureFile, random: Random = cryptoRandom): MaskedCapture {
  const ids = findIdentities(file);
  const stand = chooseReplacements(ids, random);
  const counts = new Map<MaskedKind, number>();
  for (const id of ids) counts.set(id.kind, (counts.get(id.kind) ?? 0) + 1);
  const masked = MaskedKindSchema.options.map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
  let text = JSON.stringify({ ...file, masked }, null, 2) + "\n";
  // Longest first: a value inside a longer one is replaced as part of it.
  const ordered = [...ids].sort((a, b) => b.value.length - a.value.length);
  for (const id of ordered) {
    for (const rule of rulesFor(id, stand.get(id)!)) {
      text = text.replace(rule.pattern, rule.replace);
    }
  }
  for (const id of ordered) {
    for (const rule of rulesFor(id, id.value)) {
      rule.pattern.lastIndex = 0;
      if (rule.pattern.test(text)) {
        throw new Error(`Cannot mask the capture: a ${id.kind} is still in it after masking`);
      }
    }
  }
  return { text, file: JSON.parse(text) as CaptureFile };
}

/** How `id` is found in the text, each spelling with its replacement by `to`. */
function rulesFor(id: Identity, to: string): Rule[] {
  const v = id.value;
  switch (id.kind) {
    case "imei":
    case "imsi":
    case "msisdn":
      return [digitRule(v.replace(/^\+/, ""), to.replace(/^\+/, ""))];
    case "iccid":
      return [digitRule(v, to), literal(swap(v), swap(to), "gi")];
    case "mac":
      return [macRule(v, to)];
    case "ip-address":
      return [{
        pattern: new RegExp(`(?<![\\d.:A-Za-z])${escape(v)}(?![\\d.:A-Za-z])`, "gi"),
        replace: () => to,
      }];
    case "serial":
    case "hilink-token": {
      const json = JSON.stringify(v).slice(1, -1);
      const rules = [literal(v, to, "g")];
      if (json !== v) rules.push(literal(json, JSON.stringify(to).slice(1, -1), "g"));
      return rules;
    }
  }
}

/** The digits, with an optional separator between any two; the separators are kept. */
function digitRule(from: string, to: string): Rule {
  const body = [...from].map((d) => escape(d)).join("[-. ]?");
  return {
    pattern: new RegExp(`(?<!\\d)${body}(?!\\d)`, "g"),
    replace: (m) => {
      let i = 0;
      return m.replace(/\d/g, () => to[i++] ?? "0");
    },
  };
}

/** A MAC in any case, with ":" or "-" or no separator; the match's case and separator kept. */
function macRule(from: string, to: string): Rule {
  const octets = from.split(":");
  const body = octets.map((o) => escape(o)).join("[:-]?");
  const toHex = to.replace(/:/g, "");
  return {
    pattern: new RegExp(`(?<![0-9A-Fa-f])${body}(?![0-9A-Fa-f])`, "gi"),
    replace: (m) => {
      const upper = /[A-F]/.test(m) && !/[a-f]/.test(m);
      let i = 0;
      const out = m.replace(/[0-9A-Fa-f]/g, () => toHex[i++] ?? "0");
      return upper ? out.toUpperCase() : out.toLowerCase();
    },
  };
}

/** `from` literally (with alphanumeric boundaries), replaced by `to` in the match's case. */
function literal(from: string, to: string, flags: string): Rule {
  return {
    pattern: new RegExp(`(?<![A-Za-z0-9])${escape(from)}(?![A-Za-z0-9])`, flags),
    replace: (m) => (m === m.toLowerCase() && m !== m.toUpperCase() ? to.toLowerCase() : to),
  };
}

/** The ICCID as the SIM stores it: nibbles swapped, padded with F to an even length. */
function swap(iccid: string): string {
  const padded = iccid.length % 2 ? `${iccid}F` : iccid;
  return padded.replace(/(.)(.)/g, "$2$1");
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
