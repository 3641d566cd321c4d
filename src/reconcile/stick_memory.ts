// Pure: no I/O. What the agent last saw per USB port, kept in /var/lib/stickmode/names.json:
// the stick's name (the guide's gsm%n, made stable), the identity it was read with, whether it
// had host files and whether it takes the AltMode switch at each plug. A stick that cannot be
// read keeps exactly this record, so a transient AT timeout never renames it or rewrites its
// dialer with another entry's settings.

import type { AltSwitch } from "../device/usb/system_modeswitch.ts";

/** Where the memory lives; written like any other host file (atomic, manifest, backup). */
export const MEMORY_PATH = "/var/lib/stickmode/names.json";

/** What one USB port held when it was last read completely. */
export interface PortRecord {
  name: string;
  imei: string | null;
  iccid: string | null;
  /** Whether the stick had host files (udev names, dialer) after that run. */
  hostFiles: boolean;
  /** The port's uplink number, unique on the host and kept for good: an NCM stick's routing
   * table and route metric derive from it (host/ncm_names.ts), so they never shift when
   * another stick comes or goes. */
  uplink: number;
  /** The storage-mode USB id of a stick that took the volatile path on this port: the host
   * sends it the AltMode switch at each plug (its firmware stores no layout). null otherwise;
   * files written before it existed read as null. */
  altSwitch: AltSwitch | null;
  /** With altSwitch: the interface ("02") of the tty AT answered on at that read (no layout
   * says it), so an unread stick keeps its host files; null otherwise. */
  atInterface: string | null;
}

/** portPath -> record. */
export type StickMemory = Readonly<Record<string, PortRecord>>;

/** The memory as read: a damaged file is reported, never silently taken for an empty one. */
export type ParsedMemory =
  | { ok: true; memory: StickMemory }
  | { ok: false; memory: StickMemory; problem: string };

const PORT_PATH = /^\d+-\d+(\.\d+)*$/;
/** Uplink numbers stay below this (routing tables and metrics add it to a base). */
export const MAX_UPLINKS = 10_000;

/**
 * Reads the memory file's text (null: no file yet). Version 1 files (names only) are read as
 * records without identity and host files.
 */
export function parseStickMemory(text: string | null): ParsedMemory {
  if (text === null) return { ok: true, memory: {} };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not the parser's message: it would quote the file.
    return damaged("not valid JSON");
  }
  if (!isRecord(data)) return damaged("not a JSON object");
  if (data.version === 1 && isRecord(data.names)) {
    const memory: Record<string, PortRecord> = {};
    for (const [port, name] of Object.entries(data.names)) {
      if (typeof name !== "string" || !PORT_PATH.test(port)) {
        return damaged(`entry "${port}" is not a port name pair`);
      }
      // Version 1 kept names of sticks that had host files; keep those while unread.
      memory[port] = {
        name,
        imei: null,
        iccid: null,
        hostFiles: true,
        uplink: -1,
        altSwitch: null,
        atInterface: null,
      };
    }
    return { ok: true, memory: withUplinks(memory) };
  }
  if (data.version !== 2 || !isRecord(data.ports)) return damaged("unknown version");
  const memory: Record<string, PortRecord> = {};
  for (const [port, record] of Object.entries(data.ports)) {
    if (!PORT_PATH.test(port) || !isPortRecord(record)) {
      return damaged(`entry "${port.slice(0, 40)}" is malformed`);
    }
    memory[port] = {
      name: record.name,
      imei: record.imei,
      iccid: record.iccid,
      hostFiles: record.hostFiles,
      // Files written before uplink numbers existed get theirs below.
      uplink: typeof record.uplink === "number" ? record.uplink : -1,
      altSwitch: record.altSwitch ?? null,
      atInterface: record.atInterface ?? null,
    };
  }
  const numbers = Object.values(memory).map((r) => r.uplink).filter((n) => n >= 0);
  if (new Set(numbers).size !== numbers.length) return damaged("an uplink number is used twice");
  return { ok: true, memory: withUplinks(memory) };
}

/** The file's text: ports sorted, so an unchanged memory is byte-identical. */
export function renderStickMemory(memory: StickMemory): string {
  const ports = Object.fromEntries(
    Object.entries(memory).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify({ version: 2, ports }, null, 2) + "\n";
}

/**
 * Names for `ports` (in port order for determinism). `fixed` holds profile names. Every other
 * port keeps its remembered "<prefix><n>" name, or gets the lowest number free; ports not present
 * keep their records, so a stick that comes back gets its old name.
 */
export function assignNames(
  ports: readonly string[],
  fixed: ReadonlyMap<string, string>,
  memory: StickMemory,
  prefix: string,
): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(
    Object.entries(memory).map(([port, r]) => [port, r.name]),
  );
  for (const [port, name] of fixed) out[port] = name;
  for (const port of [...ports].sort()) {
    if (fixed.has(port)) continue;
    const current = out[port];
    const usedElsewhere = current !== undefined &&
      Object.entries(out).some(([p, n]) => p !== port && n === current);
    if (current !== undefined && current.startsWith(prefix) && !usedElsewhere) continue;
    const used = new Set(Object.values(out));
    let n = 0;
    while (used.has(`${prefix}${n}`)) n++;
    out[port] = `${prefix}${n}`;
  }
  return out;
}

/** The lowest uplink number no record of `memory` holds. */
export function freeUplink(memory: StickMemory): number {
  const used = new Set(Object.values(memory).map((r) => r.uplink));
  let n = 0;
  while (used.has(n)) n++;
  return n;
}

/** Gives every record without an uplink number (-1) the lowest free one, in port order. */
function withUplinks(memory: Record<string, PortRecord>): StickMemory {
  for (const port of Object.keys(memory).sort()) {
    const record = memory[port]!;
    if (record.uplink < 0) record.uplink = freeUplink(memory);
  }
  return memory;
}

function damaged(problem: string): ParsedMemory {
  return { ok: false, memory: {}, problem };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const USB_ID = /^[0-9a-f]{4}$/;

function isAltSwitch(v: unknown): v is AltSwitch {
  return isRecord(v) && typeof v.vendor === "string" && USB_ID.test(v.vendor) &&
    typeof v.product === "string" && USB_ID.test(v.product);
}

/** A record as stored: uplink, altSwitch and atInterface may be missing from older files. */
type StoredRecord = Omit<PortRecord, "uplink" | "altSwitch" | "atInterface"> & {
  uplink?: number;
  altSwitch?: AltSwitch | null;
  atInterface?: string | null;
};

const INTERFACE = /^[0-9a-f]{2}$/;

function isPortRecord(v: unknown): v is StoredRecord {
  return isRecord(v) && typeof v.name === "string" && v.name !== "" &&
    (v.altSwitch === undefined || v.altSwitch === null || isAltSwitch(v.altSwitch)) &&
    (v.atInterface === undefined || v.atInterface === null ||
      (typeof v.atInterface === "string" && INTERFACE.test(v.atInterface))) &&
    (v.imei === null || typeof v.imei === "string") &&
    (v.iccid === null || typeof v.iccid === "string") && typeof v.hostFiles === "boolean" &&
    (v.uplink === undefined || (Number.isSafeInteger(v.uplink) && (v.uplink as number) >= 0 &&
      (v.uplink as number) < MAX_UPLINKS));
}
