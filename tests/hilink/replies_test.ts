// Typed views of replies: api/device/information (T10) and api/user/state-login.

import { parseDeviceInformation } from "../../src/hilink/device_information.ts";
import { parseLoginState } from "../../src/hilink/login_state.ts";
import { assertEquals, assertThrows } from "../assert.ts";

Deno.test("parseDeviceInformation() types the T10 fields and reads empty ones as null", () => {
  const info = parseDeviceInformation({
    DeviceName: "E3372",
    SerialNumber: "Y4QDU17621000872",
    Imei: "866850029360451",
    Imsi: "",
    Iccid: "",
    HardwareVersion: "CL2E3372HM",
    SoftwareVersion: "22.333.01.00.00",
    WebUIVersion: "17.100.13.112.03",
    MacAddress1: "BA:AB:BE:34:00:00",
    ProductFamily: "LTE",
    Classify: "hilink",
    workmode: "NO SERVICE",
    supportmode: "LTE|WCDMA|GSM",
  });
  assertEquals(info.deviceName, "E3372");
  assertEquals(info.imei, "866850029360451");
  assertEquals([info.imsi, info.iccid, info.msisdn], [null, null, null]);
  assertEquals(info.softwareVersion, "22.333.01.00.00");
  assertEquals(info.webUiVersion, "17.100.13.112.03");
  assertEquals(info.classify, "hilink");
  assertEquals(info.raw["supportmode"], "LTE|WCDMA|GSM");
});

Deno.test("parseLoginState() reads State, Username and password_type", () => {
  assertEquals(parseLoginState({ State: "-1", Username: "", password_type: "4" }), {
    required: true,
    loggedIn: false,
    username: null,
    passwordType: 4,
  });
  assertEquals(parseLoginState({ State: "0", Username: "admin" }), {
    required: true,
    loggedIn: true,
    username: "admin",
    passwordType: 0,
  });
  assertEquals(parseLoginState({ State: "-2", password_type: "3" }).loggedIn, false);
});

Deno.test("parseLoginState() refuses a missing State and unknown password types", () => {
  assertThrows(() => parseLoginState({}), Error, 'expected a number in "<State>", found ""');
  assertThrows(
    () => parseLoginState({ State: "-1", password_type: "7" }),
    Error,
    'password_type "7" is not one stickmode knows (0, 3, 4)',
  );
});
