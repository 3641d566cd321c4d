import { assertEquals } from "../assert.ts";
import { didYouMean, editDistance } from "../../src/profile/did_you_mean.ts";

Deno.test("editDistance() counts an adjacent swap as one edit", () => {
  assertEquals(editDistance("nmae", "name"), 1);
  assertEquals(editDistance("pinfile", "pinFile"), 1);
  assertEquals(editDistance("", "abc"), 3);
  assertEquals(editDistance("kitten", "sitting"), 3);
});

Deno.test("didYouMean() suggests the nearest known key or nothing", () => {
  const keys = ["portLayout", "apn", "sim", "hilink", "dialer", "udev", "systemd"];
  assertEquals(didYouMean("port_layout", keys), "portLayout");
  assertEquals(didYouMean("PortLayout", keys), "portLayout");
  assertEquals(didYouMean("dailer", keys), "dialer");
  assertEquals(didYouMean("hilnk", keys), "hilink");
  assertEquals(didYouMean("colour", keys), null);
  assertEquals(didYouMean("ap", keys), "apn");
  assertEquals(didYouMean("x", keys), null);
});
