// Pure: no I/O. Checks every value that lands in a udev rule, a wvdial section, a pppd option or a
// unit file, so a quote or newline in the profile can never change the syntax around it. Values
// are rejected with the reason, never rewritten.

import { ExpectedError } from "../errors/expected.ts";
import { APN_NAME_RULE, isApnName } from "../at/apn_name.ts";
import type { HostSettings, HostStick } from "./host_stick.ts";
import { stickNameProblem } from "./unit_names.ts";

/** A profile or discovery value that cannot be written safely into a host file. */
export class InvalidHostInputError extends ExpectedError {
  override name = "InvalidHostInputError";
}

const PORT_PATH = /^[0-9]+-[0-9]+(\.[0-9]+)*$/;
const ID_PATH = /^[A-Za-z0-9][A-Za-z0-9:._+-]*$/;
const INTERFACE = /^[0-9a-f]{2}$/;
const IMEI = /^[0-9]{14,16}$/;
const PHONE = /^[0-9*#+]{1,32}$/;
const BAUDS = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000, 2000000];
// OnCalendar= grammar characters (systemd.time(7)); the real check is `systemd-analyze calendar`.
const CALENDAR = /^[A-Za-z0-9*:/.,~ -]{1,100}$/;
// Absolute path without whitespace, quotes, "%" (a unit specifier) or shell metacharacters.
const SAFE_PATH = /^\/[A-Za-z0-9._+/@-]*$/;

/** Throws the error for a value that cannot go into a host file. */
export function fail(message: string): never {
  throw new InvalidHostInputError(message);
}

/**
 * Every check that does not depend on the dialer kind; renderHostArtifacts calls it once per
 * render, before any renderer runs.
 *
 * @throws {InvalidHostInputError} Naming the stick and the value that cannot go into a host file.
 */
export function checkHostInput(sticks: readonly HostStick[], settings: HostSettings): void {
  checkSettings(settings);
  const seen = { name: new Set<string>(), portPath: new Set<string>(), idPath: new Set<string>() };
  for (const stick of sticks) {
    checkStick(stick);
    if (seen.name.has(stick.name)) {
      fail(`Cannot use the fleet: stick name "${stick.name}" is used twice`);
    }
    if (seen.portPath.has(stick.portPath)) {
      fail(`Cannot use the fleet: port path "${stick.portPath}" is used by two sticks`);
    }
    if (stick.idPath !== null && seen.idPath.has(stick.idPath)) {
      fail(`Cannot use the fleet: ID_PATH "${stick.idPath}" is used by two sticks`);
    }
    seen.name.add(stick.name);
    seen.portPath.add(stick.portPath);
    if (stick.idPath !== null) seen.idPath.add(stick.idPath);
  }
}

