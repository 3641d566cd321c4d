import {
  describeHilinkCode,
  describeRequest,
  HILINK_ERROR_CODES,
  HilinkError,
  HilinkRequestError,
} from "../../src/hilink/errors.ts";
import { assertEquals } from "../assert.ts";

Deno.test("describeHilinkCode() puts every documented code in plain words", () => {
  const expected: Record<number, string> = {
    100001: "unknown error (100001)",
    100002: "not supported by this firmware (100002)",
    100003: "login required (100003)",
    100004: "system busy (100004)",
    100005: "request format error (100005)",
    108001: "wrong username (108001)",
    108002: "wrong password (108002)",
    108003: "already logged in (108003)",
    108006: "wrong username and password (108006)",
    108007: "too many login attempts (108007)",
    115002: "password must be changed (115002)",
    120001: "voice busy (120001)",
    125001: "wrong token (125001)",
    125002: "token expired (CSRF/session error) (125002)",
    125003: "wrong session token (125003)",
  };
  assertEquals(Object.keys(HILINK_ERROR_CODES).length, Object.keys(expected).length);
  for (const [code, words] of Object.entries(expected)) {
    assertEquals(describeHilinkCode(Number(code)), words);
  }
});

Deno.test("describeHilinkCode() keeps an unknown code opaque but numbered", () => {
  assertEquals(describeHilinkCode(112008), "unknown error code 112008");
});

Deno.test("HilinkError names the stick, the endpoint and the URL", () => {
  const e = new HilinkError(100003, {
    method: "POST",
    endpoint: "api/device/mode",
    url: "http://192.168.8.1",
    stick: "1-3",
  });
  assertEquals(
    e.message,
    'Cannot post "api/device/mode" to stick "1-3" (http://192.168.8.1): login required (100003)',
  );
  assertEquals([e.code, e.endpoint, e.url, e.stick], [
    100003,
    "api/device/mode",
    "http://192.168.8.1",
    "1-3",
  ]);
});

Deno.test("describeRequest() names the action, adds the interface and works without a stick label", () => {
  assertEquals(
    describeRequest({
      method: "GET",
      endpoint: "api/device/information",
      url: "http://192.168.8.1",
      stick: "1-3",
      interfaceName: "enx0c5b8f279a64",
    }),
    'read "api/device/information" from stick "1-3" (http://192.168.8.1 via "enx0c5b8f279a64")',
  );
  const e = new HilinkRequestError(
    "timeout",
    { method: "GET", endpoint: "api/device/information", url: "http://192.168.8.1" },
    "no answer within 5000 ms",
  );
  assertEquals(
    e.message,
    'Cannot read "api/device/information" from http://192.168.8.1: no answer within 5000 ms',
  );
});
