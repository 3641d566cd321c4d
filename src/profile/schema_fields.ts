// Pure: no I/O. The scalar fields of a profile: each a zod schema with the message an operator
// reads ("expected ..., found ...") and the description an editor shows.

import { luhnValid } from "../at/luhn.ts";
import { z } from "zod";
import { APN_NAME_RULE, isApnName } from "../at/apn_name.ts";
import { isSimPin } from "../at/sim_pin.ts";
import { checkPortLayout } from "./check_port_layout.ts";
import { checkCalendarSpec } from "./calendar_spec.ts";
import {
  NAME_PREFIX_SHAPE,
  namePrefixProblem,
  STICK_NAME_PATTERN,
  stickNameProblem,
} from "../host/unit_names.ts";
import { DIALER_KINDS, DIALERS } from "../host/dialers/mod.ts";
import { PDP_TYPES } from "../at/pdp_type.ts";
import { APN_AUTHS } from "../at/ndis.ts";

const quote = (v: string) => JSON.stringify(v);

/** A string checked by `check`, which returns "expected ..., found ..." or null. */
function checkedText(check: (value: string) => string | null, pattern?: RegExp) {
  const schema = z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem, input: value });
  });
  return pattern ? schema.meta({ pattern: pattern.source }) : schema;
}

/** A string matching `pattern`; `expected` says what in words. */
function textMatching(pattern: RegExp, expected: string) {
  return checkedText(
    (v) => pattern.test(v) ? null : `expected ${expected}, found ${quote(v)}`,
    pattern,
  );
}

/** An AT^SETPORT port layout ("FF;10,12"), checked against the port layout rules. */
export const PortLayoutField = checkedText(
  checkPortLayout,
  /^([Ff][Ff]|[Aa]1(,[Aa]2)?);[0-9A-Fa-f]{1,2}(,[0-9A-Fa-f]{1,2})*$/,
)
  .describe(
    'AT^SETPORT layout "PRE;POST": PRE is FF, A1 or A1,A2 (boot personality), POST the port codes ' +
      "in interface order; POST must hold an AT port (12 or 2). FF;10,12 = modem on interface 0, " +
      "PCUI (AT) on interface 1.",
  );

/** An access point name. */
export const ApnNameField = checkedText((v) =>
  isApnName(v) ? null : `expected an APN like "internet" (${APN_NAME_RULE}), found ${quote(v)}`
).describe("Access point name the operator gave you, e.g. web.pt.lu or internet");

/** The PDP context type of AT+CGDCONT. */
export const PdpTypeField = z.enum(PDP_TYPES)
  .describe("PDP context type for AT+CGDCONT: IP (IPv4), IPV6 or IPV4V6 (dual stack)");

/** An APN user name, or null. */
export const ApnUserField = textMatching(
  /^[^"'\\\r\n]+$/,
  "a user name without quotes, backslashes or line breaks",
)
  .nullable().describe("APN user name, or null when the operator needs none");

/** How the APN login is sent. */
export const ApnAuthField = z.enum(APN_AUTHS).describe(
  "APN authentication for the NCM data call (AT^NDISDUP): auto (the stick chooses), none, pap, " +
    "chap; wvdial and pppd ignore it (pppd answers whatever the network asks for)",
);

const U32_MAX = 0xffff_ffff;
/** Room above a base for every uplink number (stick_memory.ts MAX_UPLINKS). */
const UPLINK_ROOM = 10_000;

/** A route metric (u32). */
export const RouteMetricField = z.number().int().min(0).max(U32_MAX)
  .describe("Route metric of this stick's DHCP routes; the lowest metric holds the default route");

/** A routing table number: not 0 or the kernel's own (253 default, 254 main, 255 local). */
export const RouteTableField = z.number().int().min(1).max(U32_MAX).superRefine((v, ctx) => {
  if (v >= 253 && v <= 255) {
    ctx.addIssue({
      code: "custom",
      message: `expected a table of your own, found ${v} (253-255 are the kernel's default, ` +
        "main and local tables)",
      input: v,
    });
  }
}).describe("Routing table of this stick's routes with perStickTable");

/** The first table of per-stick tables. */
export const TableBaseField = z.number().int().min(256).max(U32_MAX - UPLINK_ROOM)
  .describe("Uplink n gets routing table tableBase + n (with perStickTable)");

/** The first metric of per-stick metrics. */
export const MetricBaseField = z.number().int().min(0).max(U32_MAX - UPLINK_ROOM)
  .describe("Uplink n gets route metric metricBase + n");

/** The path of a file holding a secret. */
export const SecretFileField = textMatching(/^[^\0\r\n]+$/, "a file path")
  .describe(
    "File holding the secret on its first line; mode 0600 or stricter (relative to the profile)",
  );

/** The name of an environment variable holding a secret. */
export const EnvNameField = textMatching(
  /^[A-Za-z_][A-Za-z0-9_]*$/,
  'an environment variable name like "STICKMODE_PIN"',
)
  .describe("Environment variable holding the secret (e.g. from a systemd EnvironmentFile=)");

/** The PIN itself: its value never appears in a message. */
export const InlinePinField = checkedText((v) =>
  isSimPin(v)
    ? null
    : `expected a quoted string of 4 to 8 digits, found a ${v.length}-character value (not shown: it is a PIN)`
).describe(
  "SIM PIN written in the profile; allowed only when the profile file is mode 0600 or stricter",
);

/** What stickmode may do with the SIM PIN. */
export const PinPolicyField = z.enum(["none", "unlock", "disable-lock", "enable-lock"])
  .describe(
    "none: never send a PIN; unlock: enter the PIN when the SIM asks; disable-lock / enable-lock: " +
      "also turn the SIM's PIN lock off / on (AT+CLCK)",
  );

/** The fewest PIN attempts left at which stickmode still tries a PIN. */
export const MinAttemptsLeftField = z.number().int().min(1).max(3)
  .describe(
    "Never try a PIN when fewer attempts than this remain (a wrong PIN costs one; 0 locks to PUK)",
  );

/** The http:// or https:// URL of a HiLink stick's web API. */
export const HilinkUrlField = checkedText((v) => {
  if (!URL.canParse(v)) {
    return `expected an http:// URL like "http://192.168.8.1/", found ${quote(v)}`;
  }
  const url = new URL(v);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `expected an http:// or https:// URL, found ${quote(v)}`;
  }
  if (url.username !== "" || url.password !== "") {
    return `expected a URL without user:password (use username and passwordFile), found one with credentials`;
  }
  return null;
}, /^https?:\/\//).describe(
  "HiLink web API address; 192.168.8.1 on LTE sticks, 192.168.1.1 on old 3G ones",
);

