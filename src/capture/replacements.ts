// Pure (given its random source): the stand-in for each identity, of the same shape so every
// parser still reads it: an IMEI keeps its TAC (the model) and gets a valid check digit, an
// ICCID its issuer prefix, an IMSI its MCC+MNC, a MAC its OUI; serials and tokens keep length
// and character classes; public addresses become documentation addresses (RFC 5737, 3849).

import type { MaskedKind } from "./capture_format.ts";
import type { Identity } from "./identities.ts";
import { luhnDigit } from "../at/luhn.ts";

/** An integer in [0, n). */
export type Random = (n: number) => number;

/** Uniform integers from the system's CSPRNG: a stand-in says nothing of the original. */
export const cryptoRandom: Random = (n) => {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! % n;
};

/** How many leading digits of each number kind stay (TAC; 89 + country + issuer; MCC+MNC). */
const KEEP: Partial<Record<MaskedKind, number>> = { imei: 8, iccid: 7, imsi: 6, msisdn: 3 };
const DOC_V4 = ["203.0.113.", "198.51.100.", "192.0.2."];

/** A stand-in for every identity: distinct, never equal to any original. */
export function chooseReplacements(
  ids: readonly Identity[],
  random: Random,
): Map<Identity, string> {
  const originals = new Set(ids.map((i) => i.value));
  const used = new Set<string>();
  const out = new Map<Identity, string>();
  let v4 = 0;
  let v6 = 0;
  for (const id of ids) {
    for (let attempt = 0;; attempt++) {
      const r = id.kind === "ip-address"
        ? (id.value.includes(":") ? `2001:db8::${(++v6).toString(16)}` : ipv4Stand(++v4))
        : standIn(id, random);
      if (!originals.has(r) && !used.has(r)) {
        used.add(r);
        out.set(id, r);
        break;
      }
      if (attempt > 100) throw new Error(`Cannot mask a ${id.kind}: no stand-in left`);
    }
  }
  return out;
}

function standIn(id: Identity, random: Random): string {
  const v = id.value;
  switch (id.kind) {
    case "imei":
    case "iccid": {
      const keep = Math.min(KEEP[id.kind]!, v.length - 1);
      const body = v.slice(0, keep) + digits(v.length - 1 - keep, random);
      return body + luhnDigit(body);
    }
    case "imsi":
      return v.slice(0, KEEP.imsi) + digits(Math.max(0, v.length - KEEP.imsi!), random);
    case "msisdn": {
      const plus = v.startsWith("+") ? "+" : "";
      const d = v.slice(plus.length);
      return plus + d.slice(0, KEEP.msisdn) + digits(Math.max(0, d.length - KEEP.msisdn!), random);
    }
    case "mac":
      return v.slice(0, 8) + Array.from({ length: 3 }, () => hex2(random)).join("");
    case "serial":
    case "hilink-token":
      return [...v].map((c) => sameClass(c, random)).join("");
    case "ip-address":
      return v; // chosen by chooseReplacements
  }
}

function digits(n: number, random: Random): string {
  return Array.from({ length: n }, () => String(random(10))).join("");
}

function hex2(random: Random): string {
  return `:${random(256).toString(16).padStart(2, "0")}`;
}

function ipv4Stand(n: number): string {
  const block = Math.floor((n - 1) / 254);
  if (block >= DOC_V4.length) throw new Error("Cannot mask more than 762 public addresses");
  return `${DOC_V4[block]}${((n - 1) % 254) + 1}`;
}

function sameClass(c: string, random: Random): string {
  const pick = (set: string) => set[random(set.length)]!;
  if (/[0-9]/.test(c)) return pick("0123456789");
  if (/[A-Z]/.test(c)) return pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  if (/[a-z]/.test(c)) return pick("abcdefghijklmnopqrstuvwxyz");
  return c;
}
