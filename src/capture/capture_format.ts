// Pure: no I/O. The capture file: what `stickmode capture` writes about real sticks and what
// `stickmode sim --replay` answers from (docs/capture.md). One JSON document, versioned, bounded
// in size, checked with this schema before anything in it is used: a capture comes from
// somebody else's machine and is input like a profile.

import { z } from "zod";

/** The `format` value every capture file carries. */
export const CAPTURE_FORMAT = "stickmode-capture";
/** The version this build writes and reads; a reader refuses any other major version. */
export const CAPTURE_FORMAT_VERSION = "1.0";
/** A capture larger than this is refused before it is parsed (a bug report attachment). */
export const CAPTURE_MAX_BYTES = 4 * 1024 * 1024;

const hex4 = z.string().regex(/^[0-9a-f]{4}$/, "expected four lower-case hex digits");
const hex2 = z.string().regex(/^[0-9a-f]{2}$/, "expected two lower-case hex digits");
const portPath = z.string().regex(/^\d+-\d+(\.\d+)*$/, 'expected a USB port path like "1-3"');
const kernelName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,31}$/, "expected a kernel name");
/** Milliseconds since the capture started (exchanges) or a duration. */
const ms = z.number().finite().min(0).max(86_400_000);
const text = (max: number) => z.string().max(max);

/** One USB interface as sysfs showed it, with what hung off it. */
export const CapturedInterfaceSchema = z.strictObject({
  /** bInterfaceNumber, "00". */
  number: hex2,
  class: hex2,
  subclass: hex2,
  protocol: hex2,
  /** Bound driver, or null. */
  driver: kernelName.nullable(),
  /** The tty on this interface ("ttyUSB0"), if any. */
  tty: kernelName.optional(),
  /** The network interface on this interface, if any; mac masked. */
  net: z.strictObject({ name: kernelName, mac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/) })
    .optional(),
});

/** The USB device: the descriptor tree discovery reads, plus the raw attributes seen (the way
 * umockdev-record lists a device's `A:` lines) for whoever debugs it later. */
export const CapturedUsbSchema = z.strictObject({
  portPath,
  vid: hex4,
  pid: hex4,
  /** bcdDevice, four hex digits, when sysfs had it. */
  bcdDevice: hex4.optional(),
  manufacturer: text(128).optional(),
  product: text(128).optional(),
  /** Masked. */
  serial: text(128).optional(),
  interfaces: z.array(CapturedInterfaceSchema).max(32),
  /** Attribute files of the device and its interfaces, relative to the device directory
   * ("idVendor", "1-3:1.0/bInterfaceClass", "descriptors" as hex); masked. */
  attributes: z.record(text(256), text(8192)).default({}),
});

/** One AT exchange on one tty: the bytes written and everything read until the final result
 * (or until the deadline: `timedOut`), with when it started and how long the answer took. */
export const CapturedAtExchangeSchema = z.strictObject({
  /** Kernel name of the tty ("ttyUSB2"). */
  tty: kernelName,
  /** Start, ms since the capture started. */
  atMs: ms,
  /** The command as sent, without the trailing CR ("AT^SETPORT?"). `stickmode capture` sends
   * only reading commands; a corpus file made from a published transcript may hold writes. */
  command: text(512),
  /** Everything read back, raw (CR LF framing, echo and URCs where they fell). */
  response: text(65536),
  /** Time from the write to the last byte of the response. */
  elapsedMs: ms,
  /** True when no final result came before the deadline. */
  timedOut: z.boolean().default(false),
});

