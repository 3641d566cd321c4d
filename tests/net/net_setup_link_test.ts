// udev's real rules and net_setup_link builtin apply .link files of the shape stickmode writes
// for NCM sticks (docs/ncm.md): matched by the USB port's ID_PATH, they rename the interface and
// replace the MAC every Huawei NCM stick shares. Each interface is a veth in a namespace of the
// test (tests/net/_netns.ts), run through `udevadm test --action=add` in a private /run.
// Skipped with the reason when not root or a tool is missing.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { HUAWEI_SHARED_MAC, ncmInterfaceName, ncmMacAddress } from "../../src/host/ncm_names.ts";
import { netnsSkipReason, withNetLab } from "./_netns.ts";
import { setupLink } from "./_netns_daemons.ts";

const SKIP = netnsSkipReason("udev net_setup_link on NCM stick interfaces");
const PORT_3 = "pci-0000:00:14.0-usb-0:3:1.2";
const PORT_4 = "pci-0000:00:14.0-usb-0:4:1.2";

/** The contract's .link files for two sticks: gsm0 on USB port 3, gsm1 on port 4. */
const LINK_FILES: Record<string, string> = {
  "10-stickmode-gsm0.link": `[Match]
Path=pci-0000:00:14.0-usb-0:3:1.2

[Link]
Name=wwgsm0
MACAddress=02:1f:39:70:90:16
MACAddressPolicy=none
`,
  "10-stickmode-gsm1.link": `[Match]
Path=pci-0000:00:14.0-usb-0:4:1.2

[Link]
Name=wwgsm1
MACAddress=02:b4:a6:82:3b:10
MACAddressPolicy=none
`,
};

Deno.test("the .link texts above carry the shared contract's names and IMEI-derived MACs", () => {
  assertStringIncludes(LINK_FILES["10-stickmode-gsm0.link"]!, `Name=${ncmInterfaceName("gsm0")}`);
  assertStringIncludes(
    LINK_FILES["10-stickmode-gsm0.link"]!,
    `MACAddress=${ncmMacAddress("861234567890120")}`,
  );
  assertStringIncludes(
    LINK_FILES["10-stickmode-gsm1.link"]!,
    `MACAddress=${ncmMacAddress("861234567890121")}`,
  );
});

Deno.test({
  name:
    "udev renames two sticks sharing the Huawei MAC by their USB port and gives each its own MAC",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const host = await lab.namespace("host");
      const sticks = await lab.namespace("sticks");
      // The kernel's names for NCM interfaces, both with the MAC every stick ships with.
      for (const n of [0, 1]) {
        await lab.veth(
          { ns: host, name: `usb${n}`, mac: HUAWEI_SHARED_MAC },
          { ns: sticks, name: `ncm${n}` },
        );
      }
      // usb1 on port 4 first: the names do not follow kernel order.
      const second = await setupLink(lab, host, "usb1", PORT_4, LINK_FILES);
      const first = await setupLink(lab, host, "usb0", PORT_3, LINK_FILES);
      for (const [setup, n] of [[first, 0], [second, 1]] as const) {
        assertEquals(
          setup.properties.ID_NET_LINK_FILE,
          `/run/systemd/network/10-stickmode-gsm${n}.link`,
          setup.log,
        );
        assertEquals(setup.properties.ID_NET_NAME, `wwgsm${n}`, setup.log);
        assertStringIncludes(setup.log, `NAME 'wwgsm${n}'`);
      }
      const wwgsm0 = await lab.link(host, "wwgsm0");
      const wwgsm1 = await lab.link(host, "wwgsm1");
      assertEquals(wwgsm0.address, ncmMacAddress("861234567890120"));
      assertEquals(wwgsm1.address, ncmMacAddress("861234567890121"));
      const names = (JSON.parse(await lab.ip(host, ["-j", "link"])) as { ifname: string }[])
        .map((l) => l.ifname).sort();
      assertEquals(names, ["lo", "wwgsm0", "wwgsm1"]);
    });
  },
});

Deno.test({
  name: "udev leaves an interface on another USB port alone: no stick .link matches it",
  ignore: SKIP !== null,
  async fn() {
    await withNetLab(async (lab) => {
      const host = await lab.namespace("host");
      const sticks = await lab.namespace("sticks");
      await lab.veth({ ns: host, name: "usb0", mac: HUAWEI_SHARED_MAC }, {
        ns: sticks,
        name: "ncm0",
      });
      const setup = await setupLink(lab, host, "usb0", "pci-0000:00:14.0-usb-0:5:1.2", LINK_FILES);
      assert(
        !(setup.properties.ID_NET_LINK_FILE ?? "").includes("stickmode"),
        `a stick's .link applied:\n${setup.log}`,
      );
      assertEquals(setup.properties.ID_NET_NAME ?? "usb0", "usb0");
      const usb0 = await lab.link(host, "usb0");
      assertEquals(usb0.address, HUAWEI_SHARED_MAC);
    });
  },
});