function checkStick(stick: HostStick): void {
  const s = `stick "${stick.name}"`;
  // The profile schema refuses the same names with the same rule (unit_names.ts).
  const nameProblem = stickNameProblem(stick.name);
  if (nameProblem !== null) fail(`Cannot use stick name "${stick.name}": ${nameProblem}`);
  if (!PORT_PATH.test(stick.portPath)) {
    fail(
      `Cannot use port path "${stick.portPath}" of ${s}: expected a USB port like "1-3" or "1-1.2"`,
    );
  }
  if (stick.idPath !== null) {
    if (!ID_PATH.test(stick.idPath)) {
      fail(`Cannot use ID_PATH "${stick.idPath}" of ${s}: not a udev ID_PATH of a USB device`);
    }
    // "usb-0:1.2" is a device behind a hub; "usb-0:3:1.0" is interface 0 of a device.
    if (/usb-[0-9]+:[0-9.]+:[0-9]+\.[0-9]+$/.test(stick.idPath)) {
      fail(
        `Cannot use ID_PATH "${stick.idPath}" of ${s}: it names an interface; give the device's`,
      );
    }
  }
  if (stick.imei !== null && !IMEI.test(stick.imei)) {
    fail(`Cannot use the IMEI of ${s}: expected 14-16 digits`);
  }
  const interfaces = [
    ["modem", stick.modemInterface],
    ["AT", stick.atInterface],
    ["NCM", stick.ncmInterface],
  ] as const;
  const used = new Map<string, string>();
  for (const [what, value] of interfaces) {
    if (value === null) continue;
    if (!INTERFACE.test(value)) {
      fail(`Cannot use ${what} interface "${value}" of ${s}: expected two hex digits`);
    }
    const other = used.get(value);
    if (other !== undefined) {
      fail(`Cannot use the interfaces of ${s}: ${other} and ${what} port are both "${value}"`);
    }
    used.set(value, what);
  }
  if (!Number.isSafeInteger(stick.uplink) || stick.uplink < 0) {
    fail(`Cannot use uplink number "${stick.uplink}" of ${s}: expected a whole number >= 0`);
  }
  if (!isApnName(stick.apn.name)) {
    fail(`Cannot use APN "${stick.apn.name}" of ${s}: expected ${APN_NAME_RULE}`);
  }
  if (!PHONE.test(stick.dialer.phone)) {
    fail(`Cannot use phone number "${stick.dialer.phone}" of ${s}: expected digits, "*", "#", "+"`);
  }
  if (!BAUDS.includes(stick.dialer.baud)) {
    fail(
      `Cannot use baud rate "${stick.dialer.baud}" of ${s}: expected one of ${BAUDS.join(", ")}`,
    );
  }
  checkCredential(stick, "user", stick.apn.user);
  checkCredential(stick, "password", stick.apn.password);
}

// Printable ASCII, no leading/trailing blank, at least 2 characters (wvdial never
// de-duplicates a 1-character login in pap-secrets: docs/host.md#pap-secrets).
function checkCredential(stick: HostStick, what: string, value: string | null): void {
  if (value === null) return;
  const where = `APN ${what} of stick "${stick.name}"`;
  if (value.length < 2 || value.length > 255) {
    fail(`Cannot use the ${where}: expected 2-255 characters`);
  }
  if (!/^[\x20-\x7e]+$/.test(value)) fail(`Cannot use the ${where}: expected printable ASCII only`);
  if (value.trim() !== value) fail(`Cannot use the ${where}: it starts or ends with a blank`);
}

function checkSettings(settings: HostSettings): void {
  const paths = {
    binaryPath: settings.binaryPath,
    profilePath: settings.profilePath,
    configDir: settings.configDir,
    deviceDir: settings.deviceDir,
    wvdialPath: settings.wvdialPath,
    pppdPath: settings.pppdPath,
    chatPath: settings.chatPath,
  };
  for (const [key, value] of Object.entries(paths)) {
    if (!SAFE_PATH.test(value)) {
      fail(`Cannot use ${key} "${value}": expected an absolute path of letters, digits and ._+/@-`);
    }
  }
  if (settings.reconcileOnCalendar !== null && !CALENDAR.test(settings.reconcileOnCalendar)) {
    fail(
      `Cannot use reconcile calendar "${settings.reconcileOnCalendar}": not an OnCalendar= value`,
    );
  }
}

// wvdial's ini parser has no quoting we can rely on: refuse what could be read as syntax.
const WVDIAL_UNSAFE = /[#;="'\\{}\[\]]/;

/**
 * Checks that a credential can be written verbatim as a wvdial.conf value.
 *
 * @throws {InvalidHostInputError} Naming the character that cannot.
 */
export function checkWvdialValue(stickName: string, what: string, value: string): void {
  const bad = WVDIAL_UNSAFE.exec(value);
  if (bad) {
    fail(
      `Cannot write the APN ${what} of stick "${stickName}" to wvdial.conf: character ` +
        `"${bad[0]}" is not safe there (use the pppd dialer, which quotes it)`,
    );
  }
}

/** A pppd option word in double quotes, with pppd's backslash escapes. */
export function pppdQuoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