/** A HiLink web UI user name. */
export const HilinkUserField = textMatching(
  /^[^\s"'<>&]+$/,
  "a user name without spaces, quotes or <>&",
)
  .describe("HiLink web UI user name");

/** What to do with a stick whose firmware refuses AT^SETPORT (HiLink firmware 22.x). */
export const LockedFirmwareField = z.enum(["volatile", "blocked"]).describe(
  "A stick whose firmware refuses the port layout (22.x HiLink firmware): volatile brings it up " +
    "at every plug as a modem with the alternative mode-switch message (nothing is written to " +
    "the stick); blocked stops and asks for a firmware downgrade by hand",
);

/** One of the registered dialers (src/host/dialers/mod.ts), described by their summaries. */
export const DialerKindField = z.enum(DIALER_KINDS)
  .describe(Object.values(DIALERS).map((d) => `${d.kind}: ${d.summary}`).join("; "));

/** The baud rates termios knows, the ones a profile may set. */
export const BAUD_RATES = [
  9600,
  19200,
  38400,
  57600,
  115200,
  230400,
  460800,
  500000,
  576000,
  921600,
  1000000,
  1152000,
  1500000,
  2000000,
  2500000,
  3000000,
  3500000,
  4000000,
] as const;
/** A serial baud rate, one of BAUD_RATES. */
export const BaudField = z.number().superRefine((v, ctx) => {
  if (!(BAUD_RATES as readonly number[]).includes(v)) {
    ctx.addIssue({
      code: "custom",
      message: `expected a termios baud rate (${
        BAUD_RATES.slice(0, 7).join(", ")
      } ...), found ${v}`,
      input: v,
    });
  }
}).meta({ enum: [...BAUD_RATES] }).describe(
  "Serial speed; USB ttys ignore it, 460800 is customary",
);

/** The dial string that starts PPP. */
export const PhoneField = textMatching(/^[0-9*#+]+$/, 'a dial string like "*99#"')
  .describe("Number dialled to start PPP (ATD...), *99# on GSM/LTE");

// One rule for names in validate and apply: the same predicates the host renderers call.
/** The prefix of the stable tty names (PREFIX0, PREFIX1, ...). */
export const NamePrefixField = checkedText(namePrefixProblem, NAME_PREFIX_SHAPE)
  .describe(
    "Stable tty names are PREFIX0, PREFIX1 ... (/dev/gsm0), kept per USB port; each must be an " +
      "allowed stick name",
  );

/** One stick's name: its /dev name and its dialer unit's instance. */
export const StickNameField = checkedText(stickNameProblem, STICK_NAME_PATTERN)
  .describe(
    "Name of this stick's modem tty under /dev (its AT port is NAME-at) and of its dialer unit " +
      'instance: letters, digits, "_", ".", "-", at most 32; not a kernel device name, not ' +
      'ending in "-at"',
  );

/** A systemd OnCalendar= expression, or null for no timer. */
export const CalendarField = checkedText(checkCalendarSpec)
  .nullable().describe(
    'systemd OnCalendar= of the periodic reconcile timer, e.g. "*:0/15"; null: no timer',
  );

/** An absolute path. */
export const AbsolutePathField = textMatching(/^\/[^\0\r\n]*$/, "an absolute path")
  .describe("Where the stickmode binary is installed (ExecStart= of the generated units)");

/** IMEI: 15 digits whose last is the Luhn check digit, so a typo is caught here. */
export const ImeiField = checkedText((v) => {
  if (!/^\d{15}$/.test(v)) return `expected a quoted string of 15 digits, found ${quote(v)}`;
  return luhnValid(v) ? null : `expected an IMEI with a valid check digit, found ${quote(v)}`;
}, /^\d{15}$/).describe("IMEI as ATI / AT+CGSN print it (15 digits, quoted)");

/** A SIM's ICCID: 19 or 20 digits starting with 89. */
export const IccidField = checkedText(
  (v) =>
    /^89\d{17,18}$/.test(v)
      ? null
      : `expected a quoted ICCID of 19 or 20 digits starting with 89, found ${quote(v)}`,
  /^89\d{17,18}$/,
).describe("SIM card number (AT^ICCID?), normalised: digits only, not nibble-swapped");

/** A USB port path ("1-3", "1-1.2"). */
export const PortPathField = textMatching(
  /^\d+-\d+(\.\d+)*$/,
  'a USB port path like "1-3" or "1-1.2"',
)
  .describe(
    "Physical USB port (kernel device name under /sys/bus/usb/devices): survives mode switches",
  );
