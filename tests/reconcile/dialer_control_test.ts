// systemdDialerControl() runs real child processes; a stand-in systemctl on PATH records its argv,
// because the real one would stop this machine's units.

import { dialerFor } from "../../src/host/dialers/mod.ts";
import { systemdDialerControl } from "../../src/reconcile/dialer_control.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { assertEquals } from "../assert.ts";

configureLogger({ level: "error" });

async function withSystemctl(fn: (log: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const path = Deno.env.get("PATH") ?? "";
  try {
    await Deno.writeTextFile(
      `${dir}/systemctl`,
      '#!/bin/sh\necho "systemctl $*" >> "$(dirname "$0")/calls.log"\n',
      { mode: 0o755 },
    );
    Deno.env.set("PATH", `${dir}:${path}`);
    await fn(`${dir}/calls.log`);
  } finally {
    Deno.env.set("PATH", path);
    await Deno.remove(dir, { recursive: true });
  }
}

const calls = (log: string) => Deno.readTextFile(log).then((t) => t.trim().split("\n"), () => []);

Deno.test("systemdDialerControl() stops and starts the unit the dialer module names, escaped", async () => {
  await withSystemctl(async (log) => {
    const control = systemdDialerControl([dialerFor("pppd")]);
    assertEquals(await control.pause("uplink-a.1"), true);
    await control.resume("uplink-a.1");
    const unit = "stickmode-ppp@uplink\\x2da.1.service";
    assertEquals(await calls(log), [
      `systemctl is-active --quiet ${unit}`,
      `systemctl stop ${unit}`,
      `systemctl start ${unit}`,
    ]);
  });
});

Deno.test("systemdDialerControl() runs nothing for a dialer that holds no AT port", async () => {
  await withSystemctl(async (log) => {
    const control = systemdDialerControl([{ atWriteUnit: () => null }]);
    assertEquals(await control.pause("gsm0"), false);
    await control.resume("gsm0");
    assertEquals(await calls(log), []);
  });
});
