// HiLink web API faults while leaving HiLink mode, on one stick of two: an expired token is
// retried once and converges; a login it cannot do, a busy or unreachable or stalled web server
// fail that stick with a message naming it, the step and the endpoint, within the HiLink timeout;
// the other stick converges either way.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runApply } from "../../src/reconcile/run_apply.ts";
import type { FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import {
  captureLogs,
  fastRunOptions,
  faultProfileText,
  modemStick,
  parseProfile,
  type ProfileParts,
  startFaultFleet,
  within,
} from "./_harness.ts";

const WEB_PASSWORD = "Hilink-7Qx!pw";
const HILINK_TIMEOUT_MS = 800;

/** An E3372 on stick firmware left in HiLink mode, with a web password. */
const HILINK_STICK: FleetStickSpec = {
  portPath: "1-1",
  start: "hilink",
  firmware: "21",
  hilinkFirmware: false,
  index: 1,
  latencyMs: 5,
  resetDelayMs: 150,
  switchDelayMs: 150,
  hilinkPassword: WEB_PASSWORD,
};

async function withHilinkFleet(
  work: (fleet: SimFleet, dir: string) => Promise<void>,
): Promise<void> {
  const fleet = await startFaultFleet([HILINK_STICK, modemStick("1-2", 2)]);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const logs = captureLogs();
  try {
    await work(fleet, dir);
  } finally {
    logs.stop();
    fleet.stick("1-1").hilink.faults.stall = false;
    await fleet.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

async function apply(fleet: SimFleet, parts: ProfileParts = {}) {
  const profile = parseProfile(faultProfileText(fleet, parts));
  const outcome = await within(
    4 * HILINK_TIMEOUT_MS + 2500,
    "apply",
    () => runApply(fastRunOptions(fleet, profile)),
  );
  const [hilink, other] = outcome.report.sticks;
  assertEquals(other?.outcome, "changed", "the other stick converges");
  return hilink!;
}

Deno.test("runApply() retries once after an expired HiLink token (125002) and converges", async () => {
  await withHilinkFleet(async (fleet) => {
    const server = fleet.stick("1-1").hilink;
    server.faults.tokenExpired = true;
    const stick = await apply(fleet);
    assertEquals(stick.outcome, "changed", JSON.stringify(stick));
    assertEquals(stick.after.mode, "modem");
    const posts = server.requests.filter((r) => r.endpoint === "api/device/mode");
    assertEquals(posts.map((r) => r.code), [125002, null]);
    assertEquals(fleet.stick("1-1").history, ["hilink", "debug", "modem"]);
  });
});

Deno.test("runApply() switches a HiLink stick on the web session its observation opened", async () => {
  await withHilinkFleet(async (fleet) => {
    const server = fleet.stick("1-1").hilink;
    const stick = await apply(fleet);
    assertEquals(stick.outcome, "changed", JSON.stringify(stick));
    // One home page (session cookie and tokens), the information, then the switch with an
    // unused token of that page: no second home page between observation and step.
    assertEquals(server.requests.map((r) => `${r.method} /${r.endpoint}`), [
      "GET /",
      "GET /api/device/information",
      "POST /api/device/mode",
    ]);
    const [home, ...rest] = server.requests.map((r) => r.session);
    assertEquals(home, null, "the home page opens the session");
    assert(rest[0] !== null && rest.every((s) => s === rest[0]), `one session: ${rest}`);
  });
});

Deno.test("runApply() with a HiLink login required and no password source fails, saying which key to set", async () => {
  await withHilinkFleet(async (fleet) => {
    fleet.stick("1-1").hilink.faults.loginRequired = true;
    const stick = await apply(fleet);
    assertEquals(stick.outcome, "failed");
    assertStringIncludes(
      stick.error ?? "",
      'stick 1-1: leave-hilink: Cannot post "api/device/mode" to stick "1-1"',
    );
    assertStringIncludes(
      stick.error ?? "",
      "login required (100003): set hilink.passwordFile or hilink.passwordEnv",
    );
    assertEquals(fleet.stick("1-1").history, ["hilink"], "the stick stays in HiLink mode");
  });
});

Deno.test("runApply() with a HiLink login required logs in with the password file and converges", async () => {
  await withHilinkFleet(async (fleet, dir) => {
    const server = fleet.stick("1-1").hilink;
    server.faults.loginRequired = true;
    const file = `${dir}/hilink-password`;
    await Deno.writeTextFile(file, `${WEB_PASSWORD}\n`, { mode: 0o600 });
    const stick = await apply(fleet, { hilink: `passwordFile: ${file}` });
    assertEquals(stick.outcome, "changed", JSON.stringify(stick));
    const logins = server.requests.filter((r) => r.endpoint === "api/user/login");
    assertEquals(logins.map((r) => r.code), [null], "one login, accepted");
    assertEquals(fleet.stick("1-1").history, ["hilink", "debug", "modem"]);
  });
});

Deno.test("runApply() with a HiLink password file only others can read refuses before any login", async () => {
  await withHilinkFleet(async (fleet, dir) => {
    const server = fleet.stick("1-1").hilink;
    server.faults.loginRequired = true;
    const file = `${dir}/hilink-password`;
    await Deno.writeTextFile(file, `${WEB_PASSWORD}\n`, { mode: 0o644 });
    await Deno.chmod(file, 0o644);
    const stick = await apply(fleet, { hilink: `passwordFile: ${file}` });
    assertEquals(stick.outcome, "failed");
    assertStringIncludes(
      stick.error ?? "",
      `stick 1-1: leave-hilink: Cannot read HiLink password from "${file}": expected a file ` +
        "only its owner can read (mode 0600 or stricter), found mode 0644",
    );
    assertEquals(server.requests.filter((r) => r.endpoint === "api/user/login"), []);
  });
});

const FAILING: Array<{ what: string; set(fleet: SimFleet): Promise<void> | void; says: string }> = [
  {
    what: "busy (100004)",
    set: (f) => void (f.stick("1-1").hilink.faults.busy = true),
    says: 'Cannot post "api/device/mode" to stick "1-1"',
  },
  {
    what: "unreachable",
    set: (f) => f.stick("1-1").hilink.close(),
    says: "nothing listens (ECONNREFUSED)",
  },
  {
    what: "stalled",
    set: (f) => void (f.stick("1-1").hilink.faults.stall = true),
    says: `no answer within ${HILINK_TIMEOUT_MS} ms`,
  },
];

for (const c of FAILING) {
  Deno.test(`runApply() with a HiLink web server ${c.what} fails that stick within the timeout`, async () => {
    await withHilinkFleet(async (fleet) => {
      await c.set(fleet);
      const stick = await apply(fleet);
      assertEquals(stick.outcome, "failed");
      assertStringIncludes(stick.error ?? "", "stick 1-1: leave-hilink: ");
      assertStringIncludes(stick.error ?? "", c.says);
      if (c.what.startsWith("busy")) assertStringIncludes(stick.error ?? "", "system busy");
      assert(stick.steps.every((s) => s.ms < 3 * HILINK_TIMEOUT_MS), JSON.stringify(stick.steps));
      assertEquals(fleet.stick("1-1").history, ["hilink"]);
    });
  });
}
