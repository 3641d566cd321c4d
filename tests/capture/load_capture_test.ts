// The capture loader against valid, broken and hostile files on disk.

import { assert, assertEquals, assertMatch, assertRejects, assertThrows } from "../assert.ts";
import {
  CaptureLoadError,
  loadCaptureFile,
  parseCaptureBytes,
} from "../../src/capture/load_capture.ts";
import { CAPTURE_MAX_BYTES } from "../../src/capture/capture_format.ts";
import { withTempDir } from "../temp_dir.ts";
import { mutateText, SeededRandom } from "../../fuzz/mutate.ts";
import { validCapture } from "./_capture.ts";

const enc = (text: string) => new TextEncoder().encode(text);

function refusal(text: string | Uint8Array): CaptureLoadError {
  return assertThrows(
    () => parseCaptureBytes(typeof text === "string" ? enc(text) : text, "bad.json"),
    CaptureLoadError,
  );
}

/** What every refusal must be: one line, named file, short, no stack frames. */
function assertOneClearLine(e: CaptureLoadError): void {
  assertMatch(e.message, /^Cannot load capture "[^"]*": \S/);
  assert(!e.message.includes("\n"), e.message);
  assert(e.message.length < 600, `${e.message.length} characters`);
  assert(!/ at \S+:\d+:\d+/.test(e.message), e.message);
}

Deno.test("loadCaptureFile reads a valid capture and fills the defaults", async () => {
  await withTempDir(async (dir) => {
    const c = validCapture() as Record<string, unknown>;
    const stick = (c.sticks as Record<string, unknown>[])[0]!;
    delete stick.hilink;
    delete stick.personalities;
    await Deno.writeTextFile(`${dir}/c.json`, JSON.stringify(c));
    const loaded = await loadCaptureFile(`${dir}/c.json`);
    assertEquals(loaded.sticks[0]!.hilink, []);
    assertEquals(loaded.sticks[0]!.at[0]!.command, "AT");
  });
});

Deno.test("loadCaptureFile refuses a file over the cap from its size, before reading it", async () => {
  await withTempDir(async (dir) => {
    // Sparse: 1 GiB on stat, nothing on disk; reading it whole would take seconds and memory.
    const f = await Deno.open(`${dir}/big.json`, { write: true, create: true });
    await f.truncate(1024 ** 3);
    f.close();
    const started = performance.now();
    const e = await assertRejects(() => loadCaptureFile(`${dir}/big.json`), CaptureLoadError);
    assertEquals(e.message, `Cannot load capture "${dir}/big.json": larger than 4 MiB`);
    assert(performance.now() - started < 1000);
    // One byte over is over; the cap itself is not.
    assertOneClearLine(refusal(new Uint8Array(CAPTURE_MAX_BYTES + 1)));
  });
});

Deno.test("loadCaptureFile refuses what is not a regular file without blocking", async () => {
  await withTempDir(async (dir) => {
    const fifo = new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).outputSync();
    assertEquals(fifo.code, 0);
    const e = await assertRejects(() => loadCaptureFile(`${dir}/fifo`), CaptureLoadError);
    assertEquals(e.message, `Cannot load capture "${dir}/fifo": not a regular file`);
    await assertRejects(() => loadCaptureFile("/dev/zero"), CaptureLoadError, "not a regular");
    await assertRejects(() => loadCaptureFile(dir), CaptureLoadError, "it is a directory");
    await assertRejects(
      () => loadCaptureFile(`${dir}/none.json`),
      CaptureLoadError,
      "no such file",
    );
  });
});

Deno.test("parseCaptureBytes names a JSON syntax error by line and column", () => {
  const e = refusal('{\n  "format": "stickmode-capture",\n  "formatVersion": tru\n}');
  assertEquals(
    e.message,
    "Cannot load capture \"bad.json\": JSON syntax at 3:20: expected a value, found 't'",
  );
  assertEquals(
    refusal('{"a": 1,}').message,
    "Cannot load capture \"bad.json\": JSON syntax at 1:9: expected a double-quoted key, found '}'",
  );
  assertMatch(refusal('{"a": "x').message, /JSON syntax at 1:9: expected '"' to end the string/);
  assertMatch(refusal("").message, /JSON syntax at 1:1: expected a value, found the end/);
  assertMatch(refusal("[1,2").message, /JSON syntax at 1:5: expected '\]' to close/);
  assertMatch(refusal("{} x").message, /JSON syntax at 1:4: expected the end after the value/);
});

