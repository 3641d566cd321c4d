import { assertEquals } from "../assert.ts";
import {
  assignNames,
  parseStickMemory,
  renderStickMemory,
  type StickMemory,
} from "../../src/reconcile/stick_memory.ts";

const rec = (name: string) => ({
  name,
  imei: null,
  iccid: null,
  hostFiles: true,
  uplink: 0,
  altSwitch: null,
  atInterface: null,
});

Deno.test("assignNames() numbers new ports in port order from the lowest free number", () => {
  assertEquals(assignNames(["1-4", "1-3"], new Map(), {}, "gsm"), { "1-3": "gsm0", "1-4": "gsm1" });
});

Deno.test("assignNames() keeps a port's name when another stick is unplugged", () => {
  const memory = { "1-3": rec("gsm0"), "1-4": rec("gsm1") };
  assertEquals(assignNames(["1-4"], new Map(), memory, "gsm"), { "1-3": "gsm0", "1-4": "gsm1" });
});

Deno.test("assignNames() gives a new port the first gap, not the next number", () => {
  assertEquals(assignNames(["1-4", "1-5"], new Map(), { "1-4": rec("gsm1") }, "gsm"), {
    "1-4": "gsm1",
    "1-5": "gsm0",
  });
});

Deno.test("assignNames() lets a profile name win and frees the numbering for others", () => {
  const out = assignNames(
    ["1-3", "1-4"],
    new Map([["1-3", "uplink"]]),
    { "1-3": rec("gsm0") },
    "gsm",
  );
  assertEquals(out, { "1-3": "uplink", "1-4": "gsm0" });
});

Deno.test("parseStickMemory() round-trips records with identity and host files", () => {
  const memory: StickMemory = {
    "1-3": {
      name: "uplink-a",
      imei: "862601021035482",
      iccid: null,
      hostFiles: true,
      uplink: 0,
      altSwitch: null,
      atInterface: null,
    },
    "1-4": { ...rec("gsm0"), uplink: 1 },
  };
  assertEquals(parseStickMemory(renderStickMemory(memory)), { ok: true, memory });
  assertEquals(parseStickMemory(null), { ok: true, memory: {} });
});

Deno.test("parseStickMemory() reads a version 1 names.json as names without identity", () => {
  const v1 = JSON.stringify({ version: 1, names: { "1-3": "gsm0" } });
  assertEquals(parseStickMemory(v1), {
    ok: true,
    memory: {
      "1-3": {
        name: "gsm0",
        imei: null,
        iccid: null,
        hostFiles: true,
        uplink: 0,
        altSwitch: null,
        atInterface: null,
      },
    },
  });
});

Deno.test("parseStickMemory() numbers the uplinks of an older file once, lowest free first", () => {
  const old = JSON.stringify({
    version: 2,
    ports: {
      "1-4": { name: "gsm1", imei: null, iccid: null, hostFiles: true },
      "1-3": {
        name: "gsm0",
        imei: null,
        iccid: null,
        hostFiles: true,
        uplink: 0,
        altSwitch: null,
        atInterface: null,
      },
      "1-5": { name: "gsm2", imei: null, iccid: null, hostFiles: true },
    },
  });
  const parsed = parseStickMemory(old);
  assertEquals(parsed.ok, true);
  assertEquals(Object.values(parsed.memory).map((r) => [r.name, r.uplink]), [
    ["gsm1", 1],
    ["gsm0", 0],
    ["gsm2", 2],
  ]);
});

Deno.test("parseStickMemory() refuses an uplink number used twice or out of range", () => {
  const file = (a: unknown, b: unknown) =>
    JSON.stringify({
      version: 2,
      ports: {
        "1-3": {
          name: "gsm0",
          imei: null,
          iccid: null,
          hostFiles: true,
          uplink: a,
          altSwitch: null,
          atInterface: null,
        },
        "1-4": {
          name: "gsm1",
          imei: null,
          iccid: null,
          hostFiles: true,
          uplink: b,
          altSwitch: null,
          atInterface: null,
        },
      },
    });
  assertEquals(parseStickMemory(file(3, 3)).ok, false);
  assertEquals(parseStickMemory(file(-1, 2)).ok, false);
  assertEquals(parseStickMemory(file(1.5, 2)).ok, false);
  assertEquals(parseStickMemory(file(10_000, 2)).ok, false);
  assertEquals(parseStickMemory(file(0, 9_999)).ok, true);
});

Deno.test("parseStickMemory() reports a damaged file instead of taking it for an empty one", () => {
  for (
    const text of [
      "{not json",
      "[]",
      JSON.stringify({ version: 3, ports: {} }),
      JSON.stringify({ version: 2, ports: { "1-3": { name: 7 } } }),
      JSON.stringify({ version: 2, ports: { "../x": rec("gsm0") } }),
    ]
  ) {
    const parsed = parseStickMemory(text);
    assertEquals(parsed.ok, false, text);
  }
});

Deno.test("parseStickMemory() round-trips a port's altSwitch and always renders the key", () => {
  const memory: StickMemory = {
    "1-4": { ...rec("gsm3"), altSwitch: { vendor: "12d1", product: "1f01" }, atInterface: "02" },
    "1-5": {
      ...rec("gsm4"),
      uplink: 1,
      altSwitch: { vendor: "3566", product: "2001" },
      atInterface: null,
    },
    "1-6": { ...rec("gsm5"), uplink: 2 },
  };
  const text = renderStickMemory(memory);
  assertEquals(parseStickMemory(text), { ok: true, memory });
  assertEquals(JSON.parse(text).ports["1-6"].altSwitch, null, "rendered even when null");
});

Deno.test("parseStickMemory() reads a file without altSwitch as null and refuses a bad one", () => {
  const file = (altSwitch: unknown) =>
    JSON.stringify({
      version: 2,
      ports: {
        "1-3": {
          name: "gsm0",
          imei: null,
          iccid: null,
          hostFiles: true,
          uplink: 0,
          ...(altSwitch === undefined ? {} : { altSwitch, atInterface: null }),
        },
      },
    });
  assertEquals(parseStickMemory(file(undefined)).memory["1-3"]?.altSwitch, null);
  for (const bad of [{ vendor: "12d1" }, { vendor: "12D1x", product: "1f01" }, "12d1:1f01", 7]) {
    assertEquals(parseStickMemory(file(bad)).ok, false, JSON.stringify(bad));
  }
  const at = (atInterface: unknown) =>
    JSON.stringify(
      JSON.parse(file({ vendor: "12d1", product: "1f01" }), (k, v) =>
        k === "1-3" ? { ...v, atInterface } : v),
    );
  assertEquals(parseStickMemory(at("02")).memory["1-3"]?.atInterface, "02");
  assertEquals(parseStickMemory(file(undefined)).memory["1-3"]?.atInterface, null);
  for (const bad of ["2", "../x", 2]) {
    assertEquals(parseStickMemory(at(bad)).ok, false, JSON.stringify(bad));
  }
});
