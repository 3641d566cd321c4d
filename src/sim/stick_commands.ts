// Pure: no I/O (it changes the state object it is given). The AT command interpreter of the
// simulated stick: one command line in, the answer lines and final result out, in the formats of
// the real transcripts (docs/domain.md#transcripts).

import type { TtyRole } from "../device/stick.ts";
import { CME } from "../at/cme_errors.ts";
import { formatPortLayout, parsePortLayout, type PortLayout } from "../at/port_layout.ts";
import { AtParseError } from "../at/errors.ts";
import { swapIccid } from "./stick_profiles.ts";
import { simPinState, type SimStickState } from "./stick_state.ts";
import { ndisdup, ndisstatQuery } from "./stick_ncm.ts";
import { answerTelemetry } from "./stick_telemetry.ts";
import { answerRadio, factoryRadio } from "./stick_radio.ts";
import {
  clck,
  cme,
  cpin,
  cpinHuawei,
  enterCode,
  fail,
  ok,
  SIM_STATE_CME,
  type SimReply,
} from "./stick_sim.ts";

/** What the interpreter needs to know of the port a command came in on. */
export interface PortContext {
  role: TtyRole;
  /** ATE1/ATE0, per port. */
  echo: boolean;
}

export type { SimReply };

const NOT_SUPPORTED = fail("COMMAND NOT SUPPORT");

/** Answers one command line (without its CR). */
export function answerCommand(state: SimStickState, port: PortContext, line: string): SimReply {
  const command = line.trim();
  const upper = command.toUpperCase();
  if (upper === "AT") return ok();
  if (/^ATI0?$/.test(upper)) return ati(state);
  if (/^ATD/.test(upper)) return dial(state, port);
  const ext = /^AT([+^][A-Z0-9]+)(=\?|\?|=(.*))?$/i.exec(command);
  if (!ext) return basic(port, upper.slice(2));
  const name = ext[1]!.toUpperCase();
  const form = ext[2] === undefined
    ? "action"
    : ext[2] === "?"
    ? "read"
    : ext[2] === "=?"
    ? "test"
    : "set";
  const args = form === "set" ? splitArgs(ext[3] ?? "") : null;
  if (args === null && form === "set") return fail("ERROR");
  return extended(state, name, form, args ?? []);
}

function ati(state: SimStickState): SimReply {
  return ok(
    "Manufacturer: huawei",
    `Model: ${state.profile.model}`,
    `Revision: ${state.profile.firmware}`,
    `IMEI: ${state.imei}`,
    "+GCAP: +CGSM,+DS,+ES",
  );
}

function dial(state: SimStickState, port: PortContext): SimReply {
  if (port.role !== "modem") return fail("NO CARRIER");
  const pin = simPinState(state);
  return pin === "READY" ? fail("CONNECT 150000000") : cme(SIM_STATE_CME[pin]);
}

/** Basic commands, also chained as wvdial and chat send them: "Q0 V1 E1 S0=0 &C1 &D2 +FCLASS=0". */
function basic(port: PortContext, rest: string): SimReply {
  let text = rest.replace(/\s+/g, "");
  let echo = port.echo;
  while (text.length > 0) {
    const m = /^(E[01]?|Z\d?|H\d?|Q[01]?|V[01]?|X\d?|L\d?|M\d?|S\d+=\d+|&[CDFKW]\d?|\+FCLASS=0)/
      .exec(text);
    if (!m) return NOT_SUPPORTED;
    const token = m[1]!;
    if (token.startsWith("E")) echo = token !== "E0" && token !== "E";
    if (token.startsWith("Z") || token === "&F") echo = true;
    text = text.slice(token.length);
  }
  port.echo = echo;
  return ok();
}

type Form = "action" | "read" | "test" | "set";