Deno.test("parseCaptureBytes names a schema problem by the JSON path of the value", () => {
  const c = validCapture();
  c.sticks[0]!.at[0]!.tty = "tty USB1";
  assertEquals(
    refusal(JSON.stringify(c)).message,
    'Cannot load capture "bad.json": sticks[0].at[0].tty: expected a kernel name',
  );
  const d = validCapture() as unknown as { sticks: Record<string, unknown>[] };
  (d.sticks[0]!.usb as Record<string, unknown>).vid = 4817;
  d.sticks[0]!.colour = "blue";
  assertEquals(
    refusal(JSON.stringify(d)).problems,
    [
      { path: "sticks[0].usb.vid", message: "expected a string, found number 4817" },
      { path: "sticks[0].colour", message: "unknown key (not part of the capture format)" },
    ],
  );
});

Deno.test("parseCaptureBytes refuses an unknown major version, saying what this build reads", () => {
  const c = { ...validCapture(), formatVersion: "2.3", stickmodeVersion: "3.0.0" };
  assertEquals(
    refusal(JSON.stringify(c)).message,
    'Cannot load capture "bad.json": formatVersion: format version "2.3" (written by stickmode ' +
      '"3.0.0") is not one this build reads (1.x; this build writes 1.0)',
  );
  // A newer minor of the same major is read (additive fields only within a major).
  const minor = { ...validCapture(), formatVersion: "1.7" };
  assertEquals(parseCaptureBytes(enc(JSON.stringify(minor)), "x").formatVersion, "1.7");
  assertMatch(
    refusal(JSON.stringify({ ...validCapture(), format: "umockdev" })).message,
    /format: not a stickmode capture \(expected "stickmode-capture", found "umockdev"\)/,
  );
});

Deno.test("parseCaptureBytes refuses a __proto__ key the schema would drop without a word", () => {
  const text = JSON.stringify(validCapture()).replace(
    '"attributes":{}',
    '"attributes":{"idVendor":"12d1","__proto__":"x"}',
  );
  assertEquals(refusal(text).problems, [
    { path: "sticks[0].usb.attributes.__proto__", message: 'expected no "__proto__" key' },
  ]);
});

