import { assertEquals, assertNotEquals } from "../assert.ts";
import {
  ncmInterfaceName,
  ncmMacAddress,
  ncmStickNameProblem,
  uplinkRouting,
} from "../../src/host/ncm_names.ts";

Deno.test("ncmInterfaceName() puts ww before the stick name", () => {
  assertEquals(ncmInterfaceName("gsm0"), "wwgsm0");
});

Deno.test("ncmStickNameProblem() accepts names whose interface fits 15 characters", () => {
  assertEquals(ncmStickNameProblem("a".repeat(13)), null);
  const problem = ncmStickNameProblem("a".repeat(14)) ?? "";
  assertEquals(problem.startsWith("expected a name of at most 13 characters"), true);
});

Deno.test("ncmMacAddress() is a stable locally administered unicast address unique per IMEI", () => {
  const a = ncmMacAddress("862601021035482");
  assertEquals(a, ncmMacAddress("862601021035482"));
  assertEquals(/^02(:[0-9a-f]{2}){5}$/.test(a), true);
  // Same model, next serial: the TAC (first 8 digits) is shared.
  assertNotEquals(a, ncmMacAddress("862601021035490"));
});

Deno.test("uplinkRouting() numbers metric and table from the uplink unless set", () => {
  const base = {
    perStickTable: false,
    tableBase: 1000,
    metricBase: 2000,
    metric: null,
    table: null,
  };
  assertEquals(uplinkRouting(base, 3), { metric: 2003, table: null });
  assertEquals(uplinkRouting({ ...base, perStickTable: true }, 3), { metric: 2003, table: 1003 });
  assertEquals(uplinkRouting({ ...base, perStickTable: true, metric: 50, table: 7 }, 3), {
    metric: 50,
    table: 7,
  });
});
