// findDataCallTarget(): a stick's name leads to its port through names.json under --root, and its
// remembered identity to its profile settings: the APN, the password from its 0600 file, the auth
// method and, with perStickTable, the routing table of its uplink number.

import { assertEquals, assertRejects } from "../assert.ts";
import { ExpectedError } from "../../src/errors/expected.ts";
import { findDataCallTarget } from "../../src/datacall/find_stick.ts";
import { renderStickMemory } from "../../src/reconcile/stick_memory.ts";
import { parseProfileText } from "../../src/profile/load.ts";
import type { Profile } from "../../src/profile/schema.ts";
import { redact } from "../../src/log/redact.ts";
import { withTempDir } from "../temp_dir.ts";

const IMEI = "867530012345672";

function profileText(secret: string): string {
  return `version: 1
defaults:
  portLayout: "FF;10,12,16"
  apn: { name: web.pt.lu, pdpType: IP }
  sim: { policy: none }
  dialer: { kind: wvdial, baud: 460800, phone: "*99#", autoReconnect: true }
  udev: { namePrefix: gsm }
  systemd: { dialerService: true, reconcileTimer: "*:0/15", binaryPath: /usr/local/bin/stickmode }
sticks:
  - match: { imei: "${IMEI}" }
    apn: { name: special.apn, user: web, passwordFile: ${secret} }
`;
}

async function setUp(root: string, extra: Record<string, unknown> = {}): Promise<Profile> {
  const secret = `${root}/apn.secret`;
  await Deno.writeTextFile(secret, "pa55-word\n", { mode: 0o600 });
  await Deno.mkdir(`${root}/var/lib/stickmode`, { recursive: true });
  await Deno.writeTextFile(
    `${root}/var/lib/stickmode/names.json`,
    renderStickMemory({
      "1-2": {
        name: "gsm0",
        imei: "860000000000001",
        iccid: null,
        hostFiles: true,
        uplink: 4,
        altSwitch: null,
        atInterface: null,
      },
      "1-3": {
        name: "gsm1",
        imei: IMEI,
        iccid: null,
        hostFiles: true,
        uplink: 0,
        altSwitch: null,
        atInterface: null,
      },
    }),
  );
  const r = parseProfileText(profileText(secret), "profile.yaml", 0o600);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  // The routing and auth fields the NCM profile adds, set as a profile carrying them would.
  const defaults = { ...r.profile.defaults, ...extra };
  return { ...r.profile, defaults } as Profile;
}

Deno.test("findDataCallTarget() finds the port by name and the settings by remembered IMEI", async () => {
  await withTempDir(async (root) => {
    const profile = await setUp(root);
    const where = { root, sysfsRoot: `${root}/sys`, devRoot: `${root}/dev` };
    const t = await findDataCallTarget("gsm1", profile, where);
    assertEquals(t, {
      name: "gsm1",
      portPath: "1-3",
      dial: { apn: "special.apn", user: "web", password: "pa55-word", auth: "auto" },
      table: null,
    });
    assertEquals(redact("pass pa55-word"), "pass ****", "the password is a registered secret");
    // The other stick gets the defaults: no credentials.
    assertEquals((await findDataCallTarget("gsm0", profile, where)).dial, {
      apn: "web.pt.lu",
      user: null,
      password: null,
      auth: "auto",
    });
  });
});

Deno.test("findDataCallTarget() takes apn.auth and, with perStickTable, the uplink's table", async () => {
  await withTempDir(async (root) => {
    const profile = await setUp(root, {
      apn: { name: "web.pt.lu", pdpType: "IP", user: null, auth: "pap" },
      routing: { perStickTable: true, tableBase: 1000, metricBase: 2000 },
    });
    const where = { root, sysfsRoot: `${root}/sys`, devRoot: `${root}/dev` };
    const t = await findDataCallTarget("gsm0", profile, where);
    assertEquals([t.dial.auth, t.table], ["pap", 1004]);
    // An entry's APN section keeps the defaults' auth.
    assertEquals((await findDataCallTarget("gsm1", profile, where)).dial.auth, "pap");
  });
});

Deno.test("findDataCallTarget() names the stick and the step: unknown name, a password it cannot send or read", async () => {
  await withTempDir(async (root) => {
    const profile = await setUp(root);
    await assertRejects(
      () => findDataCallTarget("gsm9", profile, { root, sysfsRoot: root, devRoot: root }),
      ExpectedError,
      `Cannot start the data call of "gsm9": no stick of that name in ` +
        `"${root}/var/lib/stickmode/names.json" (run stickmode apply first)`,
    );
    await Deno.writeTextFile(`${root}/apn.secret`, 'pa"ss\n');
    const e = await assertRejects(
      () => findDataCallTarget("gsm1", profile, { root, sysfsRoot: root, devRoot: root }),
      ExpectedError,
      `Cannot start the data call of "gsm1": Cannot dial APN "special.apn": the APN password ` +
        "holds a double quote, CR or LF (not shown)",
    );
    assertEquals(e.message.includes('pa"ss'), false);
    await Deno.chmod(`${root}/apn.secret`, 0o644);
    await assertRejects(
      () => findDataCallTarget("gsm1", profile, { root, sysfsRoot: root, devRoot: root }),
      ExpectedError,
      `Cannot start the data call of "gsm1": Cannot read APN password from "${root}/apn.secret"`,
    );
  });
});
