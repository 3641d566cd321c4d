import { assertEquals } from "../assert.ts";
import { dialerUnitChanges, settleDialerUnits } from "../../src/reconcile/dialer_units.ts";
import { systemdDialerControl } from "../../src/reconcile/dialer_control.ts";
import { configureLogger } from "../../src/log/logger.ts";

configureLogger({ level: "error" });

Deno.test("dialerUnitChanges() starts a stick's own kind and stops another kind that runs", () => {
  const active = new Set(["stickmode-dialer@gsm0.service", "stickmode-ppp@gsm1.service"]);
  assertEquals(
    dialerUnitChanges([{ name: "gsm0", kind: "ncm" }, { name: "gsm1", kind: "pppd" }], active),
    { start: ["stickmode-ncm@gsm0.service"], stop: ["stickmode-dialer@gsm0.service"] },
  );
});

Deno.test("dialerUnitChanges() changes nothing on a converged host", () => {
  const active = new Set(["stickmode-ncm@gsm0.service", "stickmode-ppp@gsm1.service"]);
  assertEquals(
    dialerUnitChanges([{ name: "gsm0", kind: "ncm" }, { name: "gsm1", kind: "pppd" }], active),
    { start: [], stop: [] },
  );
});

Deno.test("settleDialerUnits() asks once for every state and warns about a unit that will not start", async () => {
  const calls: string[] = [];
  await settleDialerUnits([{ name: "uplink-a", kind: "ncm" }], {
    isActive: (units) => {
      calls.push(`is-active ${units.join(" ")}`);
      return Promise.resolve(
        units.map((u) => u.startsWith("stickmode-dialer@") ? "active" : "inactive"),
      );
    },
    run: (verb, unit) => {
      calls.push(`${verb} ${unit}`);
      return Promise.resolve(verb === "start" ? 1 : 0);
    },
  });
  assertEquals(calls, [
    "is-active stickmode-dialer@uplink\\x2da.service stickmode-ppp@uplink\\x2da.service " +
    "stickmode-ncm@uplink\\x2da.service",
    "stop stickmode-dialer@uplink\\x2da.service",
    "start stickmode-ncm@uplink\\x2da.service",
  ]);
});

Deno.test("systemdDialerControl().activate() reads the states from systemctl is-active's output", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const path = Deno.env.get("PATH") ?? "";
  // systemctl is-active prints one state per unit and exits 3 when one is not active.
  const script = `#!/bin/sh
echo "systemctl $*" >> "${dir}/calls.log"
if [ "$1" = is-active ]; then
  shift
  for u in "$@"; do case "$u" in stickmode-ppp@*) echo active ;; *) echo inactive ;; esac; done
  exit 3
fi
`;
  try {
    await Deno.writeTextFile(`${dir}/systemctl`, script, { mode: 0o755 });
    Deno.env.set("PATH", `${dir}:${path}`);
    await systemdDialerControl().activate([{ name: "gsm0", kind: "ncm" }]);
    const calls = (await Deno.readTextFile(`${dir}/calls.log`)).trim().split("\n");
    assertEquals(calls.slice(1), [
      "systemctl stop stickmode-ppp@gsm0.service",
      "systemctl start stickmode-ncm@gsm0.service",
    ]);
  } finally {
    Deno.env.set("PATH", path);
    await Deno.remove(dir, { recursive: true });
  }
});
