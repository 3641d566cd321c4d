// Pure: no I/O. The NCM data call's AT commands and answers (docs/data-call.md#at-commands), in
// the forms ModemManager's Huawei plugin sends and parses (plugins/huawei/
// mm-broadband-bearer-huawei.c, mm-modem-helpers-huawei.c and its tests).

import { APN_NAME_RULE, isApnName } from "./apn_name.ts";
import { AtParseError } from "./errors.ts";
import { ExpectedError } from "../errors/expected.ts";

/** The closed set of APN login methods, the profile's `apn.auth` enum. */
export const APN_AUTHS = ["auto", "none", "pap", "chap"] as const;

/** How the stick authenticates to the APN: "auto" is none without credentials, else CHAP. */
export type ApnAuth = typeof APN_AUTHS[number];

/** ^NDISDUP's <auth> number per method (ModemManager's MMBearerHuaweiAuthPref). */
export const NDIS_AUTH_NUMBER: Readonly<Record<Exclude<ApnAuth, "auto">, number>> = {
  none: 0,
  pap: 1,
  chap: 2,
};

/** Ends the call on connection id 1. */
export const NDIS_HANGUP = "AT^NDISDUP=1,0";
/** Asks for the call's state; answered `^NDISSTATQRY: 1,,,"IPV4"` (or as `^NDISSTAT:`). */
export const NDIS_QUERY = "AT^NDISSTATQRY?";

/** What one data call dials with. */
export interface NdisDial {
  apn: string;
  user: string | null;
  password: string | null;
  auth: ApnAuth;
}

/** A dial setting that cannot be carried in a quoted AT argument (the value is never shown). */
export class NdisDialError extends ExpectedError {
  override name = "NdisDialError";
}

// A quoted AT argument ends at '"'; CR or LF would end the command line.
const UNQUOTABLE = /["\r\n]/;

/**
 * `AT^NDISDUP=1,1,"apn"` without credentials (auth none or auto), else
 * `AT^NDISDUP=1,1,"apn","user","pass",<auth>` with auto meaning CHAP, as ModemManager does.
 * @throws {NdisDialError} for an APN outside the APN rule, or a user or password holding a
 * double quote, CR or LF
 */
export function ndisDialCommand(dial: NdisDial): string {
  if (!isApnName(dial.apn)) {
    throw new NdisDialError(
      `Cannot dial APN ${JSON.stringify(dial.apn)}: expected ${APN_NAME_RULE}`,
    );
  }
  const user = dial.user ?? "";
  const password = dial.password ?? "";
  if (UNQUOTABLE.test(user)) {
    throw new NdisDialError(
      `Cannot dial APN "${dial.apn}": the APN user holds a double quote, CR or LF`,
    );
  }
  if (UNQUOTABLE.test(password)) {
    throw new NdisDialError(
      `Cannot dial APN "${dial.apn}": the APN password holds a double quote, CR or LF (not shown)`,
    );
  }
  const credentials = user !== "" || password !== "";
  if (!credentials && (dial.auth === "auto" || dial.auth === "none")) {
    return `AT^NDISDUP=1,1,"${dial.apn}"`;
  }
  const auth = NDIS_AUTH_NUMBER[dial.auth === "auto" ? "chap" : dial.auth];
  return `AT^NDISDUP=1,1,"${dial.apn}","${user}","${password}",${auth}`;
}

/** The state of a data call as ^NDISSTAT / ^NDISSTATQRY tell it, per IP family (null: the
 * answer does not mention that family). */
export interface NdisStat {
  ipv4: boolean | null;
  ipv6: boolean | null;
}

// One <stat>,<err>,<wx_state>,<PDP_type> group: 1,,,"IPV4" or 0,33,,IPV6.
const GROUP = /^\s*([01])\s*,\s*(\d*)\s*,\s*([^,]*?)\s*,\s*"?(IPV4|IPV6)"?\s*$/i;

/**
 * Every ^NDISSTAT: / ^NDISSTATQRY: line of `reply` (one per family, or both families on one
 * line in newer firmware), merged; other lines (OK, blank) are skipped:
 *   ^NDISSTAT: 1,,,IPV4                  ^NDISSTATQRY: 0,33,,IPV6
 *   ^NDISSTATQRY: 1,,,"IPV4",0,,,"IPV6"  ^NDISSTATQRY:0,,,"IPV4",0,,,"IPV6"
 *   ^NDISSTATQry:1                       (the state alone: IPv4, as ModemManager reads it)
 * @throws {AtParseError} when no line carries a state, or a line has another shape
 */
export function parseNdisStat(reply: string): NdisStat {
  const out: NdisStat = { ipv4: null, ipv6: null };
  let found = false;
  for (const raw of reply.split(/[\r\n]+/)) {
    const line = raw.trim();
    const m = /^\^NDISSTAT(?:QRY)?:(.*)$/i.exec(line);
    if (!m) continue;
    const fields = m[1]!.split(",");
    const alone = /^\s*([01])\s*$/.exec(m[1]!);
    if (alone) {
      out.ipv4 = alone[1] === "1";
      found = true;
      continue;
    }
    if (fields.length !== 4 && fields.length !== 8) {
      throw new AtParseError(
        NDIS_QUERY,
        reply,
        `expected 4 or 8 fields in "${line}", found ${fields.length}`,
      );
    }
    for (let at = 0; at < fields.length; at += 4) {
      const g = GROUP.exec(fields.slice(at, at + 4).join(","));
      if (!g) throw new AtParseError(NDIS_QUERY, reply, `line "${line}" is not <stat>,,,<type>`);
      out[g[4]!.toUpperCase() === "IPV4" ? "ipv4" : "ipv6"] = g[1] === "1";
      found = true;
    }
  }
  if (!found) throw new AtParseError(NDIS_QUERY, reply, "no ^NDISSTAT or ^NDISSTATQRY line");
  return out;
}
