// The NCM data call's AT forms: the dial command per auth method (as ModemManager's Huawei bearer
// builds it) and the ^NDISSTAT / ^NDISSTATQRY parser on the forms ModemManager's tests carry
// (plugins/huawei/tests/test-modem-helpers-huawei.c) and on malformed ones.

import { assertEquals, assertThrows } from "../assert.ts";
import { AtParseError } from "../../src/at/errors.ts";
import { classifyAtCommand } from "../../src/at/command_class.ts";
import {
  NDIS_HANGUP,
  NDIS_QUERY,
  ndisDialCommand,
  NdisDialError,
  type NdisStat,
  parseNdisStat,
} from "../../src/at/ndis.ts";

Deno.test("ndisDialCommand() sends the APN alone without credentials, as ModemManager does", () => {
  for (const auth of ["auto", "none"] as const) {
    assertEquals(
      ndisDialCommand({ apn: "web.pt.lu", user: null, password: null, auth }),
      'AT^NDISDUP=1,1,"web.pt.lu"',
    );
  }
});

Deno.test("ndisDialCommand() maps none/pap/chap to 0/1/2 and auto with credentials to CHAP", () => {
  const dial = (auth: "auto" | "none" | "pap" | "chap") =>
    ndisDialCommand({ apn: "internet", user: "u1", password: "s3cr3t", auth });
  assertEquals(dial("none"), 'AT^NDISDUP=1,1,"internet","u1","s3cr3t",0');
  assertEquals(dial("pap"), 'AT^NDISDUP=1,1,"internet","u1","s3cr3t",1');
  assertEquals(dial("chap"), 'AT^NDISDUP=1,1,"internet","u1","s3cr3t",2');
  assertEquals(dial("auto"), 'AT^NDISDUP=1,1,"internet","u1","s3cr3t",2');
  // An explicit method without credentials is sent as asked, with empty strings.
  assertEquals(
    ndisDialCommand({ apn: "internet", user: null, password: null, auth: "pap" }),
    'AT^NDISDUP=1,1,"internet","","",1',
  );
});

Deno.test("ndisDialCommand() refuses what a quoted AT argument cannot carry, never showing a password", () => {
  assertThrows(
    () => ndisDialCommand({ apn: 'a"b', user: null, password: null, auth: "auto" }),
    NdisDialError,
    'Cannot dial APN "a\\"b": expected labels',
  );
  assertThrows(
    () => ndisDialCommand({ apn: "internet", user: 'x"y', password: null, auth: "auto" }),
    NdisDialError,
    'Cannot dial APN "internet": the APN user holds a double quote, CR or LF',
  );
  const e = assertThrows(
    () => ndisDialCommand({ apn: "internet", user: "u", password: 'pw"\r1', auth: "chap" }),
    NdisDialError,
  );
  assertEquals(
    e.message,
    'Cannot dial APN "internet": the APN password holds a double quote, CR or LF (not shown)',
  );
});

Deno.test("the dial and hang-up are writes, the status query a read", () => {
  assertEquals(classifyAtCommand('AT^NDISDUP=1,1,"internet"'), "write");
  assertEquals(classifyAtCommand(NDIS_HANGUP), "write");
  assertEquals(classifyAtCommand(NDIS_QUERY), "read");
});

const T = true, F = false, N = null;
// [reply, ipv4, ipv6]: ModemManager's table (each also with a trailing CR LF there).
const ANSWERS: Array<[string, boolean | null, boolean | null]> = [
  ["^NDISSTAT: 1,,,IPV4", T, N],
  ["^NDISSTAT: 0,,,IPV4", F, N],
  ["^NDISSTAT: 1,,,IPV6", N, T],
  ["^NDISSTAT: 0,,,IPV6\r\n", N, F],
  ["^NDISSTAT: 1,,,IPV4\r\n^NDISSTAT: 0,,,IPV6", T, F],
  ["^NDISSTAT: 0,,,IPV4\r\n^NDISSTAT: 1,,,IPV6\r\n", F, T],
  ['^NDISSTAT: 1,,,"IPV4",1,,,"IPV6"', T, T],
  ['^NDISSTAT: 0,,,"IPV4",1,,,"IPV6"\r\n', F, T],
  ["^NDISSTATQRY: 1,,,IPV4\r\n", T, N],
  ["^NDISSTATQRY: 0,,,IPV4\r\n^NDISSTATQRY: 0,,,IPV6", F, F],
  ['^NDISSTATQRY: 1,,,"IPV4",0,,,"IPV6"', T, F],
  ['^NDISSTATQRY:0,,,"IPV4",0,,,"IPV6"', F, F], // newer firmware: no space (ModemManager's note)
  ['^NDISSTATQRY: 0,,,"IPV4",1,,,"IPV6"\r\n\r\nOK', F, T],
  // With an error code (<err>) as a dropped call carries it; lower case.
  ["^NDISSTAT: 0,33,,IPV4", F, N],
  ['^ndisstatqry: 1,,,"ipv4"', T, N],
  // The state alone, IPv4 assumed (ModemManager's newer parser: "^NDISSTATQry:1").
  ["^NDISSTATQry:1\r\nOK", T, N],
  ["^NDISSTATQry: 0", F, N],
];

Deno.test("parseNdisStat() reads each family's state from the real ^NDISSTAT/^NDISSTATQRY forms", () => {
  for (const [reply, ipv4, ipv6] of ANSWERS) {
    assertEquals(parseNdisStat(reply), { ipv4, ipv6 } satisfies NdisStat, JSON.stringify(reply));
  }
});

Deno.test("parseNdisStat() refuses answers without a state or with another shape", () => {
  for (
    const [reply, why] of [
      ["OK", "no ^NDISSTAT or ^NDISSTATQRY line"],
      ["", "no ^NDISSTAT or ^NDISSTATQRY line"],
      ["^NDISSTATQRY: 2,,,IPV4", "is not <stat>,,,<type>"],
      ["^NDISSTATQRY: 2", "found 1"],
      ["^NDISSTATQRY: 1,,,IPX", "is not <stat>,,,<type>"],
      ["^NDISSTATQRY: 1,,IPV4", "found 3"],
      ['^NDISSTATQRY: 1,,,"IPV4",0', "found 5"],
    ] as const
  ) {
    assertThrows(() => parseNdisStat(reply), AtParseError, why);
  }
});
