import { assertEquals, assertThrows } from "../assert.ts";
import {
  interfacesForLayout,
  personalityFor,
  serialInterfaces,
} from "../../src/sim/usb_layouts.ts";
import { modeFor } from "../../src/device/catalog.ts";

const triples = (key: string, layout?: string) =>
  personalityFor(key, layout).interfaces.map((i) =>
    `${i.number}=${i.class}/${i.subclass}/${i.protocol} ${i.driver}`
  );

Deno.test("personalityFor() gives FF;10,12 as modem then PCUI, in POST order", () => {
  assertEquals(triples("modem", "FF;10,12"), ["00=ff/03/10 option", "01=ff/03/12 option"]);
  assertEquals(triples("modem", "FF;12,10"), ["00=ff/03/12 option", "01=ff/03/10 option"]);
  assertEquals(triples("1506", "FF;12,16"), ["00=ff/03/12 option", "01=ff/03/16 huawei_cdc_ncm"]);
  assertEquals(personalityFor("modem", "FF;10,12").pid, "1506");
});

Deno.test("personalityFor() rebuilds the 15b6 usb-devices dump from its layout", () => {
  // morfikov E3372s-153: If0 ff/03/12, If1 ff/03/10, If2 ff/03/16, If3 08/06/50 (T6).
  assertEquals(triples("15b6"), [
    "00=ff/03/12 option",
    "01=ff/03/10 option",
    "02=ff/03/16 huawei_cdc_ncm",
    "03=08/06/50 usb-storage",
  ]);
});

Deno.test("personalityFor() gives the fixed layouts of storage, HiLink and debug PIDs", () => {
  assertEquals(triples("storage"), ["00=08/06/50 usb-storage"]);
  assertEquals(personalityFor("hilink").pid, "14dc");
  assertEquals(triples("1442").filter((t) => t.includes("02/02/ff")).length, 2);
  assertEquals(triples("debug").filter((t) => t.includes("02/02/ff")).length, 3);
  for (const key of ["storage", "hilink", "debug", "modem", "1442", "14db", "15b6"]) {
    const p = personalityFor(key);
    assertEquals(modeFor("12d1", p.pid, p.interfaces), p.mode, key);
  }
});

Deno.test("serialInterfaces() picks the interfaces that get a tty", () => {
  assertEquals(serialInterfaces(personalityFor("modem", "FF;10,12,16").interfaces).length, 2);
  assertEquals(serialInterfaces(personalityFor("hilink").interfaces).length, 0);
});

Deno.test("interfacesForLayout() refuses empty layouts and unknown codes", () => {
  assertThrows(() => interfacesForLayout("FF;"), RangeError, "empty layout");
  assertThrows(() => interfacesForLayout("FF;10,ZZ"), RangeError, `unknown port code "ZZ"`);
  assertThrows(() => personalityFor("1234"), RangeError, "not catalogued");
});
