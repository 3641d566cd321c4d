// Typed Huawei commands over an AtSession. Reading methods send only commands classified "read";
// the five writing methods below are the ONLY place that sends writing commands, and they say so
// to the session (allowWrite), so a command log can tell a read from a write.

import { registerSecret } from "../log/redact.ts";
import { APN_NAME_RULE, isApnName } from "./apn_name.ts";
import { CME } from "./cme_errors.ts";
import { AtCommandError, PortVanishedError } from "./errors.ts";
import { type ApnContext, parseCgdcontQuery } from "./parse_cgdcont.ts";
import { PDP_TYPES, type PdpType } from "./pdp_type.ts";
import { parseClckQuery } from "./parse_clck.ts";
import { parseCpin, parseCpinHuawei, type SimState, simStateOfError } from "./parse_cpin.ts";
import { parseGetportmode, type PortModeEntry } from "./parse_getportmode.ts";
import { parseAti, parseCgsn, parseCrsmIccid, parseFhver, parseIccid } from "./parse_identity.ts";
import { parseSetportQuery, parseSetportTest, type PortCode } from "./parse_setport.ts";
import { parseVersion, type VersionInfo } from "./parse_version.ts";
import { isSimPin } from "./sim_pin.ts";
import { formatPortLayout, type PortLayout } from "./port_layout.ts";
import type { AtAnswer, AtSession } from "./session.ts";
import { ExpectedError } from "../errors/expected.ts";

/** What ATI, ^FHVER, +CGSN and ^ICCID say about the modem and its SIM. */
export interface ModemIdentity {
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  hardware: string | null;
  imei: string | null;
  iccid: string | null;
}

export type { SimState } from "./parse_cpin.ts";

/** A SIM state that is not "SIM BUSY": readPin waits a busy SIM out or throws SimBusyError. */
export type SettledSimState = Exclude<SimState, "SIM BUSY">;

/** The SIM state once settled, with the PIN and PUK attempts left where the stick tells them. */
export interface PinStatus {
  state: SettledSimState;
  /** Attempts left; null when the stick does not say (no ^CPIN, no SIM). */
  attemptsLeft: { pin: number | null; puk: number | null };
}

/** Methods that change the stick; everything else on HuaweiModem only reads. */
export const WRITING_METHODS = [
  "setPortLayout",
  "reset",
  "enterPin",
  "setPinLock",
  "setApn",
] as const;

/** Firmware without the command, or a SIM-less stick, answers these: read as "does not say". */
function isAbsent(e: unknown): e is AtCommandError {
  return e instanceof AtCommandError &&
    (e.notSupported || e.code === 4 || e.code === CME.SIM_NOT_INSERTED ||
      e.code === CME.SIM_FAILURE);
}

/** How long readPin waits for a busy SIM (seconds after a reset are normal) and how often it asks. */
export const SIM_BUSY_WAIT = { totalMs: 5000, pollMs: 500 } as const;

/** The SIM answered "busy" for the whole wait: a failure to retry next run, not a verdict. */
export class SimBusyError extends ExpectedError {
  override name = "SimBusyError";
  constructor(readonly tty: string, readonly waitedMs: number, readonly reads: number) {
    super(
      `Cannot read the SIM state on "${tty}": the SIM was still busy after ${waitedMs} ms ` +
        `(${reads} reads)`,
    );
  }
}

/** How HuaweiModem talks to its session. */
export interface HuaweiModemOptions {
  /** Deadline of each command (default: the session's). */
  timeoutMs?: number;
  /** Bound of readPin's wait for a busy SIM (default SIM_BUSY_WAIT.totalMs). */
  simBusyWaitMs?: number;
}

/** The Huawei AT commands stickmode uses, over one AtSession: reads that return null where the
 * firmware or a missing SIM does not say, and the only writers of writing commands. Every method
 * passes on the session's AtTimeoutError and PortVanishedError, and an AtCommandError or
 * AtParseError for an answer it cannot use. */
export class HuaweiModem {
  constructor(readonly session: AtSession, readonly options: HuaweiModemOptions = {}) {}

  /** The tty the session talks to. */
  get tty(): string {
    return this.session.tty;
  }

