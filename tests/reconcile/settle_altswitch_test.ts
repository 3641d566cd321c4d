// settleFleet() and names.json's altSwitch: set by a stick seen converged on the volatile path
// (its storage-mode id), kept for a stick that could not be read or did not converge, cleared by
// a stick seen converged the normal way; hosted sticks carry it to the host view.

import { assertEquals } from "../assert.ts";
import { settleFleet } from "../../src/reconcile/settle_fleet.ts";
import type { StickResult } from "../../src/reconcile/controller.ts";
import type { Observed } from "../../src/reconcile/types.ts";
import type { StickMemory } from "../../src/reconcile/stick_memory.ts";
import { observedModem, resolvedAt, stickAt13 } from "./_observed.ts";

const HUAWEI = { vendor: "12d1", product: "1f01" };
const BROVI = { vendor: "3566", product: "2001" };
const IMEI = "862601021035482";

function result(
  over: { outcome?: StickResult["outcome"]; volatile?: boolean; vid?: string; read?: boolean },
  altSwitch: Observed["altSwitch"] = null,
): StickResult {
  const read = over.read ?? true;
  const ttys = [0, 1, 2].map((i) => ({
    name: `ttyUSB${i}`,
    role: "unknown" as const,
    interfaceNumber: `0${i}`,
    devPath: `/dev/ttyUSB${i}`,
  }));
  const stick = { ...stickAt13("modem", "155e"), vid: over.vid ?? "12d1", ttys };
  const after: Observed = {
    stick,
    modem: read ? observedModem({ tty: "/dev/ttyUSB2" }) : null,
    hilink: null,
    problem: read ? null : "timed out after 600 ms",
    resolved: resolvedAt("1-3", read ? IMEI : null),
    altSwitch,
  };
  return {
    portPath: "1-3",
    before: after,
    after,
    steps: [],
    outcome: over.outcome ?? "changed",
    blocked: null,
    error: null,
    volatile: over.volatile ?? false,
  };
}

function settle(r: StickResult, memory: StickMemory = {}) {
  return settleFleet({
    results: [r],
    present: new Map([["1-3", r.after.stick]]),
    memory,
    prefix: "gsm",
    endsInModem: () => true,
  });
}

const remembered = (altSwitch: typeof HUAWEI | null): StickMemory => ({
  "1-3": {
    name: "gsm0",
    imei: IMEI,
    iccid: null,
    hostFiles: true,
    uplink: 0,
    altSwitch,
    atInterface: altSwitch === null ? null : "01",
  },
});

Deno.test("settleFleet() remembers the storage id of a stick converged on the volatile path", () => {
  // Learnt in this run (rebooted into storage and switched): that id.
  const learnt = settle(result({ volatile: true }, HUAWEI));
  assertEquals(learnt.memory["1-3"]?.altSwitch, HUAWEI);
  assertEquals(learnt.hosted.map((h) => [h.altSwitch, h.atInterface]), [[HUAWEI, "02"]]);
  assertEquals(learnt.memory["1-3"]?.atInterface, "02", "remembered for an unread next run");
  // Found already switched, nothing remembered: its vendor's storage id.
  assertEquals(settle(result({ volatile: true })).memory["1-3"]?.altSwitch, HUAWEI);
  assertEquals(settle(result({ volatile: true, vid: "3566" })).memory["1-3"]?.altSwitch, BROVI);
});

Deno.test("settleFleet() keeps altSwitch for a stick that could not be read or did not converge", () => {
  const memory = remembered(HUAWEI);
  const unread = settle(result({ outcome: "failed", read: false }), memory);
  assertEquals(unread.memory, memory, "a failed observation changes nothing");
  // Its host files stay as they were: the AT interface comes from the memory.
  assertEquals(unread.hosted.map((h) => [h.altSwitch, h.atInterface]), [[HUAWEI, "01"]]);
  assertEquals(settle(result({ outcome: "failed" }), memory).memory["1-3"]?.altSwitch, HUAWEI);
  assertEquals(settle(result({ outcome: "blocked" }), memory).memory["1-3"]?.altSwitch, HUAWEI);
});

Deno.test("settleFleet() clears altSwitch once a stick on the port converges the normal way", () => {
  const fleet = settle(result({ outcome: "unchanged", volatile: false }), remembered(HUAWEI));
  assertEquals(fleet.memory["1-3"]?.altSwitch, null);
  assertEquals(fleet.hosted.map((h) => h.altSwitch), [null]);
});

Deno.test("settleFleet() remembers AltMode learnt in this run even when a later step failed", () => {
  // Rebooted into storage, then the AltMode message could not be sent: the port is known now.
  const failed = settle(result({ outcome: "failed" }, HUAWEI));
  assertEquals(failed.memory["1-3"]?.altSwitch, HUAWEI);
});
