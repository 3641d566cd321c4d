// Stick names for the name-rule tests in tests/host and tests/profile: allowed ones, from the
// example profiles to the edges of the rule, and refused ones with a word of the reason.

import { STICK_NAME_MAX } from "../../src/host/unit_names.ts";

/** Allowed names, from the profile examples to the edges of the rule. */
export const GOOD_NAMES = [
  "gsm0",
  "uplink-a",
  "m2m",
  "spare-3g",
  "lte12",
  "A",
  "7",
  "Uplink_B.2",
  "a.b-c_d",
  "a..b",
  "a--b",
  "x-",
  "x.",
  "sdcard",
  "at",
  "uplink-at2",
  "n".repeat(STICK_NAME_MAX),
];

/** Refused names and a word of the reason each must give. */
export const BAD_NAMES: Array<[name: string, reason: string]> = [
  ["", "1-32 letters"],
  [".", "starting with a letter or digit"],
  ["..", "starting with a letter or digit"],
  [".x", "starting with a letter or digit"],
  ["-x", "starting with a letter or digit"],
  ["_x", "starting with a letter or digit"],
  ["a/b", "1-32 letters"],
  ["a b", "1-32 letters"],
  ["a:b", "1-32 letters"],
  ["a\\x2d", "1-32 letters"],
  ["uplinké", "1-32 letters"],
  ["n".repeat(STICK_NAME_MAX + 1), "1-32 letters"],
  ["uplink-at", 'not end in "-at"'],
  ["gsm0-at", 'not end in "-at"'],
  ["ttyUSB0", "kernel does not use under /dev"],
  ["ttyACM1", "kernel does not use under /dev"],
  ["tty", "kernel does not use under /dev"],
  ["null", "kernel does not use under /dev"],
  ["console", "kernel does not use under /dev"],
  ["zero", "kernel does not use under /dev"],
  ["serial", "kernel does not use under /dev"],
  ["sda1", "kernel does not use under /dev"],
  ["sr0", "kernel does not use under /dev"],
  ["cdc-wdm0", "kernel does not use under /dev"],
  ["wwan0at0", "kernel does not use under /dev"],
  ["loop7", "kernel does not use under /dev"],
];
