// The fleet's play of the system's usb_modeswitch reads the host root as the real one reads /:
// NewMode by default (a 22.x stick becomes the HiLink card), AltMode where a per-device file in
// /etc/usb_modeswitch.d asks for it (155e), nothing when the rule is masked; the Brovi (vendor
// 3566) is not matched by Debian's rule.

import { assertEquals } from "../assert.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import type { FleetStickSpec } from "../../src/sim/fleet_stick.ts";

async function played(
  spec: Partial<FleetStickSpec>,
  files: Record<string, string>,
): Promise<string[]> {
  const fleet = await SimFleet.start({
    sticks: [{
      portPath: "1-2",
      start: "storage",
      firmware: "22",
      switchDelayMs: 20,
      pluggedAtStart: false,
      ...spec,
    }],
    systemModeswitchDelayMs: 20,
  });
  try {
    for (const [path, text] of Object.entries(files)) {
      const full = `${fleet.hostRoot}${path}`;
      await Deno.mkdir(full.slice(0, full.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(full, text);
    }
    const stick = fleet.sticks[0]!;
    await stick.plugIn();
    await new Promise((r) => setTimeout(r, 400));
    await stick.settled();
    return [...stick.history];
  } finally {
    await fleet.stop();
  }
}

Deno.test("SimFleet plays usb_modeswitch with NewMode by default: a 22.x stick becomes 14dc", async () => {
  assertEquals(await played({}, {}), ["storage", "hilink"]);
});

Deno.test("SimFleet plays usb_modeswitch with the host's per-device AltMode entry: 155e", async () => {
  const entry = 'TargetVendor=0x12d1\nTargetProductList="155e"\nHuaweiAltMode=1\n';
  assertEquals(
    await played({}, { "/etc/usb_modeswitch.d/12d1:1f01": entry }),
    ["storage", "modem"],
  );
});

Deno.test("SimFleet plays no usb_modeswitch when its rule is masked, nor for vendor 3566", async () => {
  assertEquals(
    await played({}, { "/etc/udev/rules.d/40-usb_modeswitch.rules": "" }),
    ["storage"],
  );
  assertEquals(await played({ vendor: "brovi" }, {}), ["storage"]);
});

Deno.test("SimFleet plays no usb_modeswitch on a port whose later rule empties its RUN list", async () => {
  const perPort = 'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_interface", ATTRS{idVendor}=="12d1", ' +
    'ATTRS{idProduct}=="1f01", ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:2:1.0", ' +
    'ATTR{bInterfaceClass}=="08", RUN{builtin}="kmod load"\n';
  const rules = { "/etc/udev/rules.d/70-stickmode.rules": perPort };
  assertEquals(await played({}, rules), ["storage"]);
  assertEquals(await played({ portPath: "1-5" }, rules), ["storage", "hilink"]);
});