function extended(state: SimStickState, name: string, form: Form, args: string[]): SimReply {
  const p = state.profile;
  const radio = answerRadio(state.radio ??= factoryRadio(), name, form, args);
  if (radio) return radio;
  const key = `${name}${form === "action" ? "" : ":" + form}`;
  switch (key) {
    case "^FHVER":
      return ok(`^FHVER:"${p.fhverModel} ${p.firmware},${p.hardware}"`);
    case "+CGSN":
    case "+GSN":
      return ok(state.imei);
    case "+CGMI":
      return ok("huawei");
    case "+CGMM":
      return ok(p.model);
    case "+CGMR":
      return ok(p.firmware);
    case "+CSQ":
      return ok("+CSQ: 20,99");
    case "^VERSION:read":
      return ok(
        "^VERSION:BDT:Apr 08 2018, 12:13:47",
        `^VERSION:EXTS:${p.firmware}`,
        "^VERSION:INTS:",
        `^VERSION:EXTD:${p.webUi}`,
        `^VERSION:EXTH:${p.hardware}`,
        `^VERSION:EXTU:${p.model}`,
      );
    case "^ICCID:read":
      if (!state.sim) return cme(CME.SIM_NOT_INSERTED);
      return ok(`^ICCID: ${p.iccidSwapped ? swapIccid(state.sim.iccid) : state.sim.iccid}`);
    case "+CRSM:set":
      if (!state.sim) return cme(CME.SIM_NOT_INSERTED);
      if (args[0] !== "176" || args[1] !== "12258") return cme(CME.OPERATION_NOT_ALLOWED);
      return ok(`+CRSM: 144,0,"${swapIccid(state.sim.iccid)}"`);
    case "^SETPORT:test":
      if (!p.setportSupported) return NOT_SUPPORTED;
      return ok(...p.portCodes.map(([code, label]) => `^SETPORT:${code}: ${label}`));
    case "^SETPORT:read":
      if (!p.setportSupported) return NOT_SUPPORTED;
      return ok(`^SETPORT:${formatPortLayout(state.layout)}`);
    case "^SETPORT:set":
      return setPort(state, args);
    case "^RESET":
      return { lines: [], final: "OK", reset: true };
    case "+CFUN:read":
      return ok("+CFUN: 1");
    case "+CFUN:set":
      // 1,1: full functionality after a reset of the radio, which on these sticks is a reboot.
      if (args[0] === "1" && args[1] === "1") return { lines: [], final: "OK", reset: true };
      return /^[014]$/.test(args[0] ?? "") ? ok() : fail("ERROR");
    case "^GETPORTMODE":
      if (state.altSerial === null) return ok(getPortMode(state.layout));
      return state.altSerial.getPortMode === null ? NOT_SUPPORTED : ok(state.altSerial.getPortMode);
    case "^CURC:read":
      return ok(`^CURC: ${state.curc ? 1 : 0}`);
    case "^CURC:set":
      if (args[0] !== "0" && args[0] !== "1") return fail("ERROR");
      state.curc = args[0] === "1";
      return ok();
    case "+CMEE:set":
    case "+FCLASS:set":
      return ok();
    case "^CPIN:read":
      return cpinHuawei(state);
    case "+CPIN:read":
      return cpin(state);
    case "^CPIN:set":
    case "+CPIN:set":
      return enterCode(state, args);
    case "+CLCK:set":
      return clck(state, args);
    case "+CGDCONT:read":
      return ok(
        ...[...state.apn.entries()].sort(([a], [b]) => a - b)
          .map(([cid, c]) => `+CGDCONT: ${cid},"${c.type}","${c.apn}","0.0.0.0",0,0`),
      );
    case "+CGDCONT:test":
      return ok(
        '+CGDCONT: (1-11),"IP",,,(0-2),(0-3),(0,1),(0,1)',
        '+CGDCONT: (1-11),"IPV4V6",,,(0-2),(0-3),(0,1),(0,1)',
      );
    case "+CGDCONT:set":
      return cgdcont(state, args);
    case "^NDISDUP:set":
      return ndisdup(state, args);
    case "^NDISSTATQRY:read":
      return ndisstatQuery(state);
    default:
      return answerTelemetry(state, key) ?? NOT_SUPPORTED;
  }
}

function setPort(state: SimStickState, args: string[]): SimReply {
  if (!state.profile.setportSupported) return fail("ERROR");
  if (args.length !== 1) return fail("ERROR");
  let layout: PortLayout;
  try {
    layout = parsePortLayout(args[0]!);
  } catch (e) {
    if (e instanceof AtParseError) return fail("ERROR");
    throw e;
  }
  // Huawei's rules (docs/domain.md#atsetport): known codes, PRE is FF or A1[,A2], POST has 12, no
  // code twice on either side.
  const known = new Set(state.profile.portCodes.map(([code]) => code));
  const pre = layout.pre.join(",");
  const valid = layout.post.every((c) => known.has(c)) &&
    (pre === "FF" || pre === "A1" || pre === "A1,A2") &&
    layout.post.includes("12") &&
    new Set(layout.post).size === layout.post.length;
  if (!valid) return fail("ERROR");
  state.pendingLayout = layout;
  return ok();
}

const PORT_MODE_NAMES: Readonly<Record<string, string>> = {
  "1": "MDM",
  "10": "MDM",
  "2": "PCUI",
  "12": "PCUI",
  "3": "DIAG",
  "13": "DIAG",
  "4": "PCSC",
  "5": "GPS",
  "14": "GPS",
  "7": "NDIS",
  "11": "NDIS",
  "16": "NDIS",
  "A1": "CDROM",
  "A2": "SD",
  "A": "BT",
};

/** T4: `^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,PCUI:1,NDIS:2,` (trailing comma included). */
function getPortMode(layout: PortLayout): string {
  const items = layout.post.map((code, i) => `${PORT_MODE_NAMES[code] ?? code}:${i},`);
  return `^GETPORTMODE: TYPE: WCDMA: huawei,${items.join("")}`;
}

function cgdcont(state: SimStickState, args: string[]): SimReply {
  const cid = Number(args[0]);
  if (!Number.isInteger(cid) || cid < 1 || cid > 11) return fail("ERROR");
  if (args.length === 1) {
    state.apn.delete(cid);
    return ok();
  }
  const type = (args[1] ?? "").toUpperCase();
  if (!["IP", "IPV6", "IPV4V6", "PPP"].includes(type)) return fail("ERROR");
  if (state.rejectedApns.includes(args[2] ?? "")) return fail("ERROR");
  state.apn.set(cid, { type, apn: args[2] ?? "" });
  return ok();
}

/** `"SC",1,"1234"` -> ["SC", "1", "1234"]; null when a quote is not closed. */
export function splitArgs(text: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return null;
      out.push(text.slice(i + 1, end));
      i = end + 1;
      while (i < text.length && text[i] !== ",") i++;
    } else {
      const end = text.indexOf(",", i);
      out.push(text.slice(i, end < 0 ? text.length : end).trim());
      i = end < 0 ? text.length : end;
    }
    if (i >= text.length) break;
    i++; // the comma
  }
  return out;
}