Deno.test("parseCaptureBytes refuses a port path no USB bus has", () => {
  for (const port of ["0-1", "1-0", "1-256", `1-${"1.".repeat(7)}1`, "99999999999999999999-1"]) {
    const c = validCapture();
    c.sticks[0]!.usb.portPath = port;
    const [problem, ...more] = refusal(JSON.stringify(c)).problems;
    assertEquals(more, []);
    assertEquals(problem!.path, "sticks[0].usb.portPath");
    assertMatch(problem!.message, /^expected a bus and 1 to 7 ports, each 1 to 255, found "/);
  }
  const c = validCapture();
  c.sticks[0]!.usb.portPath = "3-1.4.2";
  assertEquals(parseCaptureBytes(enc(JSON.stringify(c)), "x").sticks[0]!.usb.portPath, "3-1.4.2");
});

Deno.test("parseCaptureBytes refuses one tty on two interfaces of a stick", () => {
  const c = validCapture();
  c.sticks[0]!.usb.interfaces[1]!.tty = "ttyUSB0";
  assertEquals(refusal(JSON.stringify(c)).problems, [
    { path: "sticks[0].usb.interfaces[1].tty", message: '"ttyUSB0" is already a tty of sticks[0]' },
  ]);
});

Deno.test("parseCaptureBytes refuses two sticks on one port and attribute paths out of the tree", () => {
  const c = validCapture();
  c.sticks.push(structuredClone(c.sticks[0]!));
  c.sticks[0]!.usb.attributes["../../../etc/passwd"] = "x";
  assertEquals(refusal(JSON.stringify(c)).problems.map((p) => p.path), [
    'sticks[0].usb.attributes["../../../etc/passwd"]',
    "sticks[1].usb.portPath",
    "sticks[1].usb.interfaces[0].tty",
    "sticks[1].usb.interfaces[1].tty",
  ]);
});

/** Hostile files: each refused in one clear line, none crashing the loader or polluting it. */
const HOSTILE: Array<[string, string | Uint8Array]> = [
  ["deep nesting", "[".repeat(1_000_000) + "]".repeat(1_000_000)],
  ["deep unclosed nesting", '{"a":'.repeat(500_000)],
  [
    "deep nesting inside a value",
    JSON.stringify(validCapture()).replace(
      '"attributes":{}',
      `"attributes":{"idVendor":${"[".repeat(200_000)}${"]".repeat(200_000)}}`,
    ),
  ],
  ["huge string", JSON.stringify({ ...validCapture(), note: "x".repeat(3_900_000) })],
  ["huge key", `{"${"k".repeat(3_000_000)}": 1}`],
  [
    "wrong types",
    JSON.stringify({ ...validCapture(), sticks: [{ usb: 1, at: "AT", hilink: {} }] }),
  ],
  ["null sticks", JSON.stringify({ ...validCapture(), sticks: null })],
  ["no sticks", JSON.stringify({ ...validCapture(), sticks: [] })],
  ["top-level list", "[]"],
  ["top-level null", "null"],
  ["top-level number", "1e309"],
  [
    "__proto__ at the top",
    JSON.stringify(validCapture()).replace("{", '{"__proto__":{"polluted":1},'),
  ],
  [
    "__proto__ in attributes",
    JSON.stringify(validCapture()).replace(
      '"attributes":{}',
      '"attributes":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
    ),
  ],
  ["__proto__ as format", JSON.stringify({ ...validCapture(), format: "__proto__" })],
  ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ["NUL bytes", "\0".repeat(100)],
  [
    "too many exchanges",
    JSON.stringify({
      ...validCapture(),
      sticks: [{
        ...validCapture().sticks[0]!,
        at: Array(5000).fill(validCapture().sticks[0]!.at[0]),
      }],
    }),
  ],
  ["negative time", JSON.stringify(validCapture()).replace('"atMs":10', '"atMs":-1')],
  ["infinite time", JSON.stringify(validCapture()).replace('"atMs":10', '"atMs":1e999')],
  ["version as number", JSON.stringify({ ...validCapture(), formatVersion: 1 })],
  ["major 0", JSON.stringify({ ...validCapture(), formatVersion: "0.9" })],
  [
    "HiLink path without slash",
    JSON.stringify(validCapture()).replace(
      '"hilink":[]',
      '"hilink":[{"atMs":0,"method":"GET","path":"api/x","status":200,"body":"","elapsedMs":1}]',
    ),
  ],
];

for (const [name, text] of HOSTILE) {
  Deno.test(`parseCaptureBytes refuses a hostile file (${name}) in one clear line`, () => {
    const e = refusal(text);
    assertOneClearLine(e);
    assertEquals(({} as Record<string, unknown>).polluted, undefined);
    assertEquals((Object.prototype as Record<string, unknown>).polluted, undefined);
  });
}

Deno.test("parseCaptureBytes only ever loads or refuses mutated captures", () => {
  const seed = JSON.stringify(validCapture(), null, 1);
  const options = {
    dictionary: ['"', "{", "}", "[", "]", ",", ":", "null", "1e999", '"__proto__"', "\\u0000"],
    others: [JSON.stringify({ ...validCapture(), note: "n" })],
  };
  let refused = 0;
  for (let i = 0; i < 400; i++) {
    const text = mutateText(new SeededRandom(1000 + i), seed, options);
    try {
      parseCaptureBytes(enc(text), "m.json");
    } catch (e) {
      if (!(e instanceof CaptureLoadError)) throw new Error(`input ${i}: ${e}\n${text}`);
      assertOneClearLine(e);
      refused++;
    }
  }
  assert(refused > 200, `only ${refused} of 400 mutations refused`);
});
