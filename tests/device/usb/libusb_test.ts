import { assertEquals, assertStringIncludes, assertThrows } from "../../assert.ts";
import {
  libusb,
  LIBUSB_SONAME,
  libusbErrorName,
  LibusbMissingError,
} from "../../../src/device/usb/libusb.ts";
import { withUsbDevices } from "../../../src/device/usb/usb_devices.ts";
import { hasGcc, withFakeLibusb } from "./_fake_libusb.ts";

function loadsDebianLibusb(): boolean {
  try {
    libusb(LIBUSB_SONAME);
    return true;
  } catch (e) {
    if (e instanceof LibusbMissingError) return false;
    throw e;
  }
}
const noLibusb = !loadsDebianLibusb();
if (noLibusb) {
  console.log(
    `libusb_test: Debian libusb tests skipped: "${LIBUSB_SONAME}" not loadable (package libusb-1.0-0)`,
  );
}
const noGcc = !hasGcc();
if (noGcc) console.log("libusb_test: fake libusb tests skipped: gcc not found");

Deno.test({
  name: "withUsbDevices() runs init, get_device_list and exit against Debian's libusb-1.0",
  ignore: noLibusb,
  async fn() {
    const lib = libusb(LIBUSB_SONAME);
    // A container may have no USB devices at all: the count only has to be a sane number.
    const devices = await withUsbDevices((_lib, list) => list, lib);
    assertEquals(Array.isArray(devices) && devices.length >= 0, true);
    for (const d of devices) {
      assertEquals(/^[0-9a-f]{4}$/.test(d.vid) && /^[0-9a-f]{4}$/.test(d.pid), true);
    }
    assertEquals(libusbErrorName(lib, -6), "LIBUSB_ERROR_BUSY");
  },
});

Deno.test("libusb() names the Debian package when the library cannot be loaded", () => {
  const e = assertThrows(() => libusb("/nonexistent/libusb-1.0.so.0"), LibusbMissingError);
  assertStringIncludes(
    e.message,
    `Cannot load libusb "/nonexistent/libusb-1.0.so.0": install the Debian package "libusb-1.0-0"`,
  );
});

Deno.test({
  name: "withUsbDevices() reads bus, address, port path and ids from the fake's device file",
  ignore: noGcc,
  async fn() {
    const devices =
      "# bus dev vid pid iface0class ports\n1 2 12d1 1f01 08 3\n2 7 12d1 1506 ff 1.4\n3 9 1d6b 0002 09\n";
    await withFakeLibusb(devices, {}, async ({ lib, log }) => {
      const seen = await withUsbDevices((_l, list) => list.map(({ pointer: _, ...d }) => d), lib);
      assertEquals(seen, [
        { busnum: 1, devnum: 2, portPath: "1-3", vid: "12d1", pid: "1f01" },
        { busnum: 2, devnum: 7, portPath: "2-1.4", vid: "12d1", pid: "1506" },
        { busnum: 3, devnum: 9, portPath: "3-1", vid: "1d6b", pid: "0002" },
      ]);
      assertEquals(await log(), ["init", "exit"]);
    });
  },
});
