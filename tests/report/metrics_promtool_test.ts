// The Prometheus textfile `apply --metrics-file` writes, checked by the real `promtool check
// metrics` (docs/host.md#prometheus-textfile), after a CLI apply over the simulated fleet
// (changed, unchanged and blocked sticks, so every metric family has samples).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { fleetFlags, fleetProfileText, startFleet } from "../e2e/_fleet.ts";
import { checkMetrics, promtoolSkipReason } from "./_promtool.ts";

const SKIP = promtoolSkipReason("promtool check metrics");

Deno.test({
  name: "apply --metrics-file writes a textfile that promtool check metrics accepts",
  ignore: SKIP !== null,
  async fn() {
    const fleet = await startFleet();
    try {
      const profile = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
      await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
      await Deno.writeTextFile(profile, fleetProfileText(fleet), { mode: 0o600 });
      const metrics = `${fleet.hostRoot}/var/lib/prometheus/node-exporter/stickmode.prom`;
      const apply = await runMain([
        ...fleetFlags(fleet, profile),
        "apply",
        "--metrics-file",
        metrics,
      ]);
      assertEquals(apply.code, 4, apply.stdout + apply.stderr); // the 22.x stick is blocked

      const text = await Deno.readTextFile(metrics);
      const check = await checkMetrics(metrics);
      assertEquals(check.code, 0, `${check.stdout}${check.stderr}\n${text}`);
      assertEquals((check.stdout + check.stderr).trim(), "", "no lint remarks");

      assertStringIncludes(text, 'stickmode_sticks{outcome="changed"} 2\n');
      assertStringIncludes(text, 'stickmode_sticks{outcome="blocked"} 1\n');
      assertStringIncludes(text, "stickmode_last_run_success 0\n");
      // Telemetry read on each modem-mode stick's PCUI port in this very apply.
      assertStringIncludes(text, 'stickmode_registered{port_path="1-1",stick="gsm0"} 1\n');
      assertStringIncludes(text, 'stickmode_signal_rsrp_dbm{port_path="1-1",stick="gsm0"} -');
      assertStringIncludes(text, 'stickmode_link_up{port_path="1-1",stick="gsm0"} 0\n');
      assertStringIncludes(text, 'stickmode_last_seen_timestamp_seconds{port_path="1-1"');
      for (const s of fleet.sticks) {
        assert(!text.includes(s.sim.state.imei), `full IMEI of ${s.portPath} in a label`);
      }
      assertEquals((await Deno.stat(metrics)).mode! & 0o777, 0o644);
    } finally {
      await fleet.stop();
    }
  },
});

Deno.test({
  name: "promtool check metrics rejects a broken textfile (negative control of the check)",
  ignore: SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      const file = `${dir}/bad.prom`;
      const good = "# HELP stickmode_x A gauge.\n# TYPE stickmode_x gauge\nstickmode_x 1\n";
      await Deno.writeTextFile(file, good + "stickmode_x{stick=gsm0} 1\n");
      assertEquals((await checkMetrics(file)).code, 1, "parse error");
      await Deno.writeTextFile(file, good.replaceAll("stickmode_x", "stickmode_x_total"));
      assertEquals((await checkMetrics(file)).code, 3, "lint: _total on a gauge");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
