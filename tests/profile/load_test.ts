import { assert, assertEquals, assertRejects, assertStringIncludes } from "../assert.ts";
import { loadProfile } from "../../src/profile/load.ts";
import { formatProblem, ProfileError } from "../../src/profile/problem.ts";
import { redact } from "../../src/log/redact.ts";
import { BROKEN_PROFILES } from "./broken_profiles.ts";
import { withTempDir, writeFileWithMode } from "./profile_files.ts";

for (const broken of BROKEN_PROFILES) {
  Deno.test(`loadProfile() reports ${broken.name} at its line:col`, async () => {
    await withTempDir(async (dir) => {
      const file = await writeFileWithMode(dir, "profile.yaml", broken.yaml, broken.mode);
      const error = await assertRejects(() => loadProfile(file), ProfileError);
      const expected = broken.expected.map((line) => line.replaceAll("FILE", file));
      assertEquals(error.problems.map(formatProblem), expected);
      const count = `${expected.length} problem${expected.length === 1 ? "" : "s"}`;
      assertEquals(
        error.message,
        [`Cannot use profile "${file}": ${count}`, ...expected].join("\n"),
      );
    });
  });
}

Deno.test("loadProfile() collects every problem of a file, in file order", async () => {
  const yaml = [
    "version: 3",
    "defaults:",
    "  apn: { name: internet, pdpTyp: IP }",
    '  portLayout: "A2;10,12"',
    "  dialer: { baud: 12345 }",
    "sticks:",
    "  - match: {}",
  ].join("\n");
  await withTempDir(async (dir) => {
    const file = await writeFileWithMode(dir, "p.yaml", yaml);
    const error = await assertRejects(() => loadProfile(file), ProfileError);
    assertEquals(error.problems.map((p) => `${p.line}:${p.col} ${p.path}`), [
      "1:10 version",
      "3:26 defaults.apn.pdpTyp",
      "4:15 defaults.portLayout",
      "5:19 defaults.dialer.baud",
      "7:5 sticks[0].match",
    ]);
  });
});

Deno.test("loadProfile() fills every default for a minimal profile", async () => {
  await withTempDir(async (dir) => {
    const file = await writeFileWithMode(
      dir,
      "p.yaml",
      "version: 1\ndefaults:\n  apn: { name: x }\n",
    );
    const { profile } = await loadProfile(file);
    assertEquals(profile, {
      version: 1,
      defaults: {
        portLayout: "FF;10,12",
        lockedFirmware: "volatile",
        apn: { name: "x", pdpType: "IP", user: null, auth: "auto" },
        sim: { policy: "none", minAttemptsLeft: 2 },
        hilink: { url: "http://192.168.8.1/", username: "admin" },
        dialer: { kind: "wvdial", baud: 460800, phone: "*99#", autoReconnect: true },
        routing: { perStickTable: false, tableBase: 1000, metricBase: 2000 },
        udev: { namePrefix: "gsm" },
        systemd: {
          dialerService: true,
          reconcileTimer: "*:0/15",
          binaryPath: "/usr/local/bin/stickmode",
        },
      },
      sticks: [],
      recovery: { enabled: true, linkDownMinutes: 10, windowMinutes: 60 },
    });
  });
});

Deno.test("loadProfile() makes relative secret paths absolute from the profile's directory", async () => {
  const yaml = "version: 1\ndefaults:\n  apn: { name: x, passwordFile: s/apn }\n" +
    "  sim: { policy: unlock, pinFile: s/pin }\n  hilink: { passwordFile: /etc/hl }\n" +
    "sticks:\n  - match: { portPath: '1-2' }\n    sim: { pinFile: ../other-pin }\n";
  await withTempDir(async (dir) => {
    const { profile } = await loadProfile(await writeFileWithMode(dir, "p.yaml", yaml));
    assertEquals(profile.defaults.apn.passwordFile, `${dir}/s/apn`);
    assertEquals(profile.defaults.sim.pinFile, `${dir}/s/pin`);
    assertEquals(profile.defaults.hilink.passwordFile, "/etc/hl");
    assertEquals(profile.sticks[0]?.sim?.pinFile, `${dir.replace(/\/[^/]+$/, "")}/other-pin`);
  });
});

Deno.test("loadProfile() accepts an inline PIN in a 0600 profile and registers it as a secret", async () => {
  await withTempDir(async (dir) => {
    const yaml =
      'version: 1\ndefaults:\n  apn: { name: x }\n  sim: { policy: unlock, pin: "40917" }\n';
    const { profile } = await loadProfile(await writeFileWithMode(dir, "p.yaml", yaml, 0o600));
    assertEquals(profile.defaults.sim.pin, "40917");
    assertEquals(redact("sent 40917 to the SIM"), "sent **** to the SIM");
  });
});

Deno.test("loadProfile() never prints a PIN in its problems", async () => {
  await withTempDir(async (dir) => {
    const yaml =
      'version: 1\ndefaults:\n  apn: { name: x }\n  sim: { policy: unlock, pin: "98x12" }\n';
    const file = await writeFileWithMode(dir, "p.yaml", yaml, 0o644);
    const error = await assertRejects(() => loadProfile(file), ProfileError);
    assert(!error.message.includes("98x12"), error.message);
    assertStringIncludes(
      error.message,
      "defaults.sim.pin: expected a quoted string of 4 to 8 digits",
    );
    assertStringIncludes(error.message, "found mode 0644");
  });
});

Deno.test("loadProfile() reports a missing file as a problem of that file", async () => {
  const error = await assertRejects(() => loadProfile("/nonexistent/profile.yaml"), ProfileError);
  assertEquals(error.problems.map(formatProblem), [
    "/nonexistent/profile.yaml:1:1: cannot read the profile: no such file",
  ]);
});

Deno.test("loadProfile() loads every example profile in configs/", async () => {
  const configs = new URL("../../configs/", import.meta.url).pathname;
  let count = 0;
  for await (const entry of Deno.readDir(configs)) {
    if (!entry.name.endsWith(".yaml")) continue;
    const { profile } = await loadProfile(`${configs}${entry.name}`);
    assertEquals(profile.version, 1);
    count++;
  }
  assert(count >= 2, `expected at least 2 example profiles, found ${count}`);
});

Deno.test("loadProfile() accepts an NCM fleet with routing, a per-stick kind and APN auth", async () => {
  await withTempDir(async (dir) => {
    const yaml = "version: 1\ndefaults:\n  portLayout: 'FF;10,12,16'\n" +
      "  apn: { name: internet, auth: pap, user: fleet }\n  dialer: { kind: ncm }\n" +
      "  routing: { perStickTable: true }\nsticks:\n" +
      "  - match: { portPath: 1-3 }\n    name: uplink-a\n    routing: { metric: 100, table: 100 }\n" +
      "  - match: { portPath: 1-4 }\n    dialer: { kind: wvdial }\n    portLayout: 'FF;10,12'\n";
    const { profile } = await loadProfile(await writeFileWithMode(dir, "p.yaml", yaml));
    assertEquals(profile.defaults.routing, {
      perStickTable: true,
      tableBase: 1000,
      metricBase: 2000,
    });
    assertEquals(profile.sticks[0]?.routing, { metric: 100, table: 100 });
    assertEquals(profile.sticks[1]?.dialer?.kind, "wvdial");
    assertEquals(profile.defaults.apn.auth, "pap");
  });
});
