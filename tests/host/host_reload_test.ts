// reloadHost() runs real child processes; stand-in udevadm/systemctl scripts record their argv,
// because the real ones would reload this machine's udev and systemd.

import { reloadHost } from "../../src/host/host_reload.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { assertEquals, assertStringIncludes } from "../assert.ts";

configureLogger({ level: "error" }); // failed reloads warn; the outcomes are asserted instead

async function withScripts(
  scripts: Record<string, string>,
  fn: (dir: string, log: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    for (const [name, body] of Object.entries(scripts)) {
      await Deno.writeTextFile(`${dir}/${name}`, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    }
    await fn(dir, `${dir}/calls.log`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const RECORD = 'echo "$(basename "$0") $*" >> "$(dirname "$0")/calls.log"';

Deno.test("reloadHost() reloads udev rules, triggers tty change events, then systemd", async () => {
  await withScripts({ udevadm: RECORD, systemctl: RECORD }, async (dir, log) => {
    const outcomes = await reloadHost(new Set(["systemd", "udev"]), {
      udevadm: `${dir}/udevadm`,
      systemctl: `${dir}/systemctl`,
      networkctl: `${dir}/networkctl`,
      timeoutMs: 5000,
    });
    assertEquals(outcomes.map((o) => [o.kind, o.ok]), [["udev", true], ["systemd", true]]);
    assertEquals(
      await Deno.readTextFile(log),
      [
        "udevadm control --reload",
        "udevadm trigger --action=change --subsystem-match=tty",
        "systemctl daemon-reload",
        "",
      ].join("\n"),
    );
  });
});

Deno.test("reloadHost() runs only the reload that was asked for", async () => {
  await withScripts({ udevadm: RECORD, systemctl: RECORD }, async (dir, log) => {
    await reloadHost(new Set(["systemd"]), {
      udevadm: `${dir}/udevadm`,
      systemctl: `${dir}/systemctl`,
      networkctl: `${dir}/networkctl`,
      timeoutMs: 5000,
    });
    assertEquals(await Deno.readTextFile(log), "systemctl daemon-reload\n");
  });
});

Deno.test("reloadHost() reports a missing tool as a failed outcome instead of throwing", async () => {
  const outcomes = await reloadHost(new Set(["udev"]), {
    udevadm: "/nonexistent/udevadm",
    systemctl: "/nonexistent/systemctl",
    networkctl: "/nonexistent/networkctl",
    timeoutMs: 5000,
  });
  assertEquals(outcomes.length, 1);
  assertEquals(outcomes[0]!.ok, false);
  assertEquals(outcomes[0]!.detail, '"/nonexistent/udevadm" is not installed');
});

Deno.test("reloadHost() names the failing command, its exit code and first stderr line", async () => {
  const failing = 'echo "Failed to send reload request: No such file or directory" >&2; exit 1';
  await withScripts({ udevadm: failing, systemctl: RECORD }, async (dir, log) => {
    const [udev, systemd] = await reloadHost(new Set(["udev", "systemd"]), {
      udevadm: `${dir}/udevadm`,
      systemctl: `${dir}/systemctl`,
      networkctl: `${dir}/networkctl`,
      timeoutMs: 5000,
    });
    assertEquals(udev!.ok, false);
    assertStringIncludes(udev!.detail, 'udevadm control --reload" exited 1: Failed to send reload');
    assertEquals(systemd!.ok, true, "one failed reload does not stop the other");
    assertEquals(await Deno.readTextFile(log), "systemctl daemon-reload\n");
  });
});

Deno.test("reloadHost() gives up on a hanging tool after its timeout", async () => {
  await withScripts({ systemctl: "exec sleep 30" }, async (dir) => {
    const started = performance.now();
    const [outcome] = await reloadHost(new Set(["systemd"]), {
      udevadm: `${dir}/udevadm`,
      systemctl: `${dir}/systemctl`,
      networkctl: `${dir}/networkctl`,
      timeoutMs: 300,
    });
    const elapsed = performance.now() - started;
    assertEquals(outcome!.ok, false);
    assertStringIncludes(outcome!.detail, "timed out after 300 ms");
    if (elapsed > 3000) throw new Error(`took ${elapsed} ms`);
  });
});

Deno.test("reloadHost() tells udev about .link files with an add event for Huawei net devices, then networkd", async () => {
  await withScripts(
    { udevadm: RECORD, systemctl: RECORD, networkctl: RECORD },
    async (dir, log) => {
      const outcomes = await reloadHost(new Set(["network", "systemd", "link", "udev"]), {
        udevadm: `${dir}/udevadm`,
        systemctl: `${dir}/systemctl`,
        networkctl: `${dir}/networkctl`,
        timeoutMs: 5000,
      });
      assertEquals(outcomes.map((o) => [o.kind, o.ok]), [
        ["udev", true],
        ["link", true],
        ["systemd", true],
        ["network", true],
      ]);
      assertEquals(
        await Deno.readTextFile(log),
        [
          "udevadm control --reload",
          "udevadm trigger --action=change --subsystem-match=tty",
          "udevadm control --reload",
          "udevadm trigger --action=add --subsystem-match=net --property-match=ID_VENDOR_ID=12d1 " +
          "--property-match=ID_VENDOR_ID=3566",
          "systemctl daemon-reload",
          "networkctl reload",
          "",
        ].join("\n"),
      );
    },
  );
});

Deno.test("reloadHost() reports a missing networkctl as a failed outcome and reloads the rest", async () => {
  await withScripts({ udevadm: RECORD }, async (dir, log) => {
    const outcomes = await reloadHost(new Set(["link", "network"]), {
      udevadm: `${dir}/udevadm`,
      systemctl: `${dir}/systemctl`,
      networkctl: `${dir}/networkctl`,
      timeoutMs: 5000,
    });
    assertEquals(outcomes.map((o) => [o.kind, o.ok]), [["link", true], ["network", false]]);
    assertEquals(outcomes[1]!.detail, `"${dir}/networkctl" is not installed`);
    assertEquals(outcomes[1]!.commands, [`${dir}/networkctl reload`]);
    assertStringIncludes(await Deno.readTextFile(log), "--subsystem-match=net");
  });
});
