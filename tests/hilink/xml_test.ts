// HiLink XML on real answers (docs/domain.md#t10, verbatim) and a table of malformed ones.

import {
  buildHilinkError,
  buildHilinkRequest,
  buildHilinkResponse,
  HilinkXmlError,
  parseHilinkReply,
  parseHilinkRequest,
} from "../../src/hilink/xml.ts";
import { assertEquals, assertThrows } from "../assert.ts";
import {
  T10_DEVICE_INFORMATION,
  T10_MONITORING_STATUS,
  T10_SESTOKINFO,
  T10_TOKEN,
} from "../fixtures/hilink_t10.ts";

Deno.test("parseHilinkReply() reads T10 api/device/information verbatim", () => {
  const reply = parseHilinkReply(T10_DEVICE_INFORMATION);
  if (reply.kind !== "response") throw new Error("expected a response");
  assertEquals(Object.keys(reply.fields).length, 17);
  assertEquals(reply.fields["DeviceName"], "E3372");
  assertEquals(reply.fields["Imei"], "866850029360451");
  assertEquals(reply.fields["Iccid"], "");
  assertEquals(reply.fields["SoftwareVersion"], "22.333.01.00.00");
  assertEquals(reply.fields["Classify"], "hilink");
  assertEquals(reply.fields["supportmode"], "LTE|WCDMA|GSM");
  assertEquals(reply.text, "");
});

Deno.test("parseHilinkReply() reads T10 api/monitoring/status, SesTokInfo and token", () => {
  assertEquals(parseHilinkReply(T10_MONITORING_STATUS), {
    kind: "response",
    fields: { ConnectionStatus: "902", SimStatus: "255", SignalIcon: "0", maxsignal: "5" },
    text: "",
  });
  const ses = parseHilinkReply(T10_SESTOKINFO);
  if (ses.kind !== "response") throw new Error("expected a response");
  assertEquals(ses.fields["TokInfo"], "ttws6CQ9WT5EftzoWYS6yVCEfRNK3BhE");
  assertEquals(ses.fields["SesInfo"]?.length, "SessionID=".length + 128);
  const token = parseHilinkReply(T10_TOKEN);
  if (token.kind !== "response") throw new Error("expected a response");
  assertEquals(token.fields["token"]?.length, 64);
});

Deno.test("parseHilinkReply() reads T10 error envelopes, known and opaque codes", () => {
  assertEquals(
    parseHilinkReply(
      `<?xml version="1.0" encoding="UTF-8"?>\n<error><code>112008</code><message></message></error>`,
    ),
    { kind: "error", code: 112008, message: "" },
  );
  assertEquals(
    parseHilinkReply(
      `<?xml version="1.0" encoding="UTF-8"?>\n<error><code>125002</code><message></message></error>`,
    ),
    { kind: "error", code: 125002, message: "" },
  );
  assertEquals(parseHilinkReply("<error><code> 100003 </code><message/></error>"), {
    kind: "error",
    code: 100003,
    message: "",
  });
});

Deno.test("parseHilinkReply() reads the OK answer of a POST", () => {
  assertEquals(
    parseHilinkReply(`<?xml version="1.0" encoding="UTF-8"?>\n<response>OK</response>`),
    {
      kind: "response",
      fields: {},
      text: "OK",
    },
  );
  assertEquals(parseHilinkReply("<response/>"), { kind: "response", fields: {}, text: "" });
});

Deno.test("parseHilinkReply() decodes entities, CDATA and skips comments and attributes", () => {
  const reply = parseHilinkReply(
    `\uFEFF<?xml version="1.0"?><!-- c --><response a="1">` +
      `<Name>A &amp; B &lt;x&gt; &quot;q&quot; &apos;s&apos; &#65;&#x42;</Name>` +
      `<Raw><![CDATA[<not a tag> & stays]]></Raw><Empty/></response>\n`,
  );
  assertEquals(reply, {
    kind: "response",
    fields: { Name: `A & B <x> "q" 's' AB`, Raw: "<not a tag> & stays", Empty: "" },
    text: "",
  });
});

Deno.test("parseHilinkReply() says what it expected where on malformed XML", () => {
  const cases: [string, string][] = [
    ["", 'expected "<response>" or "<error>", found the end of the document at line 1, column 1'],
    ["<!DOCTYPE html><html>", 'expected "<response>" or "<error>", found "<!DOCTYPE ht"'],
    [
      "<html><body/></html>",
      'expected "<response>" or "<error>", found "<html>" at line 1, column 1',
    ],
    ["<response>\n<A>1</B>\n</response>", 'expected "</A>", found "</B>" at line 2, column 5'],
    ["<response><A>1</A>", "expected a closing tag, found the end of the document"],
    ["<response><A><B>1</B></A></response>", 'nested element inside "<A>"'],
    ["<response><A>1</A><A>2</A></response>", 'duplicate element "<A>" at line 1, column 19'],
    [
      "<response><A>x &nbsp; y</A></response>",
      "expected an entity (&amp; &lt; &gt; &quot; &apos; &#N;)",
    ],
    ["<response></response><response/>", 'expected the end of the document after "</response>"'],
    ["<error><code>busy</code></error>", 'expected a number in "<code>", found "busy"'],
    ["<error><message/></error>", 'expected a "<code>" in "<error>"'],
    ["<?xml version='1.0'", 'expected "?>" to close the XML declaration'],
    ["<response><A x=1>v</A></response>", "expected a quoted attribute value"],
    ["<request><mode>1</mode></request>", 'expected "<response>" or "<error>", found "<request>"'],
  ];
  for (const [xml, message] of cases) {
    assertThrows(() => parseHilinkReply(xml), HilinkXmlError, message);
  }
});

Deno.test("buildHilinkRequest() escapes values and round-trips through parseHilinkRequest()", () => {
  const xml = buildHilinkRequest({ Username: "ad<m>in", Password: `a&b"'`, password_type: 4 });
  assertEquals(
    xml,
    `<?xml version="1.0" encoding="UTF-8"?><request><Username>ad&lt;m&gt;in</Username>` +
      `<Password>a&amp;b&quot;&apos;</Password><password_type>4</password_type></request>`,
  );
  assertEquals(parseHilinkRequest(xml), {
    Username: "ad<m>in",
    Password: `a&b"'`,
    password_type: "4",
  });
  assertThrows(
    () => buildHilinkRequest({ "bad name": 1 }),
    Error,
    '"bad name" is not an element name',
  );
});

Deno.test("buildHilinkResponse() and buildHilinkError() write what parseHilinkReply() reads", () => {
  assertEquals(parseHilinkReply(buildHilinkResponse({ Imei: "1", Iccid: "" })), {
    kind: "response",
    fields: { Imei: "1", Iccid: "" },
    text: "",
  });
  assertEquals(parseHilinkReply(buildHilinkResponse("OK")).kind, "response");
  assertEquals(parseHilinkReply(buildHilinkError(108007)), {
    kind: "error",
    code: 108007,
    message: "",
  });
});
