// Masking a capture: every identity replaced in every spelling, the same stand-in everywhere,
// each stand-in of the same shape (TAC, issuer, MCC+MNC, OUI kept; check digits valid), what is
// no identity left alone.

import { assert, assertEquals, assertNotEquals, assertStringIncludes } from "../assert.ts";
import { maskCapture } from "../../src/capture/mask.ts";
import { luhnValid } from "../../src/at/luhn.ts";
import type { CapturedStick, CaptureFile } from "../../src/capture/capture_format.ts";
import { CaptureFileSchema } from "../../src/capture/capture_format.ts";

const IMEI = "866785030000015"; // TAC 86678503, Luhn-valid
const ICCID = "8935201000000000063";
// As ^ICCID / +CRSM give it on some firmware: nibbles swapped, F-padded.
const SWAPPED = (ICCID + "F").replace(/(.)(.)/g, "$2$1");
const IMSI = "270011234567890";
const MSISDN = "+352691123456";
const MAC = "0c:5b:8f:27:9a:64";
const SERIAL = "0123456789ABCDEF";
const TOKEN = "m1wiHH9qLuSo9yWqdsqyBKSsF9Kh36of";

function stick(): CapturedStick {
  return {
    usb: {
      portPath: "1-3",
      vid: "12d1",
      pid: "1506",
      serial: SERIAL,
      interfaces: [{
        number: "00",
        class: "02",
        subclass: "06",
        protocol: "00",
        driver: "cdc_ether",
        net: { name: "enx0c5b8f279a64", mac: MAC },
      }],
      attributes: {
        serial: SERIAL,
        "1-3:1.0/net/enx0c5b8f279a64/address": MAC,
        // A digit run in a hex dump that passes the Luhn test: no IMEI.
        descriptors: "12010002ef000040d112061501020102030109023e00020100a0fa" + "123456789012347",
      },
    },
    personalities: [],
    at: [
      ex(
        "ATI",
        `ATI\r\r\nModel: E3372\r\nRevision: 21.180.01.00.00\r\nIMEI: ${IMEI}\r\n\r\nOK\r\n`,
      ),
      ex("AT+CGSN", `\r\n${IMEI}\r\n\r\nOK\r\n`),
      ex("AT^ICCID?", `\r\n^ICCID: ${SWAPPED}\r\n\r\nOK\r\n`),
      ex("AT+CIMI", `\r\n${IMSI}\r\n\r\nOK\r\n`),
      ex("AT+CNUM", `\r\n+CNUM: "","${MSISDN}",145\r\n\r\nOK\r\n`),
      ex("AT+CGDCONT?", '\r\n+CGDCONT: 1,"IP","web.pt.lu","10.64.1.2",0,0\r\n\r\nOK\r\n'),
    ],
    hilink: [{
      atMs: 5,
      method: "GET",
      path: "/api/device/information",
      status: 200,
      body: `<response><Imei>${IMEI}</Imei><Iccid>${ICCID}</Iccid><Imsi>${IMSI}</Imsi>` +
        `<Msisdn>${MSISDN}</Msisdn><SerialNumber>Y4QDU17621000872</SerialNumber>` +
        `<MacAddress1>${MAC.toUpperCase()}</MacAddress1><MacAddress2>00:1E:10:1F:00:00` +
        `</MacAddress2><WanIPAddress>81.92.224.17</WanIPAddress>` +
        `<WanIPv6Address>2a02:8070:1::5</WanIPv6Address>` +
        `<SoftwareVersion>11.0.1.2</SoftwareVersion><token>${TOKEN}</token></response>`,
      elapsedMs: 3,
    }],
  };
}

function ex(command: string, response: string) {
  return { tty: "ttyUSB2", atMs: 1, command, response, elapsedMs: 20, timedOut: false };
}

function file(note?: string): CaptureFile {
  return {
    format: "stickmode-capture",
    formatVersion: "1.0",
    capturedAt: "2026-12-02T00:00:00.000Z",
    stickmodeVersion: "0.1.0",
    masked: [],
    ...(note === undefined ? {} : { note }),
    sticks: [stick()],
  };
}

/** A fixed sequence of "random" numbers: masking is repeatable in a test. */
function seeded(seed = 7) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
}

