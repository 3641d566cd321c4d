// Pure: no I/O. IPv4 addresses and the 16-byte `struct sockaddr_in` connect() takes, built by hand:
//   struct sockaddr_in { sa_family_t sin_family; /* u16 @0, host order */
//                        in_port_t sin_port;     /* u16 @2, network order (big-endian) */
//                        struct in_addr sin_addr; /* 4 bytes @4, network order */
//                        unsigned char sin_zero[8]; /* @8 */ };

/** Address family of IPv4 (sin_family). */
export const AF_INET = 2;
/** sizeof(struct sockaddr_in). */
export const SOCKADDR_IN_SIZE = 16;

/** Dotted-quad text to its four bytes; throws with the offending text.
 * @throws {Error} when `text` is not a dotted-quad IPv4 address
 */
export function parseIpv4(text: string): [number, number, number, number] {
  const parts = text.split(".");
  const bytes = parts.map((p) => (/^(0|[1-9][0-9]{0,2})$/.test(p) ? Number(p) : NaN));
  if (bytes.length !== 4 || bytes.some((b) => !(b >= 0 && b <= 255))) {
    throw new Error(
      `Cannot use "${text}" as an address: expected an IPv4 address like 192.168.8.1`,
    );
  }
  return bytes as [number, number, number, number];
}

/** The struct sockaddr_in for `ip`:`port`.
 * @throws {Error} when `ip` is not an IPv4 address or `port` not 1-65535
 */
export function sockaddrIn(ip: string, port: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Cannot use port ${port}: expected 1-65535`);
  }
  const out = new Uint8Array(SOCKADDR_IN_SIZE);
  const view = new DataView(out.buffer);
  // sin_family is host order; every Linux target stickmode builds for is little-endian.
  view.setUint16(0, AF_INET, true);
  view.setUint16(2, port, false);
  out.set(parseIpv4(ip), 4);
  return out;
}
