// HilinkClient against the stateful simulator: the three handshakes over every transport, token
// rotation, the 125002 reload + retry, logins of both password types, mode switch. Project mode
// and reboot are POSTs stickmode never sends; the tests send them through the connection to reach
// the simulator's other writing endpoints.

import { HilinkError } from "../../src/hilink/errors.ts";
import type { HilinkTokenSource } from "../../src/sim/hilink_server.ts";
import { assert, assertEquals, assertRejects } from "../assert.ts";
import { captureLogs, projectMode, reboot, TRANSPORTS, withSim } from "./sim_fixture.ts";

for (const source of ["meta", "token", "sestokinfo"] as HilinkTokenSource[]) {
  for (const [name, transport] of TRANSPORTS) {
    Deno.test(`HilinkClient opens a session via ${source} and POSTs over ${name}`, async () => {
      await withSim({ tokenSource: source }, async (sim, client) => {
        const c = client({ transport: transport() });
        const info = await c.deviceInformation();
        assertEquals(
          [info.deviceName, info.softwareVersion, info.imei, info.classify, info.iccid],
          ["E3372", "22.333.01.00.00", "866850029360451", "hilink", null],
        );
        await c.switchToDebugMode();
        await projectMode(c);
        assertEquals(sim.modeSwitches, [1, 0]);
        // Only the sestokinfo firmware refuses api/webserver/token (100002), as real ones do.
        assertEquals(
          sim.requests.filter((r) => r.code !== null).map((r) => [r.endpoint, r.code]),
          source === "sestokinfo" ? [["api/webserver/token", 100002]] : [],
        );
        const handshake = sim.requests.map((r) => r.endpoint).filter((e) =>
          e !== "api/device/mode"
        );
        const expected = {
          meta: [""],
          token: ["", "api/webserver/token"],
          sestokinfo: ["", "api/webserver/token", "api/webserver/SesTokInfo"],
        }[source];
        assertEquals(handshake, [...expected, "api/device/information"]);
      });
    });
  }
}

Deno.test("HilinkClient rotates the one-use token over many POSTs", async () => {
  await withSim({}, async (sim, client) => {
    const c = client();
    for (let i = 0; i < 6; i++) await c.switchToDebugMode();
    await reboot(c);
    assertEquals(sim.modeSwitches.length, 6);
    assertEquals(sim.controls, [1]);
    // One handshake only: every POST carried a valid token, none was refused.
    assertEquals(sim.requests.filter((r) => r.endpoint === "").length, 1);
    assertEquals(sim.requests.filter((r) => r.code !== null), []);
  });
});

Deno.test("HilinkClient reloads the session and retries once on 125002", async () => {
  await withSim({}, async (sim, client) => {
    const c = client();
    await c.deviceInformation();
    sim.faults.tokenExpired = true;
    const logs = await captureLogs(() => c.switchToDebugMode().then(() => {}));
    assertEquals(sim.modeSwitches, [1]);
    assertEquals(
      sim.requests.slice(-3).map((r) => [r.method, r.endpoint, r.code]),
      [["POST", "api/device/mode", 125002], ["GET", "", null], ["POST", "api/device/mode", null]],
    );
    assert(logs.some((l) => l.includes("Reloading the HiLink session")), logs.join("\n"));
  });
});

Deno.test("HilinkClient gives up after one retry when 125002 persists", async () => {
  await withSim({}, async (sim, client) => {
    sim.injectError("api/device/mode", 125002, 2);
    let e: HilinkError | undefined;
    await captureLogs(async () => {
      e = await assertRejects(() => client().switchToDebugMode(), HilinkError);
    });
    if (e === undefined) throw new Error("expected a HilinkError");
    assertEquals(e.code, 125002);
    assertEquals(
      e.message,
      `Cannot post "api/device/mode" to stick "1-3" (${sim.url}): ` +
        "token expired (CSRF/session error) (125002)",
    );
    assertEquals(sim.requests.filter((r) => r.endpoint === "api/device/mode").length, 2);
    assertEquals(sim.modeSwitches, []);
  });
});

for (const passwordType of [0, 4] as const) {
  Deno.test(`HilinkClient logs in with password_type ${passwordType}`, async () => {
    const credentials = { username: "admin", password: `S3cret-${passwordType}&<x>`, passwordType };
    await withSim({ credentials }, async (sim, client) => {
      sim.faults.loginRequired = true;
      const c = client();
      const before = await assertRejects(() => c.deviceInformation(), HilinkError);
      assertEquals(before.code, 100003);
      assertEquals((await c.loginState()).loggedIn, false);
      const logs = await captureLogs(async () => {
        assertEquals(await c.login("admin", credentials.password), true);
      });
      assertEquals(await c.loginState(), {
        required: true,
        loggedIn: true,
        username: "admin",
        passwordType,
      });
      assertEquals(await c.login("admin", credentials.password), false);
      assertEquals((await c.deviceInformation()).imei, "866850029360451");
      // After login the stick hands out ...one/...two; POSTs keep working on them.
      await c.switchToDebugMode();
      await reboot(c);
      assertEquals([sim.modeSwitches, sim.controls], [[1], [1]]);
      assert(!logs.join("\n").includes(credentials.password), "password in a log line");
    });
  });
}

Deno.test("HilinkClient reports wrong credentials and the lockout without the password", async () => {
  const credentials = { username: "admin", password: "right-one", passwordType: 4 as const };
  await withSim({ credentials, maxLoginAttempts: 3 }, async (_sim, client) => {
    const cases: [string, string, number, string][] = [
      ["admin", "wrong-pass-1", 108002, "wrong password (108002)"],
      ["root", "right-one", 108001, "wrong username (108001)"],
      ["root", "wrong-pass-2", 108007, "too many login attempts (108007)"],
      ["admin", "right-one", 108007, "too many login attempts (108007)"],
    ];
    for (const [user, password, code, words] of cases) {
      const e = await assertRejects(() => client().login(user, password), HilinkError);
      assertEquals(e.code, code);
      assertEquals(
        e.message,
        `Cannot post "api/user/login" to stick "1-3" (${_sim.url}): ${words}`,
      );
      assert(!e.message.includes(password));
    }
  });
});

Deno.test("HilinkClient reports wrong username and password together as 108006", async () => {
  await withSim({}, async (_sim, client) => {
    const e = await assertRejects(() => client().login("root", "nope-nope"), HilinkError);
    assertEquals(e.code, 108006);
  });
});

Deno.test("HilinkSimServer calls onModeSwitch after answering, for re-enumeration", async () => {
  const seen: number[] = [];
  let notify: () => void = () => {};
  const called = new Promise<void>((r) => notify = r);
  await withSim({
    onModeSwitch: (mode) => {
      seen.push(mode);
      notify();
    },
  }, async (_sim, client) => {
    await client().switchToDebugMode();
    await called;
    assertEquals(seen, [1]);
  });
});