/** One HiLink web API exchange (capture sends GETs only). */
export const CapturedHilinkExchangeSchema = z.strictObject({
  atMs: ms,
  /** `stickmode capture` sends GET only; a corpus file made from a published transcript may hold
   * the POST a write needs (api/device/mode), so apply can be replayed to its end. */
  method: z.enum(["GET", "POST"]),
  /** Path and query, "/api/device/information". */
  path: z.string().regex(/^\/[\x21-\x7e]{0,255}$/, "expected an absolute request path"),
  status: z.number().int().min(100).max(599),
  contentType: text(128).optional(),
  /** The Location header of a redirect (some firmware sends the home page to /html/home.html),
   * when there was one. */
  location: text(1024).optional(),
  /** The body as received (XML), masked. */
  body: text(262144),
  elapsedMs: ms,
});

/** A personality change seen while capturing (re-enumeration), or the one found at start. */
export const CapturedPersonalitySchema = z.strictObject({
  atMs: ms,
  vid: hex4,
  pid: hex4,
  mode: z.enum(["storage", "hilink", "debug", "modem", "unknown"]),
  /** The interfaces it showed, when they differ from `usb.interfaces` (a layout change after
   * AT^RESET); absent: replay shows usb.interfaces under this personality's ids. */
  interfaces: z.array(CapturedInterfaceSchema).max(32).optional(),
});

/** Everything captured of one stick. */
export const CapturedStickSchema = z.strictObject({
  /** The name stickmode knew it by (names.json), if any: operator-chosen, not masked. */
  name: text(64).optional(),
  usb: CapturedUsbSchema,
  /** The HiLink address the answers came from ("192.168.8.1"), when the stick was in HiLink. */
  hilinkAddress: text(64).optional(),
  personalities: z.array(CapturedPersonalitySchema).max(64).default([]),
  at: z.array(CapturedAtExchangeSchema).max(4096).default([]),
  hilink: z.array(CapturedHilinkExchangeSchema).max(1024).default([]),
  /** Why the capture of this stick is incomplete ("Cannot read stick ...: ..."), if it is:
   * what was recorded up to that point is still here. */
  problem: text(1024).optional(),
});

/** What masking replaced, by kind, so a reader knows which values are not the stick's own. */
export const MaskedKindSchema = z.enum([
  "imei",
  "iccid",
  "imsi",
  "msisdn",
  "mac",
  "serial",
  "hilink-token",
  "ip-address",
]);

/** A whole capture file. */
export const CaptureFileSchema = z.strictObject({
  format: z.literal(CAPTURE_FORMAT),
  formatVersion: z.string().regex(/^1\.\d+$/, `expected "${CAPTURE_FORMAT_VERSION}" or a 1.x`),
  /** ISO 8601, UTC. */
  capturedAt: z.iso.datetime(),
  /** The stickmode version that wrote it. */
  stickmodeVersion: text(64),
  /** What was masked and how many distinct values of each kind. */
  masked: z.array(z.strictObject({ kind: MaskedKindSchema, count: z.number().int().min(0) }))
    .max(16),
  /** Free text from the operator (`--note`), e.g. what went wrong. */
  note: text(4096).optional(),
  sticks: z.array(CapturedStickSchema).min(1).max(128),
});

/** CapturedInterface as the schema gives it. */
export type CapturedInterface = z.infer<typeof CapturedInterfaceSchema>;
/** CapturedUsb as the schema gives it. */
export type CapturedUsb = z.infer<typeof CapturedUsbSchema>;
/** CapturedAtExchange as the schema gives it. */
export type CapturedAtExchange = z.infer<typeof CapturedAtExchangeSchema>;
/** CapturedHilinkExchange as the schema gives it. */
export type CapturedHilinkExchange = z.infer<typeof CapturedHilinkExchangeSchema>;
/** CapturedPersonality as the schema gives it. */
export type CapturedPersonality = z.infer<typeof CapturedPersonalitySchema>;
/** CapturedStick as the schema gives it. */
export type CapturedStick = z.infer<typeof CapturedStickSchema>;
/** MaskedKind as the schema gives it. */
export type MaskedKind = z.infer<typeof MaskedKindSchema>;
/** CaptureFile as the schema gives it. */
export type CaptureFile = z.infer<typeof CaptureFileSchema>;
