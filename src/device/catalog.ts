// Pure: no I/O. Which USB personality a stick is in, what each of its ttys is for, and what
// reconciling would do with it. Facts: docs/domain.md#usb-personalities.

import type { Mode, Stick, StickTty, TtyRole, UsbInterface } from "./stick.ts";

/** Vendors discovery keeps: Huawei (every product), and Brovi (3566) for the E3372-325 only
 * (3566 is not Huawei's: its other products are not ours to touch). */
export const CATALOG_VENDORS: readonly string[] = ["12d1", "3566"];

/** Vendors whose every product is catalogued; other CATALOG_VENDORS only for PRODUCT_MODES. */
const WHOLE_VENDORS: readonly string[] = ["12d1"];

/**
 * Huawei personality by product id, when the interfaces do not decide
 * (docs/domain.md#usb-personalities). PIDs are recycled across models (1505 is storage on EC156
 * and NCM on some E3372), so `modeFor` asks the interfaces first.
 */
export const PID_MODES: Readonly<Record<string, Mode>> = {
  "1f01": "storage",
  "14fe": "storage",
  "1505": "storage",
  "1446": "storage",
  "1c0b": "storage",
  "157d": "storage",
  "14dc": "hilink",
  "14db": "hilink",
  "1441": "debug",
  "1442": "debug",
  "1506": "modem",
  "15b6": "modem",
  "155e": "modem",
  "1001": "modem",
  "1003": "modem",
  "1436": "modem",
  "1465": "modem",
  "1c05": "modem",
};

/** Personality by "vendor:product" for the non-Huawei ids: the Brovi E3372-325 shows 3566:2001
 * as CD-ROM and (reported, unverified) keeps it after AltMode (docs/domain.md#brovi-e3372-325). */
const OTHER_PRODUCTS: Readonly<Record<string, Mode>> = {
  "3566:2001": "storage",
};

/** The personality a "vendor:product" stands for, without its interfaces; undefined when the
 * id is not catalogued. */
export function productMode(vid: string, pid: string): Mode | undefined {
  const v = vid.toLowerCase();
  const p = pid.toLowerCase();
  if (WHOLE_VENDORS.includes(v)) return PID_MODES[p] ?? "unknown";
  return OTHER_PRODUCTS[`${v}:${p}`];
}

/** Whether discovery keeps a device with these ids: any Huawei product, listed others only. */
export function isCatalogued(vid: string, pid: string): boolean {
  return productMode(vid, pid) !== undefined;
}

/** Whether this id belongs to a stick whose option ttys appear only once the host binds the
 * option driver to the id (new_id; Brovi E3372-325, OpenWrt forum thread 153556). */
export function needsOptionNewId(vid: string, pid: string): boolean {
  return `${vid.toLowerCase()}:${pid.toLowerCase()}` === "3566:2001";
}

const CLASS_STORAGE = "08";
const CLASS_COMM = "02";
const CLASS_VENDOR = "ff";
const SUBCLASS_ECM = "06";
const SUBCLASS_ACM = "02";
/** CDC NCM control interface (02/0d): cdc_ncm's function on 12d1:155e and the Brovi. */
const SUBCLASS_NCM = "0d";
/** Huawei NCM disguised as vendor-specific (kernel huawei_cdc_ncm: ff/02|03/16). */
const PROTOCOL_NCM = "16";

/**
 * Role of a tty by its interface. Huawei vendor interfaces carry the port code in the protocol
 * byte (LTE: 10 modem, 12 PCUI, 13 diag; 3G: 01, 02, 03); the subclass varies (02/03), so only
 * the protocol is matched. 1441/1442 serial ports are 02/02/ff: no role until probed with AT.
 */
export function ttyRoleFor(iface: Pick<UsbInterface, "class" | "protocol">): TtyRole {
  if (iface.class !== CLASS_VENDOR) return "unknown";
  switch (iface.protocol) {
    case "10":
    case "01":
      return "modem";
    case "12":
    case "02":
      return "pcui";
    case "13":
    case "03":
      return "diag";
    default:
      return "unknown";
  }
}

/** Which unlabelled tty answers AT, where a public source says so: HiLink's debug mode (`1441`,
 * three serial ports) has it on the second ("port 2 is AT", docs/domain.md). The role probe tries
 * it alone first (at/tty_roles.ts firstTry); its answers still decide. */