Deno.test("maskCapture() leaves no identity in any spelling anywhere in the text", () => {
  const note = `IMEI 86-678503-000001-5, mac ${MAC.replace(/:/g, "-").toUpperCase()}, ` +
    `${MAC.replace(/:/g, "")}, from 81.92.224.17, serial ${SERIAL}`;
  const { text } = maskCapture(file(note), seeded());
  const flat = text.toLowerCase();
  for (
    const original of [
      IMEI,
      "86-678503-000001-5",
      ICCID,
      SWAPPED,
      IMSI,
      MSISDN.slice(1),
      MAC,
      MAC.replace(/:/g, "-"),
      MAC.replace(/:/g, ""),
      SERIAL,
      "Y4QDU17621000872",
      TOKEN,
      "81.92.224.17",
      "2a02:8070:1::5",
    ]
  ) {
    assert(!flat.includes(original.toLowerCase()), `${original} survived:\n${text}`);
  }
  assert(CaptureFileSchema.safeParse(JSON.parse(text)).success);
});

Deno.test("maskCapture() gives the same original the same stand-in everywhere, of the same shape", () => {
  const { file: out, text } = maskCapture(file(), seeded());
  const s = out.sticks[0]!;
  const imeis = [...text.matchAll(/86678503\d{7}/g)].map((m) => m[0]);
  assertEquals(imeis.length, 3, text); // ATI, +CGSN, <Imei>
  assertEquals(new Set(imeis).size, 1);
  assert(luhnValid(imeis[0]!), imeis[0]);
  assertNotEquals(imeis[0], IMEI);
  const iccid = /<Iccid>(\d+)</.exec(s.hilink[0]!.body)![1]!;
  assertEquals([iccid.length, iccid.slice(0, 7), luhnValid(iccid)], [19, "8935201", true]);
  // The swapped spelling holds the same stand-in, swapped.
  const swapped = (iccid + "F").replace(/(.)(.)/g, "$2$1");
  assertStringIncludes(s.at[2]!.response, `^ICCID: ${swapped}`);
  const imsi = /<Imsi>(\d+)</.exec(s.hilink[0]!.body)![1]!;
  assertEquals([imsi.length, imsi.slice(0, 6)], [15, "270011"]);
  assertStringIncludes(s.at[3]!.response, imsi);
  const mac = s.usb.interfaces[0]!.net!.mac;
  assertEquals(mac.slice(0, 8), "0c:5b:8f");
  assertEquals(s.usb.interfaces[0]!.net!.name, `enx${mac.replace(/:/g, "")}`);
  assertStringIncludes(s.hilink[0]!.body, `<MacAddress1>${mac.toUpperCase()}</MacAddress1>`);
  assertEquals(s.usb.serial, s.usb.attributes["serial"]);
  assertEquals(s.usb.serial!.length, SERIAL.length);
  assertEquals(
    Object.fromEntries(out.masked.map((m) => [m.kind, m.count])),
    {
      imei: 1,
      iccid: 1,
      imsi: 1,
      msisdn: 1,
      mac: 1,
      serial: 2,
      "hilink-token": 1,
      "ip-address": 2,
    },
  );
});

Deno.test("maskCapture() keeps what is no identity: Huawei's shared MAC, private addresses, versions", () => {
  const { file: out } = maskCapture(file(), seeded());
  assertEquals(
    out.sticks[0]!.usb.attributes["descriptors"],
    stick().usb.attributes["descriptors"],
  );
  const body = out.sticks[0]!.hilink[0]!.body;
  assertStringIncludes(body, "<MacAddress2>00:1E:10:1F:00:00</MacAddress2>");
  assertStringIncludes(body, "<SoftwareVersion>11.0.1.2</SoftwareVersion>");
  assertStringIncludes(body, "<WanIPAddress>203.0.113.");
  assertStringIncludes(body, "<WanIPv6Address>2001:db8::");
  assertStringIncludes(out.sticks[0]!.at[0]!.response, "Revision: 21.180.01.00.00");
  assertStringIncludes(out.sticks[0]!.at[5]!.response, '"10.64.1.2"');
});

Deno.test("maskCapture() picks new stand-ins on every capture", () => {
  const a = maskCapture(file()).file.sticks[0]!.usb.serial;
  const b = maskCapture(file()).file.sticks[0]!.usb.serial;
  assertNotEquals(a, b);
});
