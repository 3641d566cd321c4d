import { parseIpv4, sockaddrIn } from "../../src/net/sockaddr.ts";
import { assertEquals, assertThrows } from "../assert.ts";

Deno.test("sockaddrIn() lays out family, big-endian port and address", () => {
  assertEquals(
    [...sockaddrIn("192.168.8.1", 80)],
    [2, 0, 0, 80, 192, 168, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  );
  assertEquals([...sockaddrIn("127.0.0.2", 0x1f90)].slice(0, 8), [2, 0, 0x1f, 0x90, 127, 0, 0, 2]);
});

Deno.test("parseIpv4() refuses what is not a dotted quad", () => {
  for (const bad of ["192.168.8", "192.168.8.256", "localhost", "1.2.3.04", "", "1..2.3"]) {
    assertThrows(() => parseIpv4(bad), Error, `Cannot use "${bad}" as an address`);
  }
  assertEquals(parseIpv4("0.0.0.0"), [0, 0, 0, 0]);
});

Deno.test("sockaddrIn() refuses a port outside 1-65535", () => {
  assertThrows(() => sockaddrIn("127.0.0.1", 0), Error, "Cannot use port 0");
  assertThrows(() => sockaddrIn("127.0.0.1", 70000), Error, "expected 1-65535");
});
