// The .link reload's `udevadm trigger` through the real udevadm on a umockdev host with a Huawei
// stick, a Brovi E3372-325 and a Realtek USB NIC (docs/host.md#ncm-link-and-network): its
// property matches are alternatives, so both sticks' interfaces get an add event, the NIC none.

import { DEFAULT_RELOAD_COMMANDS, reloadArgvs } from "../../src/host/host_reload.ts";
import { assertEquals } from "../assert.ts";
import { isolatedTriggerList } from "./isolated_udev.ts";
import { skipReason } from "./tools.ts";

const SKIP = skipReason("udevadm trigger on umockdev", [
  "unshare",
  "umockdev-run",
  "udevadm",
  "mknod",
], [
  "unshare",
]);
const FIXTURE = new URL("../fixtures/udev/net-vendors.umockdev", import.meta.url).pathname;
const NET = "/sys/devices/pci0000:00/0000:00:14.0/usb1";

Deno.test({
  name: "reloadArgvs() link trigger reaches the Huawei and Brovi interfaces, not another NIC",
  ignore: SKIP !== null,
  async fn() {
    const [, trigger] = reloadArgvs("link", DEFAULT_RELOAD_COMMANDS);
    assertEquals(trigger!.slice(0, 2), ["udevadm", "trigger"]);
    assertEquals(await isolatedTriggerList(FIXTURE, trigger!.slice(2)), [
      `${NET}/1-3/1-3:1.0/net/wwan0`,
      `${NET}/1-4/1-4:1.0/net/wwan1`,
    ]);
    // The control: the same trigger without its property matches reaches every interface.
    const all = trigger!.slice(2).filter((a) => !a.startsWith("--property-match="));
    assertEquals((await isolatedTriggerList(FIXTURE, all)).length, 3);
  },
});
