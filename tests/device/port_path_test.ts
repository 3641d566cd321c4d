import { assertEquals } from "../assert.ts";
import {
  comparePortPaths,
  formatPortPath,
  idPathFor,
  parsePortPath,
} from "../../src/device/port_path.ts";

Deno.test("parsePortPath() reads bus and hub chain, rejects root hubs and interfaces", () => {
  assertEquals(parsePortPath("1-3"), { bus: 1, ports: [3] });
  assertEquals(parsePortPath("2-1.4.2"), { bus: 2, ports: [1, 4, 2] });
  assertEquals(parsePortPath("usb1"), null);
  assertEquals(parsePortPath("1-3:1.0"), null);
  assertEquals(formatPortPath(1, [1, 2]), "1-1.2");
});

Deno.test("comparePortPaths() orders numerically by bus, then port by port", () => {
  const sorted = ["1-10", "2-1", "1-2", "1-1.2", "1-1"].sort(comparePortPaths);
  assertEquals(sorted, ["1-1", "1-1.2", "1-2", "1-10", "2-1"]);
});

Deno.test("idPathFor() builds udev's ID_PATH prefix from the resolved device path", () => {
  // udev prints ID_PATH=pci-0000:00:14.0-usb-0:3:1.0 for interface 0 of 1-3 (host.md#umockdev).
  assertEquals(
    idPathFor("devices/pci0000:00/0000:00:14.0/usb1/1-3", "1-3"),
    "pci-0000:00:14.0-usb-0:3",
  );
  // Behind a PCI bridge the controller nearest the root hub counts; behind a hub the chain.
  assertEquals(
    idPathFor("devices/pci0000:00/0000:00:1c.0/0000:02:00.0/usb3/3-1/3-1.2", "3-1.2"),
    "pci-0000:02:00.0-usb-0:1.2",
  );
  // Raspberry Pi 3 (dwc_otg): platform-3f980000.usb-usb-0:1.2
  assertEquals(
    idPathFor("devices/platform/soc/3f980000.usb/usb1/1-1/1-1.2", "1-1.2"),
    "platform-3f980000.usb-usb-0:1.2",
  );
  assertEquals(idPathFor("devices/virtual/usb1/1-3", "1-3"), null);
  assertEquals(idPathFor("bus/usb/devices/1-3", "1-3"), null);
});
