// systemdDialerControl() runs real child processes; a stand-in systemctl on PATH records its argv,
// because the real one would stop this machine's units.

import { dialerFor } from "../../src/host/dialers/mod.ts";
import { systemdDialerControl } from "../../src/reconcile/dialer_control.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { assertEquals, assertRejects } from "../assert.ts";

configureLogger({ level: "error" });

async function withSystemctl(
  fn: (log: string) => Promise<void>,
  script = '#!/bin/sh\necho "systemctl $*" >> "$(dirname "$0")/calls.log"\n',
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const path = Deno.env.get("PATH") ?? "";
  try {
    await Deno.writeTextFile(`${dir}/systemctl`, script, { mode: 0o755 });
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

/** A systemctl on which only `active` units are active, and stopping `failing` fails. */
function systemctlWith(active: string[], failing = "none") {
  return `#!/bin/sh
echo "systemctl $*" >> "$(dirname "$0")/calls.log"
last=""; for a in "$@"; do last="$a"; done
case "$1" in
  is-active) for u in ${active.join(" ")}; do [ "$u" = "$last" ] && exit 0; done; exit 3 ;;
  stop) [ "$last" = "${failing}" ] && exit 5 ;;
esac
exit 0
`;
}

Deno.test("systemdDialerControl() stops whichever kind's unit runs for the stick, and only that one", async () => {
  // A stick switched from PPP to NCM still runs its wvdial unit while the run writes AT commands.
  await withSystemctl(async (log) => {
    const control = systemdDialerControl();
    assertEquals(await control.pause("gsm0"), true);
    await control.resume("gsm0");
    assertEquals(await calls(log), [
      "systemctl is-active --quiet stickmode-dialer@gsm0.service",
      "systemctl stop stickmode-dialer@gsm0.service",
      "systemctl is-active --quiet stickmode-ppp@gsm0.service",
      "systemctl is-active --quiet stickmode-ncm@gsm0.service",
      "systemctl start stickmode-dialer@gsm0.service",
    ]);
  }, systemctlWith(["stickmode-dialer@gsm0.service"]));
});

Deno.test("systemdDialerControl() starts again what it stopped when a later stop fails", async () => {
  await withSystemctl(
    async (log) => {
      const control = systemdDialerControl();
      await assertRejects(
        () => control.pause("gsm0"),
        Error,
        'Cannot stop "stickmode-ncm@gsm0.service": systemctl exited 5',
      );
      assertEquals((await calls(log)).filter((c) => !c.includes("is-active")), [
        "systemctl stop stickmode-dialer@gsm0.service",
        "systemctl stop stickmode-ncm@gsm0.service",
        "systemctl start stickmode-dialer@gsm0.service",
      ]);
      await control.resume("gsm0");
      assertEquals((await calls(log)).length, 6, "nothing left to resume");
    },
    systemctlWith(
      ["stickmode-dialer@gsm0.service", "stickmode-ncm@gsm0.service"],
      "stickmode-ncm@gsm0.service",
    ),
  );
});
