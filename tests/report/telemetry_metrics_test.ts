// The signal, registration, link and last-seen gauges of the metrics textfile: exact text for a
// stick that said everything, one that said nothing (its samples left out, never 0), and the
// real `promtool check metrics` on the result.

import { assertEquals, assertStringIncludes } from "../assert.ts";
import { renderMetrics, type StickMetrics } from "../../src/report/metrics.ts";
import { checkMetrics, promtoolSkipReason } from "./_promtool.ts";

const BASE: Omit<StickMetrics, "name" | "portPath"> = {
  mode: "modem",
  converged: true,
  outcome: "unchanged",
  failedSteps: 0,
  model: "E3372",
  firmware: "21.180.01.00.00",
  portLayout: "FF;10,12",
  imei: "866785030000011",
};

const SAID: StickMetrics = {
  ...BASE,
  name: "gsm0",
  portPath: "1-1",
  network: {
    registration: "roaming",
    registered: true,
    operator: "vodafone ES",
    accessTech: "lte",
    signal: { rssiDbm: -88, rsrpDbm: -101, rsrqDb: -14.5, sinrDb: 6.8 },
  },
  link: { kind: "ncm", interface: "wwgsm0", up: true, ipv4: "192.168.8.100" },
  seen: true,
};

// Read on a PPP-only port (no telemetry), signal 255 (unknown), not answering.
const SILENT: StickMetrics = {
  ...BASE,
  name: "gsm1",
  portPath: "1-2",
  network: {
    registration: "searching",
    registered: false,
    operator: null,
    accessTech: null,
    signal: { rssiDbm: null, rsrpDbm: null, rsrqDb: null, sinrDb: null },
  },
  link: { kind: "ppp", interface: null, up: false, ipv4: null },
  seen: false,
};

const RUN = { finishedAtSeconds: 1796000000, durationSeconds: 0.4, success: true };

const EXPECTED = `# HELP stickmode_signal_rssi_dbm Received signal strength (RSSI).
# TYPE stickmode_signal_rssi_dbm gauge
stickmode_signal_rssi_dbm{port_path="1-1",stick="gsm0"} -88
# HELP stickmode_signal_rsrp_dbm LTE reference signal received power (RSRP).
# TYPE stickmode_signal_rsrp_dbm gauge
stickmode_signal_rsrp_dbm{port_path="1-1",stick="gsm0"} -101
# HELP stickmode_signal_rsrq_db LTE reference signal received quality (RSRQ).
# TYPE stickmode_signal_rsrq_db gauge
stickmode_signal_rsrq_db{port_path="1-1",stick="gsm0"} -14.5
# HELP stickmode_signal_sinr_db LTE signal to interference plus noise ratio (SINR).
# TYPE stickmode_signal_sinr_db gauge
stickmode_signal_sinr_db{port_path="1-1",stick="gsm0"} 6.8
# HELP stickmode_registered 1 when the stick is registered (home or roaming).
# TYPE stickmode_registered gauge
stickmode_registered{port_path="1-1",stick="gsm0"} 1
stickmode_registered{port_path="1-2",stick="gsm1"} 0
# HELP stickmode_link_up 1 when the stick's data link is up with an IPv4 address.
# TYPE stickmode_link_up gauge
stickmode_link_up{port_path="1-1",stick="gsm0"} 1
stickmode_link_up{port_path="1-2",stick="gsm1"} 0
# HELP stickmode_last_seen_timestamp_seconds Unix time the stick last answered stickmode.
# TYPE stickmode_last_seen_timestamp_seconds gauge
stickmode_last_seen_timestamp_seconds{port_path="1-1",stick="gsm0"} 1796000000
`;

Deno.test("renderMetrics() writes the telemetry gauges and leaves out what a stick did not say", () => {
  const text = renderMetrics({ ...RUN, sticks: [SAID, SILENT] });
  const start = text.indexOf("# HELP stickmode_signal_rssi_dbm");
  assertEquals(text.slice(start), EXPECTED);
});

Deno.test("renderMetrics() writes no telemetry sample for a stick read without telemetry", () => {
  const text = renderMetrics({ ...RUN, sticks: [{ ...BASE, name: "gsm2", portPath: "1-3" }] });
  for (const name of ["signal_rsrp_dbm", "registered", "link_up", "last_seen_timestamp_seconds"]) {
    assertStringIncludes(text, `# TYPE stickmode_${name} gauge\n`);
    assertEquals(text.includes(`stickmode_${name}{`), false, name);
  }
});

const SKIP = promtoolSkipReason("promtool check metrics (telemetry)");

Deno.test({
  name: "renderMetrics() telemetry passes promtool check metrics without lint remarks",
  ignore: SKIP !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    try {
      const file = `${dir}/stickmode.prom`;
      await Deno.writeTextFile(file, renderMetrics({ ...RUN, sticks: [SAID, SILENT] }));
      const check = await checkMetrics(file);
      assertEquals(check.code, 0, check.stdout + check.stderr);
      assertEquals((check.stdout + check.stderr).trim(), "", "no lint remarks");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