export function atTtyHint(stick: Pick<Stick, "vid" | "pid" | "ttys">): StickTty | undefined {
  if (stick.vid !== "12d1" || stick.pid !== "1441" || stick.ttys.length !== 3) return undefined;
  return stick.ttys[1];
}

function isEcm(i: UsbInterface): boolean {
  return i.class === CLASS_COMM && i.subclass === SUBCLASS_ECM;
}

/** A standard CDC NCM function (cdc_ncm), as AltMode's personality has beside its ttys. */
function isCdcNcm(i: UsbInterface): boolean {
  return i.class === CLASS_COMM && i.subclass === SUBCLASS_NCM;
}

/** A serial function: a vendor port with a known role, one bound to `option`, or CDC ACM. */
function isSerial(i: UsbInterface): boolean {
  if (i.class === CLASS_COMM && i.subclass === SUBCLASS_ACM) return true;
  if (i.class !== CLASS_VENDOR) return false;
  return ttyRoleFor(i) !== "unknown" || i.driver === "option" || i.protocol === PROTOCOL_NCM;
}

/**
 * The interface of the stick's NCM function, where the kernel lists its network interface:
 * Huawei's vendor NCM (ff/xx/16, huawei_cdc_ncm) or a CDC NCM control interface (02/0d, cdc_ncm:
 * AltMode's 155e has it at "03", its data interface "04" after it); null when there is none.
 */
export function ncmInterfaceOf(interfaces: readonly UsbInterface[]): string | null {
  const ncm = interfaces.find((i) =>
    (i.class === CLASS_VENDOR && i.protocol === PROTOCOL_NCM) || isCdcNcm(i)
  );
  return ncm?.number ?? null;
}

/**
 * The personality, from the interfaces when they are conclusive, else from the PID table:
 * storage = only mass-storage interfaces; hilink = CDC Ethernet without serial ports; debug =
 * CDC Ethernet plus serial ports (1441/1442); modem = vendor serial/NCM functions, or a CDC NCM
 * function (AltMode's 155e; a Brovi whose ttys are not bound yet).
 */
export function modeFor(vid: string, pid: string, interfaces: readonly UsbInterface[]): Mode {
  const byId = productMode(vid, pid);
  if (byId === undefined) return "unknown";
  if (interfaces.length > 0) {
    if (interfaces.every((i) => i.class === CLASS_STORAGE)) return "storage";
    const ecm = interfaces.some(isEcm);
    const serial = interfaces.some(isSerial);
    if (ecm && serial) return "debug";
    if (ecm) return "hilink";
    if (serial || interfaces.some(isCdcNcm)) return "modem";
  }
  return byId;
}

/** One line saying what reconciling this stick would do next (vid/pid name a Brovi's wait). */
export function verdictFor(
  stick: Pick<Stick, "mode" | "ttys" | "netInterface"> & Partial<Pick<Stick, "vid" | "pid">>,
): string {
  switch (stick.mode) {
    case "storage":
      return "storage mode: will send the Huawei mode-switch message";
    case "hilink":
      return stick.netInterface === null
        ? "HiLink: no network interface yet: will wait for cdc_ether"
        : "HiLink: will switch to debug mode via the web API";
    case "debug":
      return stick.ttys.length === 0
        ? "debug mode: no tty yet: will wait for the option driver"
        : "debug mode: will find the AT port by probing, then set the port layout";
    case "modem":
      if (stick.ttys.length === 0) {
        return needsOptionNewId(stick.vid ?? "", stick.pid ?? "")
          ? `modem: no tty yet: the option driver needs this id in its new_id ("3566 2001")`
          : "modem: no tty yet: will wait for the option driver";
      }
      if (stick.ttys.every((t) => t.role === "unknown")) {
        return "modem: will find the AT port by probing, then check PIN, APN";
      }
      if (!stick.ttys.some((t) => t.role === "pcui" || t.role === "unknown")) {
        return "modem: no PCUI port: cannot talk AT while dialing (layout needs 12)";
      }
      return "modem: will check layout, PIN, APN";
    case "unknown":
      return "unknown personality: will leave it alone";
  }
}
