// Pure: no I/O. The profile: `defaults` every stick gets, then per-stick overrides matched by IMEI,
// ICCID or USB port path. Objects are strict (an unknown key is an error, usually a typo).

import { z } from "zod";
import * as f from "./schema_fields.ts";
import { checkRadioMerge, RadioDefaults, RadioOverride } from "./radio_fields.ts";
import { DEFAULT_HOST_SETTINGS, defaultBinaryPath } from "../host/host_stick.ts";
import { RecoverySchema } from "./recovery_schema.ts";

/** Keys naming where one secret comes from: an override that sets one replaces the others. */
export const SECRET_SOURCES = {
  apn: ["passwordFile", "passwordEnv"],
  sim: ["pin", "pinFile", "pinEnv"],
  hilink: ["passwordFile", "passwordEnv"],
} as const;

/** Adds "at most one secret source" to a section schema. */
function oneSource(keys: readonly string[]) {
  return (section: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const set = keys.filter((k) => section[k] !== undefined);
    if (set.length > 1) {
      ctx.addIssue({
        code: "custom",
        path: [set[1] ?? ""],
        message: `expected one of ${keys.join(", ")}, found ${set.join(" and ")}`,
      });
    }
  };
}

const apnFields = {
  name: f.ApnNameField,
  pdpType: f.PdpTypeField,
  user: f.ApnUserField,
  auth: f.ApnAuthField,
  passwordFile: f.SecretFileField.optional(),
  passwordEnv: f.EnvNameField.optional(),
};
const simFields = {
  policy: f.PinPolicyField,
  pin: f.InlinePinField.optional(),
  pinFile: f.SecretFileField.optional(),
  pinEnv: f.EnvNameField.optional(),
  minAttemptsLeft: f.MinAttemptsLeftField,
};
const hilinkFields = {
  url: f.HilinkUrlField,
  username: f.HilinkUserField,
  passwordFile: f.SecretFileField.optional(),
  passwordEnv: f.EnvNameField.optional(),
};
const dialerFields = {
  kind: f.DialerKindField,
  baud: f.BaudField,
  phone: f.PhoneField,
  autoReconnect: z.boolean().describe(
    "Redial when the link drops (wvdial Auto Reconnect, pppd persist)",
  ),
};
const PerStickTableField = z.boolean().describe(
  "NCM: put the stick's routes in a table of its own, with a policy rule for its interface",
);
const systemdFields = {
  dialerService: z.boolean().describe("Install and start a dialer unit per stick"),
  reconcileTimer: f.CalendarField,
  binaryPath: f.AbsolutePathField,
};

/** Whether a PIN policy needs a PIN, and the problem when a section has none. */
export function pinSourceProblem(sim: { policy?: string | undefined } & Record<string, unknown>) {
  if (sim.policy === undefined || sim.policy === "none") return null;
  if (SECRET_SOURCES.sim.some((k) => sim[k] !== undefined)) return null;
  return `expected pinFile, pinEnv or pin with policy "${sim.policy}", found none`;
}

const SimDefaults = z.strictObject({
  ...simFields,
  policy: simFields.policy.default("none"),
  minAttemptsLeft: simFields.minAttemptsLeft.default(2),
}).superRefine(oneSource(SECRET_SOURCES.sim)).superRefine((sim, ctx) => {
  const problem = pinSourceProblem(sim);
  if (problem) ctx.addIssue({ code: "custom", path: ["policy"], message: problem });
});

/** The `defaults` section: what every stick gets unless a `sticks` entry overrides it. */
export const DefaultsSchema = z.strictObject({
  portLayout: f.PortLayoutField.default("FF;10,12"),
  lockedFirmware: f.LockedFirmwareField.default("volatile"),
  apn: z.strictObject({
    ...apnFields,
    pdpType: apnFields.pdpType.default("IP"),
    user: apnFields.user.default(null),
    auth: apnFields.auth.default("auto"),
  }).superRefine(oneSource(SECRET_SOURCES.apn)).describe("Mobile data access point"),
  sim: SimDefaults.prefault({}).describe("SIM PIN handling"),
  hilink: z.strictObject({
    ...hilinkFields,
    url: hilinkFields.url.default("http://192.168.8.1/"),
    username: hilinkFields.username.default("admin"),
  }).superRefine(oneSource(SECRET_SOURCES.hilink)).prefault({})
    .describe("HiLink web API, used to leave HiLink mode"),
  dialer: z.strictObject({
    kind: dialerFields.kind.default(DEFAULT_HOST_SETTINGS.dialerKind),
    baud: dialerFields.baud.default(460800),
    phone: dialerFields.phone.default("*99#"),
    autoReconnect: dialerFields.autoReconnect.default(true),
  }).prefault({}).describe("PPP dialer configuration written per stick"),
  routing: z.strictObject({
    perStickTable: PerStickTableField.default(false),
    tableBase: f.TableBaseField.default(1000),
    metricBase: f.MetricBaseField.default(2000),
  }).prefault({}).describe("Routes of NCM sticks: a metric per uplink, optionally a table each"),
  radio: RadioDefaults,
  udev: z.strictObject({ namePrefix: f.NamePrefixField.default("gsm") }).prefault({})
    .describe("udev rules giving each stick a stable tty name"),
  systemd: z.strictObject({
    dialerService: systemdFields.dialerService.default(true),
    reconcileTimer: systemdFields.reconcileTimer.default("*:0/15"),
    // The running stickmode binary, else /usr/local/bin/stickmode (host_stick.ts).
    binaryPath: systemdFields.binaryPath.default(() => defaultBinaryPath()),
  }).prefault({}).describe("systemd units stickmode installs"),
}).describe("Settings every stick gets unless an entry of sticks overrides them");