  // ---- reads ----

  /** ATI, AT^FHVER, AT+CGSN (if ATI has no IMEI), AT^ICCID? (AT+CRSM as fallback); the
   * options leave out the hardware string (FHVER, unless ATI lacks model or firmware) or the
   * ICCID, for a reader that only needs to know which stick this is. */
  async identity(
    options: { hardware?: boolean; iccid?: boolean } = {},
  ): Promise<ModemIdentity> {
    const ati = await this.#readOptional("ATI", parseAti);
    // AT^FHVER only when the hardware is wanted, or ATI left model or firmware open.
    const needFhver = options.hardware !== false || !ati?.model || !ati?.revision;
    const fhver = needFhver ? await this.#readOptional("AT^FHVER", parseFhver) : null;
    const imei = ati?.imei ?? await this.#readOptional("AT+CGSN", parseCgsn);
    return {
      manufacturer: ati?.manufacturer ?? null,
      model: ati?.model ?? fhver?.model ?? null,
      firmware: ati?.revision ?? fhver?.firmware ?? null,
      hardware: fhver?.hardware ?? null,
      imei,
      iccid: options.iccid === false ? null : await this.readIccid(),
    };
  }

  /** The SIM's ICCID from AT^ICCID?, else from EF_ICCID through AT+CRSM; null without a SIM or when
   * the firmware has neither. */
  async readIccid(): Promise<string | null> {
    try {
      return parseIccid(await this.#read("AT^ICCID?"));
    } catch (e) {
      if (!isAbsent(e)) throw e;
      if (e.code === CME.SIM_NOT_INSERTED) return null;
    }
    // Older firmware has no ^ICCID: READ BINARY of EF_ICCID (2FE2 = 12258), as ModemManager does.
    return this.#readOptional("AT+CRSM=176,12258,0,0,10", parseCrsmIccid);
  }

  /** The layout in effect (not a pending one); null when the firmware refuses AT^SETPORT?. */
  readPortLayout(): Promise<PortLayout | null> {
    return this.#readOptional("AT^SETPORT?", parseSetportQuery);
  }

  /** Codes this stick accepts; null when the firmware refuses AT^SETPORT=? (22.x HiLink). */
  listPortLayoutCodes(): Promise<PortCode[] | null> {
    return this.#readOptional("AT^SETPORT=?", parseSetportTest);
  }

  /** Which USB interface carries which port now (AT^GETPORTMODE); null when the firmware
   * refuses it. */
  readPortMode(): Promise<PortModeEntry[] | null> {
    return this.#readOptional("AT^GETPORTMODE", parseGetportmode);
  }

  /** AT^VERSION?, the firmware's own statement of what it is; null when the firmware refuses it. */
  readVersion(): Promise<VersionInfo | null> {
    return this.#readOptional("AT^VERSION?", parseVersion);
  }

  /**
   * AT^CPIN? (with counters), falling back to AT+CPIN?. A busy SIM is asked again every
   * SIM_BUSY_WAIT.pollMs within the bound; still busy after it: SimBusyError.
   * @throws {SimBusyError} when the SIM is still busy at the end of the wait
   */
  async readPin(): Promise<PinStatus> {
    const waitMs = this.options.simBusyWaitMs ?? SIM_BUSY_WAIT.totalMs;
    const started = Date.now();
    for (let reads = 1;; reads++) {
      const { state, attemptsLeft } = await this.#readPinOnce();
      if (state !== "SIM BUSY") return { state, attemptsLeft };
      const waited = Date.now() - started;
      if (waited + SIM_BUSY_WAIT.pollMs > waitMs) throw new SimBusyError(this.tty, waited, reads);
      await new Promise((resolve) => setTimeout(resolve, SIM_BUSY_WAIT.pollMs));
    }
  }

  async #readPinOnce(): Promise<{ state: SimState; attemptsLeft: PinStatus["attemptsLeft"] }> {
    const unknown = { pin: null, puk: null };
    try {
      const c = parseCpinHuawei(await this.#read("AT^CPIN?"));
      return { state: c.code, attemptsLeft: { pin: c.pin, puk: c.puk } };
    } catch (e) {
      const simState = simStateOfError(e);
      if (simState) return { state: simState, attemptsLeft: unknown };
      if (!isAbsent(e)) throw e;
    }
    try {
      return { state: parseCpin(await this.#read("AT+CPIN?")), attemptsLeft: unknown };
    } catch (e) {
      const simState = simStateOfError(e);
      if (simState) return { state: simState, attemptsLeft: unknown };
      throw e;
    }
  }

  /** Whether the SIM asks for its PIN at power-on; null without a SIM. */
  async readPinLock(): Promise<boolean | null> {
    try {
      return parseClckQuery(await this.#read('AT+CLCK="SC",2'));
    } catch (e) {
      if (simStateOfError(e)) return null;
      throw e;
    }
  }

  /** The PDP contexts defined on the stick (AT+CGDCONT?). */
  readApn(): Promise<ApnContext[]> {
    return this.#read("AT+CGDCONT?").then(parseCgdcontQuery);
  }

  // ---- writes (the only senders of writing commands) ----

  /** AT^SETPORT="PRE;POST"; takes effect at the next reset (AT^SETPORT? shows the old one). */
  async setPortLayout(layout: PortLayout): Promise<void> {
    await this.#write(`AT^SETPORT="${formatPortLayout(layout)}"`);
  }

  /**
   * AT^RESET: the stick reboots and re-enumerates; its ttys go away (that is success here). The
   * session is closed afterwards (fd and locks freed): talk to the stick again through a new one.
   */
  async reset(): Promise<void> {
    try {
      await this.#write("AT^RESET");
    } catch (e) {
      if (!(e instanceof PortVanishedError)) throw e;
    }
    this.session.close();
  }

  /** Enters the SIM PIN (AT+CPIN); a wrong one costs an attempt.
   * @throws {RangeError} when `pin` is not 4 to 8 digits, before anything is sent
   */
  async enterPin(pin: string): Promise<void> {
    checkPin(pin);
    registerSecret(pin);
    await this.#write(`AT+CPIN="${pin}"`);
  }

  /** Turns the SIM's PIN request at power-on on or off (AT+CLCK="SC"); needs the PIN.
   * @throws {RangeError} when `pin` is not 4 to 8 digits, before anything is sent
   */
  async setPinLock(enabled: boolean, pin: string): Promise<void> {
    checkPin(pin);
    registerSecret(pin);
    await this.#write(`AT+CLCK="SC",${enabled ? 1 : 0},"${pin}"`);
  }

  /** Defines PDP context `cid` (1-16) with `type` and `apn` (AT+CGDCONT).
   * @throws {RangeError} when `cid`, `type` or `apn` is out of range, before anything is sent
   */
  async setApn(cid: number, type: PdpType, apn: string): Promise<void> {
    if (!Number.isInteger(cid) || cid < 1 || cid > 16) {
      throw new RangeError(`Cannot set APN: context id ${cid} is not 1-16`);
    }
    if (!PDP_TYPES.includes(type)) {
      throw new RangeError(`Cannot set APN: PDP type "${type}" is not ${PDP_TYPES.join(", ")}`);
    }
    if (!isApnName(apn)) {
      throw new RangeError(`Cannot set APN "${apn}": expected ${APN_NAME_RULE}`);
    }
    await this.#write(`AT+CGDCONT=${cid},"${type}","${apn}"`);
  }

  // ---- plumbing ----

  async #read(command: string): Promise<string> {
    return joinAnswer(await this.session.command(command, this.#timeout()));
  }

  async #readOptional<T>(command: string, parse: (reply: string) => T): Promise<T | null> {
    try {
      return parse(await this.#read(command));
    } catch (e) {
      if (isAbsent(e)) return null;
      throw e;
    }
  }

  async #write(command: string): Promise<void> {
    await this.session.command(command, { ...this.#timeout(), allowWrite: true });
  }

  #timeout(): { timeoutMs?: number } {
    return this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs };
  }
}

function joinAnswer(answer: AtAnswer): string {
  return answer.lines.join("\n");
}

function checkPin(pin: string): void {
  if (!isSimPin(pin)) throw new RangeError("Cannot use the PIN: expected 4 to 8 digits");
}
