// Pure: no I/O (it changes the state it is given). The simulated stick's radio settings:
// AT^SYSCFGEX on an LTE stick, AT^SYSCFG on an old 3G one, answered in the formats of
// ModemManager's Huawei plugin tests (docs/domain.md#radio-settings). Settings live in the
// stick's non-volatile memory: a reset keeps them.

import { ALL_LTE_BANDS } from "../at/radio_codes.ts";
import { fail, ok, type SimReply } from "./stick_sim.ts";

/** The radio settings a simulated stick keeps. */
export interface SimRadio {
  /** The family the stick answers; "none": neither (firmware without radio commands). */
  command: "syscfgex" | "syscfg" | "none";
  /** The final result of the family it does not have (default COMMAND NOT SUPPORT). */
  refusal?: "ERROR" | "COMMAND NOT SUPPORT";
  /** "00", "03", "030201" ... (syscfgex) or "2,0", "14,0" ... (syscfg: mode,acqorder). */
  modeCode: string;
  roam: 0 | 1;
  /** The LTE band mask (syscfgex only). */
  lteMask: bigint;
}

/** A real E3372's AT^SYSCFGEX=? (ModemManager's first ^SYSCFGEX test string). */
export const SYSCFGEX_OFFER = '^SYSCFGEX: ("00","03","02","01","99"),' +
  '((2000004e80380,"GSM850/GSM900/GSM1800/GSM1900/WCDMA850/WCDMA900/WCDMA1900/WCDMA2100"),' +
  '(3fffffff,"All Bands")),(0-3),(0-4),' +
  '((800c5,"LTE2100/LTE1800/LTE2600/LTE900/LTE800"),(7fffffffffffffff,"All bands"))';
/** The LTE bands SYSCFGEX_OFFER lists (1, 3, 7, 8, 20). */
const OFFERED_LTE = 0x800c5n;
const OFFERED_MODES = ["00", "03", "02", "01"];

/** An old 3G stick's AT^SYSCFG=? (ModemManager's ^SYSCFG test string with band groups). */
export const SYSCFG_OFFER = "^SYSCFG:(2,13,14,16),(0)," +
  '((2000000400380,"GSM900/GSM1800/WCDMA900/WCDMA2100"),(280000,"GSM850/GSM1900"),' +
  '(3fffffff,"All bands")),(0-2),(0-4)';

/** Factory settings: automatic mode, roaming allowed, all LTE bands. */
export function factoryRadio(command: SimRadio["command"] = "syscfgex"): SimRadio {
  return {
    command,
    modeCode: command === "syscfgex" ? "00" : "2,0",
    roam: 1,
    lteMask: ALL_LTE_BANDS,
  };
}

const NOT_SUPPORTED = fail("COMMAND NOT SUPPORT");
const hex = (v: bigint) => v.toString(16).toUpperCase();

/** Answers a ^SYSCFGEX or ^SYSCFG command ("read", "test", "set"); null: not a radio command. */
export function answerRadio(
  radio: SimRadio,
  name: string,
  form: string,
  args: string[],
): SimReply | null {
  if (name !== "^SYSCFGEX" && name !== "^SYSCFG") return null;
  if (name.slice(1).toLowerCase() !== radio.command) {
    return fail(radio.refusal ?? NOT_SUPPORTED.final);
  }
  const ex = radio.command === "syscfgex";
  switch (form) {
    case "read":
      return ex
        ? ok(`^SYSCFGEX: "${radio.modeCode}",3FFFFFFF,${radio.roam},2,${hex(radio.lteMask)}`)
        : ok(`^SYSCFG:${radio.modeCode},3FFFFFFF,${radio.roam},2`);
    case "test":
      return ok(ex ? SYSCFGEX_OFFER : SYSCFG_OFFER);
    case "set":
      return (ex ? setSyscfgex(radio, args) : setSyscfg(radio, args)) ? ok() : fail("ERROR");
    default:
      return NOT_SUPPORTED;
  }
}

/** `"03",40000000,2,4,80044,,`: "99", 40000000, roam 2, domain 4 keep what is. */
function setSyscfgex(radio: SimRadio, args: string[]): boolean {
  const [mode = "", band = "", roam = "", domain = "", lte = ""] = args;
  if (mode !== "99" && !OFFERED_MODES.includes(mode)) return false;
  if (!/^[0-9A-F]{1,16}$/i.test(band) || !/^[0-4]$/.test(domain)) return false;
  if (!/^[012]$/.test(roam) || !/^[0-9A-F]{1,16}$/i.test(lte)) return false;
  const mask = BigInt(`0x${lte}`);
  const newMode = mode === "99" ? radio.modeCode : mode;
  const lteMask = mask === 0x40000000n ? radio.lteMask : mask;
  // At least one band for each enabled mode: an LTE mode needs an offered LTE band.
  const usesLte = newMode === "00" || newMode.startsWith("03");
  if (usesLte && lteMask !== ALL_LTE_BANDS && (lteMask & OFFERED_LTE) === 0n) return false;
  radio.modeCode = newMode;
  radio.lteMask = lteMask;
  if (roam !== "2") radio.roam = roam === "1" ? 1 : 0;
  return true;
}

/** `14,0,40000000,2,4`: mode 16 and order 3 keep what is. */
function setSyscfg(radio: SimRadio, args: string[]): boolean {
  const [mode = "", order = "", band = "", roam = "", domain = ""] = args;
  if (!["2", "13", "14", "16"].includes(mode) || !/^[0-3]$/.test(order)) return false;
  if (!/^[0-9A-F]{1,16}$/i.test(band) || !/^[012]$/.test(roam) || !/^[0-4]$/.test(domain)) {
    return false;
  }
  const [oldMode, oldOrder] = radio.modeCode.split(",");
  const newMode = mode === "16" ? oldMode! : mode;
  const newOrder = newMode === "13" || newMode === "14" ? "0" : order === "3" ? oldOrder! : order;
  radio.modeCode = `${newMode},${newOrder}`;
  if (roam !== "2") radio.roam = roam === "1" ? 1 : 0;
  return true;
}

/** Gives a simulated stick other radio settings, or an old 3G stick's command family (tests,
 * the CLI's sim options). */
export function setSimRadio(state: { radio?: SimRadio }, radio: SimRadio): void {
  state.radio = { ...radio };
}
