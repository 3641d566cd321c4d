// glibc `struct termios` through FFI: the layout as named offsets, raw-mode setup with read-back,
// and a start-up self-check that catches a libc with another layout (docs/deno.md#termios-layout).
//
// struct termios {            // glibc generic header, identical on x86_64 and aarch64
//   tcflag_t c_iflag;         //  @0  u32
//   tcflag_t c_oflag;         //  @4  u32
//   tcflag_t c_cflag;         //  @8  u32
//   tcflag_t c_lflag;         // @12  u32
//   cc_t     c_line;          // @16  u8
//   cc_t     c_cc[NCCS];      // @17  u8[32]  (VTIME = c_cc[5] @22, VMIN = c_cc[6] @23)
//   speed_t  c_ispeed;        // @52  u32
//   speed_t  c_ospeed;        // @56  u32
// };                          // sizeof = 60 (not the kernel's 36-byte struct)

import { ErrnoError } from "../ffi/errno.ts";
import { lastErrno, libc } from "../ffi/libc.ts";

/** sizeof(struct termios) in glibc. */
export const TERMIOS_SIZE = 60;
/** Offset of c_iflag. */
export const C_IFLAG = 0;
/** Offset of c_oflag. */
export const C_OFLAG = 4;
/** Offset of c_cflag. */
export const C_CFLAG = 8;
/** Offset of c_lflag. */
export const C_LFLAG = 12;
/** Offset of c_cc. */
export const C_CC = 17;
/** Index of VTIME in c_cc. */
export const VTIME = 5;
/** Index of VMIN in c_cc. */
export const VMIN = 6;
/** Offset of c_ispeed. */
export const C_ISPEED = 52;
/** Offset of c_ospeed. */
export const C_OSPEED = 56;

/** c_cflag: the speed bits. */
export const CBAUD = 0o10017;
/** c_cflag: ignore modem control lines. */
export const CLOCAL = 0o4000;
/** c_cflag: enable the receiver. */
export const CREAD = 0o200;
/** c_cflag: RTS/CTS flow control. */
export const CRTSCTS = 0o20000000000;
/** c_lflag: echo input. */
export const ECHO = 0o10;
/** c_lflag: canonical (line by line) input. */
export const ICANON = 0o2;
/** tcsetattr(3): the change takes effect now. */
export const TCSANOW = 0;
/** tcflush(3): drop both unread input and unsent output. */
export const TCIOFLUSH = 2;

/** Baud rates stickmode offers, as termios speed_t codes (asm-generic/termbits.h). */
export const BAUD_CODES: Readonly<Record<number, number>> = {
  9600: 0o15,
  19200: 0o16,
  38400: 0o17,
  57600: 0o10001,
  115200: 0o10002,
  230400: 0o10003,
  460800: 0o10004,
  921600: 0o10007,
};

/** The fields stickmode sets and compares after a read-back. */
export interface TermiosFlags {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  vmin: number;
  vtime: number;
  ispeed: number;
  ospeed: number;
}

/** The termios speed code for `baud`.
 * @throws {RangeError} when `baud` is not one of BAUD_CODES
 */
export function baudCode(baud: number): number {
  const code = BAUD_CODES[baud];
  if (code === undefined) {
    throw new RangeError(
      `Cannot use baud rate ${baud}: expected one of ${Object.keys(BAUD_CODES).join(", ")}`,
    );
  }
  return code;
}

/** The fields of a struct termios buffer. */
export function decodeTermios(buf: Uint8Array): TermiosFlags {
  const v = new DataView(buf.buffer, buf.byteOffset, TERMIOS_SIZE);
  return {
    iflag: v.getUint32(C_IFLAG, true),
    oflag: v.getUint32(C_OFLAG, true),
    cflag: v.getUint32(C_CFLAG, true),
    lflag: v.getUint32(C_LFLAG, true),
    vmin: buf[C_CC + VMIN] ?? 0,
    vtime: buf[C_CC + VTIME] ?? 0,
    ispeed: v.getUint32(C_ISPEED, true),
    ospeed: v.getUint32(C_OSPEED, true),
  };
}

/** tcgetattr into a fresh buffer; `label` names the tty in errors.
 * @throws {ErrnoError} when tcgetattr(3) fails (ENOTTY: not a tty)
 */
export function getTermios(fd: number, label: string): Uint8Array<ArrayBuffer> {
  const buf = new Uint8Array(TERMIOS_SIZE);
  if (libc().tcgetattr(fd, buf) !== 0) throw new ErrnoError("tcgetattr", lastErrno(), label);
  return buf;
}

/**
 * Raw 8N1 at `baud`, no flow control, CLOCAL|CREAD, reads return at once (VMIN 0, VTIME 0: every
 * wait is a bounded poll). Returns what the driver wrote back, which the caller compares.
 * @throws {ErrnoError} when tcgetattr(3) or tcsetattr(3) fails
 */
export function setRawMode(fd: number, baud: number, label: string): TermiosFlags {
  const code = baudCode(baud);
  const t = getTermios(fd, label);
  const lib = libc();
  lib.cfmakeraw(t);
  lib.cfsetispeed(t, code);
  lib.cfsetospeed(t, code);
  const v = new DataView(t.buffer);
  const cflag = (v.getUint32(C_CFLAG, true) | CLOCAL | CREAD) & ~CRTSCTS;
  v.setUint32(C_CFLAG, cflag >>> 0, true);
  t[C_CC + VMIN] = 0;
  t[C_CC + VTIME] = 0;
  if (lib.tcsetattr(fd, TCSANOW, t) !== 0) throw new ErrnoError("tcsetattr", lastErrno(), label);
  return decodeTermios(t);
}

let layoutChecked = false;

/**
 * Sets B115200 in a scratch struct and reads the speed back at the offsets above. A libc with
 * another struct layout would corrupt every tty we touch, so stop before opening one.
 * @throws {Error} when the speed reads back at other offsets
 */
export function checkTermiosLayout(): void {
  if (layoutChecked) return;
  const t = new Uint8Array(TERMIOS_SIZE);
  libc().cfmakeraw(t);
  libc().cfsetospeed(t, BAUD_CODES[115200]!);
  libc().cfsetispeed(t, BAUD_CODES[115200]!);
  const flags = decodeTermios(t);
  const ok = flags.ospeed === 0o10002 && flags.ispeed === 0o10002 &&
    (flags.cflag & CBAUD) === 0o10002;
  if (!ok) {
    throw new Error(
      `Cannot use this libc's termios: B115200 read back as c_ospeed=0o${
        flags.ospeed.toString(8)
      }, c_cflag&CBAUD=0o${(flags.cflag & CBAUD).toString(8)} (expected 0o10002; glibc layout?)`,
    );
  }
  layoutChecked = true;
}
