// Two HiLink sticks at once on loopback: two simulators on distinct 127.x addresses and the same
// port, each reached independently and concurrently by its own client.

import { HilinkClient } from "../../src/hilink/client.ts";
import { HilinkSimServer } from "../../src/sim/hilink_server.ts";
import { assertEquals } from "../assert.ts";
import { E3372_HILINK, projectMode, reboot } from "./sim_fixture.ts";

Deno.test("HilinkClient reaches two sticks on 127.0.0.2 and 127.0.0.3 independently", async () => {
  const first = HilinkSimServer.start({
    hostname: "127.0.0.2",
    device: { ...E3372_HILINK, imei: "866850029360451" },
  });
  const second = HilinkSimServer.start({
    hostname: "127.0.0.3",
    port: first.port,
    device: { ...E3372_HILINK, imei: "862601021035482", firmware: "21.436.11.00.372" },
    tokenSource: "sestokinfo",
  });
  try {
    const a = new HilinkClient({ baseUrl: first.url, stick: "1-1" });
    const b = new HilinkClient({ baseUrl: second.url, stick: "1-2" });
    const [infoA, infoB] = await Promise.all([a.deviceInformation(), b.deviceInformation()]);
    assertEquals([infoA.imei, infoB.imei], ["866850029360451", "862601021035482"]);
    assertEquals(infoB.softwareVersion, "21.436.11.00.372");
    await Promise.all([a.switchToDebugMode(), projectMode(b), reboot(a)]);
    assertEquals([first.modeSwitches, second.modeSwitches], [[1], [0]]);
    assertEquals([first.controls, second.controls], [[1], []]);
    // Each saw exactly its own client's traffic, nothing of the other's.
    assertEquals(first.requests.map((r) => r.endpoint).sort(), [
      "",
      "api/device/control",
      "api/device/information",
      "api/device/mode",
    ]);
    assertEquals(second.requests.map((r) => r.endpoint).sort(), [
      "",
      "api/device/information",
      "api/device/mode",
      "api/webserver/SesTokInfo",
      "api/webserver/token",
    ]);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});
