import { assertEquals } from "../assert.ts";
import { settleFleet } from "../../src/reconcile/settle_fleet.ts";
import type { StickResult } from "../../src/reconcile/controller.ts";
import { createStickResolver } from "../../src/reconcile/resolve_stick.ts";
import type { StickMemory } from "../../src/reconcile/stick_memory.ts";
import type { Stick } from "../../src/device/stick.ts";
import { parseProfile } from "../e2e/_fleet.ts";

const IMEI = "862601021035482";
const PROFILE = parseProfile(`version: 1
defaults:
  apn: { name: web.pt.lu }
sticks:
  - match: { imei: "${IMEI}" }
    name: uplink
    apn: { name: special.apn }
`);

const stick = (portPath: string, mode: Stick["mode"] = "modem") =>
  ({ portPath, mode, idPath: `pci-0000:00:14.0-usb-0:${portPath.slice(2)}` }) as Stick;

function result(
  portPath: string,
  read: { imei: string } | null,
  memory: StickMemory,
  outcome: StickResult["outcome"] = "unchanged",
): StickResult {
  const resolved = createStickResolver(PROFILE, memory)(
    portPath,
    read === null ? null : { imei: read.imei, iccid: null },
  );
  const after = {
    stick: stick(portPath),
    modem: null,
    hilink: null,
    problem: read === null ? "timed out after 600 ms" : null,
    resolved,
  };
  return {
    portPath,
    before: after,
    after,
    steps: [],
    outcome,
    blocked: null,
    error: null,
    volatile: false,
  };
}

function settle(results: StickResult[], memory: StickMemory, present = results) {
  return settleFleet({
    results,
    present: new Map(present.map((r) => [r.portPath, r.after.stick])),
    memory,
    prefix: "gsm",
    endsInModem: (_r, now) => now.mode === "modem",
  });
}

Deno.test("settleFleet() names a stick read by IMEI from its profile entry and remembers it", () => {
  const fleet = settle([result("1-3", { imei: IMEI }, {})], {});
  assertEquals(fleet.names["1-3"], "uplink");
  assertEquals(fleet.memory["1-3"], {
    name: "uplink",
    imei: IMEI,
    iccid: null,
    hostFiles: true,
    uplink: 0,
    altSwitch: null,
    atInterface: null,
  });
  assertEquals(fleet.hosted.map((h) => h.resolved.settings.apn.name), ["special.apn"]);
});

Deno.test("settleFleet() keeps an unread stick's remembered name, settings and host files", () => {
  const memory = {
    "1-3": {
      name: "uplink",
      imei: IMEI,
      iccid: null,
      hostFiles: true,
      uplink: 0,
      altSwitch: null,
      atInterface: null,
    },
  };
  const fleet = settle([result("1-3", null, memory, "failed")], memory);
  assertEquals(fleet.names["1-3"], "uplink");
  assertEquals(fleet.memory, memory, "memory unchanged");
  assertEquals(fleet.hosted.map((h) => [h.name, h.resolved.settings.apn.name, h.resolved.source]), [
    ["uplink", "special.apn", "remembered"],
  ]);
});

Deno.test("settleFleet() gives an unread stick without memory no host files, only a number", () => {
  const fleet = settle([result("1-3", null, {}, "failed")], {});
  assertEquals(fleet.names["1-3"], "gsm0");
  assertEquals(fleet.hosted, []);
  assertEquals(fleet.memory["1-3"]?.hostFiles, false);
});

Deno.test("settleFleet() keeps an unread stick without host files without them", () => {
  const memory = {
    "1-3": {
      name: "gsm0",
      imei: IMEI,
      iccid: null,
      hostFiles: false,
      uplink: 0,
      altSwitch: null,
      atInterface: null,
    },
  };
  assertEquals(settle([result("1-3", null, memory, "failed")], memory).hosted, []);
});

Deno.test("settleFleet() gives a blocked stick no host files and keeps an absent port's record", () => {
  const memory = {
    "1-9": {
      name: "gsm4",
      imei: null,
      iccid: null,
      hostFiles: true,
      uplink: 0,
      altSwitch: null,
      atInterface: null,
    },
  };
  const fleet = settle([result("1-3", { imei: "352099001761481" }, memory, "blocked")], memory);
  assertEquals(fleet.hosted, []);
  assertEquals(fleet.memory["1-9"], memory["1-9"]);
  assertEquals(fleet.names["1-3"], "gsm0");
});

Deno.test("settleFleet() keeps a port's remembered identity when the stick showed none (storage mode)", () => {
  const memory = {
    "1-3": {
      name: "uplink",
      imei: IMEI,
      iccid: null,
      hostFiles: true,
      uplink: 0,
      altSwitch: null,
      atInterface: null,
    },
  };
  const resolved = createStickResolver(PROFILE, memory)("1-3", null);
  const after = {
    stick: stick("1-3", "storage"),
    modem: null,
    hilink: null,
    problem: null,
    resolved,
  };
  const r: StickResult = {
    portPath: "1-3",
    before: after,
    after,
    steps: [],
    outcome: "failed",
    blocked: null,
    error: "stick 1-3: leave-storage: ...",
    volatile: false,
  };
  const fleet = settle([r], memory);
  assertEquals(fleet.memory["1-3"], {
    name: "uplink",
    imei: IMEI,
    iccid: null,
    hostFiles: false,
    uplink: 0,
    altSwitch: null,
    atInterface: null,
  });
});

Deno.test("settleFleet() keeps a port's uplink number and gives a new port the lowest free one", () => {
  const memory = {
    "1-9": {
      name: "gsm4",
      imei: null,
      iccid: null,
      hostFiles: true,
      uplink: 0,
      altSwitch: null,
      atInterface: null,
    },
    "1-2": {
      name: "gsm1",
      imei: null,
      iccid: null,
      hostFiles: true,
      uplink: 2,
      altSwitch: null,
      atInterface: null,
    },
  };
  const fleet = settle([
    result("1-2", { imei: "352099001761481" }, memory),
    result("1-3", { imei: "352099001761499" }, memory),
    result("1-4", null, memory, "failed"),
  ], memory);
  assertEquals(fleet.memory["1-2"]?.uplink, 2);
  assertEquals(fleet.memory["1-9"]?.uplink, 0);
  assertEquals(fleet.memory["1-3"]?.uplink, 1);
  assertEquals(fleet.memory["1-4"]?.uplink, 3);
  assertEquals(fleet.hosted.map((h) => [h.name, h.uplink]), [["gsm1", 2], ["gsm0", 1]]);
});