const MatchSchema = z.strictObject({
  imei: f.ImeiField.optional(),
  iccid: f.IccidField.optional(),
  portPath: f.PortPathField.optional(),
}).superRefine((match, ctx) => {
  const set = Object.keys(match).filter((k) => match[k as keyof typeof match] !== undefined);
  if (set.length !== 1) {
    ctx.addIssue({
      code: "custom",
      message: `expected exactly one of imei, iccid, portPath, found ${
        set.length === 0 ? "none" : set.join(" and ")
      }`,
    });
  }
}).describe("Which stick this entry is for: exactly one of imei, iccid, portPath");

/** One `sticks` entry: which stick it matches and what it overrides. */
export const StickOverrideSchema = z.strictObject({
  match: MatchSchema,
  name: f.StickNameField.optional(),
  portLayout: f.PortLayoutField.optional(),
  lockedFirmware: f.LockedFirmwareField.optional(),
  apn: z.strictObject(apnFields).partial().superRefine(oneSource(SECRET_SOURCES.apn)).optional(),
  sim: z.strictObject(simFields).partial().superRefine(oneSource(SECRET_SOURCES.sim)).optional(),
  hilink: z.strictObject(hilinkFields).partial().superRefine(oneSource(SECRET_SOURCES.hilink))
    .optional(),
  dialer: z.strictObject(dialerFields).partial().optional(),
  routing: z.strictObject({
    perStickTable: PerStickTableField,
    metric: f.RouteMetricField,
    table: f.RouteTableField,
  }).partial().optional().describe("This stick's own routing: overrides its uplink's numbers"),
  systemd: z.strictObject({ dialerService: systemdFields.dialerService }).partial().optional(),
  radio: RadioOverride,
}).describe("Overrides for the sticks it matches, applied over defaults in list order");

/** A whole profile file (docs/profile.md). */
export const ProfileSchema = z.strictObject({
  version: z.literal(1).describe("Profile format version; this stickmode reads version 1"),
  defaults: DefaultsSchema,
  sticks: z.array(StickOverrideSchema).default([]).describe("Per-stick overrides, in order"),
  recovery: RecoverySchema,
}).superRefine(checkSticksAgainstEachOther, { when: () => true })
  .superRefine(checkRadioMerge, { when: () => true });

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks that need the whole profile: a stick's PIN policy against the defaults' PIN source, and
 * stick names used twice. Runs even when other fields failed (all problems at once), so it reads
 * the input defensively. The data path's checks need to know which keys the file itself sets,
 * which this value (defaults filled in) no longer tells: load.ts runs them on the raw data
 * (check_data_path.ts).
 */
function checkSticksAgainstEachOther(profile: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(profile) || !Array.isArray(profile.sticks)) return;
  const defaults = isRecord(profile.defaults) ? profile.defaults : {};
  const defaultSim = isRecord(defaults.sim) ? defaults.sim : {};
  const names = new Map<string, number>();
  profile.sticks.forEach((stick: unknown, i) => {
    if (!isRecord(stick)) return;
    if (isRecord(stick.sim) && typeof stick.sim.policy === "string") {
      const problem = pinSourceProblem({ ...defaultSim, ...stick.sim });
      if (problem) {
        ctx.addIssue({ code: "custom", path: ["sticks", i, "sim", "policy"], message: problem });
      }
    }
    if (typeof stick.name !== "string") return;
    const first = names.get(stick.name);
    if (first === undefined) names.set(stick.name, i);
    else {
      ctx.addIssue({
        code: "custom",
        path: ["sticks", i, "name"],
        message:
          `expected a name no other stick has, found "${stick.name}" (also sticks[${first}].name)`,
      });
    }
  });
}

/** A parsed profile with every default filled in. */
export type Profile = z.output<typeof ProfileSchema>;
/** What a profile file may contain (defaults optional). */
export type ProfileInput = z.input<typeof ProfileSchema>;
/** The `defaults` section of a checked profile. */
export type ProfileDefaults = Profile["defaults"];
/** One `sticks` entry of a checked profile. */
export type StickOverride = Profile["sticks"][number];
/** What a stick whose firmware refuses the port layout gets ("volatile" or "blocked"). */
export type LockedFirmwarePolicy = ProfileDefaults["lockedFirmware"];
/** What stickmode may do with the SIM PIN ("none", "unlock", "disable-lock", "enable-lock"). */
export type PinPolicy = ProfileDefaults["sim"]["policy"];
/** The radio settings a stick gets when a profile asks for any. */
export type RadioSettings = NonNullable<ProfileDefaults["radio"]>;
