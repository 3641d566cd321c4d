// The one APN rule (src/at/apn_name.ts) and the three places that apply it: the profile schema,
// the host file checks and AT+CGDCONT. They used to disagree ("a..b" passed the host check and
// setApn, "_x" only the profile, an empty APN only setApn); now all three agree on each value.

import { APN_NAME_RULE, isApnName } from "../../src/at/apn_name.ts";
import { HuaweiModem } from "../../src/at/huawei.ts";
import { InvalidHostInputError } from "../../src/host/host_input.ts";
import { renderHostArtifacts } from "../../src/host/artifacts.ts";
import { ApnNameField } from "../../src/profile/schema_fields.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "../assert.ts";
import { settings, stick } from "../host/sticks.ts";
import { withStick } from "./stick_fixture.ts";

const GOOD = ["internet", "web.pt.lu", "m2m.example", "corp_apn", "mnc001.mcc262.gprs", "a"];
const BAD = ["", "a..b", "-x", "x-", ".x", "x.", 'bad"apn', "with space", "a,b", "x".repeat(101)];

Deno.test("isApnName() takes labels of letters, digits, '-' or '_' joined by '.', up to 100", () => {
  for (const apn of GOOD) assert(isApnName(apn), apn);
  assert(isApnName("x".repeat(100)));
  for (const apn of BAD) assert(!isApnName(apn), apn);
});

Deno.test("the profile, the host file checks and setApn accept and refuse the same APNs", async () => {
  const hostAccepts = (name: string) => {
    const s = stick({ name: "gsm0", apn: { name, pdpType: "IP", user: null, password: null } });
    try {
      renderHostArtifacts([s], settings());
      return true;
    } catch (e) {
      if (e instanceof InvalidHostInputError) return false;
      throw e;
    }
  };
  for (const apn of [...GOOD, ...BAD]) {
    const want = isApnName(apn);
    assertEquals(ApnNameField.safeParse(apn).success, want, `profile: ${JSON.stringify(apn)}`);
    assertEquals(hostAccepts(apn), want, `host: ${JSON.stringify(apn)}`);
  }
  assertThrows(
    () =>
      renderHostArtifacts([
        stick({ name: "gsm0", apn: { name: "a..b", pdpType: "IP", user: null, password: null } }),
      ], settings()),
    InvalidHostInputError,
    APN_NAME_RULE,
  );
  await withStick({}, async ({ open }) => {
    const m = new HuaweiModem(await open());
    for (const apn of BAD) {
      await assertRejects(() => m.setApn(1, "IP", apn), RangeError, APN_NAME_RULE);
    }
    for (const apn of GOOD) await m.setApn(1, "IP", apn);
    assertEquals((await m.readApn())[0]?.apn, GOOD.at(-1));
  });
});
