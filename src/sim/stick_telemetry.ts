// Pure: no I/O (it may fill in the state object it is given). The simulated stick's network
// side: registration, operator and signal, seeded per stick from its IMEI so each stick of a
// fleet answers differently but the same run after run; tests set them with setSimTelemetry.

import { fail, ok, type SimReply } from "./stick_sim.ts";
import { simPinState, type SimStickState } from "./stick_state.ts";

/** What the simulated network says of a stick (raw AT values, as the stick prints them). */
export interface SimTelemetry {
  /** 27.007 <stat>: 1 home, 5 roaming, 2 searching, 3 denied, 0 idle. */
  stat: number;
  operator: string;
  /** +COPS <AcT>: 7 LTE, 2 UTRAN, 0 GSM. */
  act: number;
  /** ^HCSQ raw values after the mode (LTE: rssi, rsrp, sinr, rsrq; 255 = unknown). */
  hcsq: number[];
  /** false: the firmware refuses AT^HCSQ? (old 3G sticks); AT+CSQ answers (stick_commands). */
  hcsqSupported: boolean;
}

const OPERATORS = ["vodafone ES", "Orange", "Movistar", "Telekom.de", "o2 - de"] as const;

/** A small deterministic hash of the IMEI, so telemetry is plausible, varied and stable. */
function seedOf(imei: string): number {
  let h = 2166136261;
  for (const c of imei) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** The seeded telemetry of a stick: registered at home on LTE, signal fair to good. */
export function seededTelemetry(imei: string): SimTelemetry {
  const s = seedOf(imei);
  const rsrp = 35 + (s % 36); // -106 .. -71 dBm
  return {
    stat: 1,
    operator: OPERATORS[(s >>> 8) % OPERATORS.length]!,
    act: 7,
    hcsq: [40 + ((s >>> 4) % 30), rsrp, 60 + ((s >>> 12) % 120), 10 + ((s >>> 16) % 20)],
    hcsqSupported: true,
  };
}

/** The stick's telemetry, seeded on first use. */
export function simTelemetry(state: SimStickState): SimTelemetry {
  state.telemetry ??= seededTelemetry(state.imei);
  return state.telemetry;
}

/** Sets what the simulated network says of a stick (tests, the CLI's sim options). */
export function setSimTelemetry(state: SimStickState, change: Partial<SimTelemetry>): void {
  Object.assign(simTelemetry(state), change);
}

/** A SIM that is not ready has no service: nothing registers, no operator, no signal. */
function inService(state: SimStickState): boolean {
  return simPinState(state) === "READY";
}

/** Answers AT+CREG?, AT+CEREG?, AT+COPS?, AT^HCSQ? and AT^SYSINFOEX (key as the
 * interpreter builds it: "+CREG:read"); null for any other command. */
export function answerTelemetry(state: SimStickState, key: string): SimReply | null {
  const t = simTelemetry(state);
  const served = inService(state);
  const stat = served ? t.stat : 0;
  const attached = stat === 1 || stat === 5;
  const lte = attached && t.act === 7;
  switch (key) {
    case "+CREG:read":
      return ok(`+CREG: 0,${stat}`);
    case "+CEREG:read":
      return ok(`+CEREG: 0,${lte ? stat : attached ? 0 : stat}`);
    case "+COPS:read":
      return ok(attached ? `+COPS: 0,0,"${t.operator}",${t.act}` : "+COPS: 0");
    case "^HCSQ:read": {
      if (!t.hcsqSupported) return fail("COMMAND NOT SUPPORT");
      if (!attached) return ok('^HCSQ: "NOSERVICE"');
      const mode = t.act === 7 ? "LTE" : t.act === 0 ? "GSM" : "WCDMA";
      const values = mode === "LTE"
        ? t.hcsq
        : mode === "GSM"
        ? t.hcsq.slice(0, 1)
        : t.hcsq.slice(0, 3);
      return ok(`^HCSQ: "${mode}",${values.join(",")}`);
    }
    case "^SYSINFOEX": {
      const mode = t.act === 7 ? '6,"LTE",101,"LTE"' : '3,"WCDMA",41,"HSPA+"';
      return ok(`^SYSINFOEX: ${attached ? 2 : 0},3,${stat === 5 ? 1 : 0},1,,${mode}`);
    }
    default:
      return null;
  }
}
