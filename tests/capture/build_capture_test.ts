// encodeCapture(): the file as written is schema-checked and bounded before anyone writes it.

import { assertEquals, assertStringIncludes, assertThrows } from "../assert.ts";
import { encodeCapture, type StickCapture } from "../../src/capture/build_capture.ts";
import { CAPTURE_MAX_BYTES, CaptureFileSchema } from "../../src/capture/capture_format.ts";

function stick(over: Partial<StickCapture> = {}): StickCapture {
  return {
    name: "gsm0",
    usb: { portPath: "1-3", vid: "12d1", pid: "1506", interfaces: [], attributes: {} },
    personalities: [{ atMs: 0, vid: "12d1", pid: "1506", mode: "modem" }],
    recording: { at: [], hilink: [], dropped: 0 },
    problem: null,
    ...over,
  };
}

const input = (sticks: StickCapture[]) => ({
  capturedAt: new Date("2026-12-02T01:00:00Z"),
  stickmodeVersion: "0.1.0",
  note: null,
  sticks,
});

Deno.test("encodeCapture() gives a schema-valid file with its version, time and problems", () => {
  const e = encodeCapture(input([stick({ problem: 'stick 1-3: observe: Cannot read "ATI"' })]));
  const parsed = CaptureFileSchema.parse(JSON.parse(e.text));
  assertEquals([parsed.format, parsed.formatVersion], ["stickmode-capture", "1.0"]);
  assertEquals(parsed.capturedAt, "2026-12-02T01:00:00.000Z");
  assertEquals(parsed.sticks[0]!.problem, 'stick 1-3: observe: Cannot read "ATI"');
  assertEquals(e.bytes, new TextEncoder().encode(e.text).length);
});

Deno.test("encodeCapture() refuses a capture over CAPTURE_MAX_BYTES", () => {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < 600; i++) attributes[`a${i}`] = "x".repeat(8000);
  const big = stick({ usb: { ...stick().usb, attributes } });
  const e = assertThrows(() => encodeCapture(input([big])), Error);
  assertStringIncludes(String(e), `over the ${CAPTURE_MAX_BYTES}-byte limit`);
});

Deno.test("encodeCapture() names the field that breaks the schema", () => {
  const ex = {
    tty: "ttyUSB2",
    atMs: 0,
    command: "A".repeat(600),
    response: "",
    elapsedMs: 1,
    timedOut: true,
  };
  const e = assertThrows(
    () => encodeCapture(input([stick({ recording: { at: [ex], hilink: [], dropped: 0 } })])),
    Error,
  );
  assertStringIncludes(String(e), "Cannot write the capture file: sticks.0.at.0.command:");
});
