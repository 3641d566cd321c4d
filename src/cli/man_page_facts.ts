// Pure: no I/O. What stickmode(1) says beyond the command tree: the files it reads and writes and
// the environment it reads, taken from the constants the code uses, plus examples.

import { DEFAULT_PROFILE_PATH } from "./global_options.ts";
import { LOCK_DIR_ENV } from "./open_at_session.ts";
import { LIBUSB_ENV, LIBUSB_SONAME } from "../device/usb/libusb.ts";
import { DIALERS } from "../host/dialers/mod.ts";
import { DEFAULT_HOST_SETTINGS } from "../host/host_stick.ts";
import { MANIFEST_PATH } from "../host/manifest.ts";
import { ncmFilePath } from "../host/ncm_files.ts";
import { chatScriptPath, pppPeerPath } from "../host/pppd_peers.ts";
import { LOCK_DIR } from "../host/runtime_dirs.ts";
import { RECONCILE_UNITS, SYSTEMD_UNIT_DIR } from "../host/systemd_units.ts";
import { UDEV_RULES_PATH } from "../host/udev_rules.ts";
import { wvdialConfPath } from "../host/wvdial_conf.ts";
import { MEMORY_PATH } from "../reconcile/stick_memory.ts";

/** A term and what it means, as a man page's .TP entry. */
export interface Entry {
  term: string;
  text: string;
}

const NAME = { name: "NAME" };

/** What each reconcile unit does, told apart by its name's form. */
function unitText(unit: string): string {
  if (unit.endsWith(".timer")) {
    return `Runs the reconcile service on a calendar (default "${DEFAULT_HOST_SETTINGS.reconcileOnCalendar}").`;
  }
  if (unit.includes("@")) return "Runs apply when udev sees a stick plugged into a USB port.";
  return "One apply run, as the timer starts it.";
}

/** FILES: what stickmode reads, and every host file `apply` writes (NAME is a stick's name). */
export const MAN_FILES: readonly Entry[] = [
  { term: DEFAULT_PROFILE_PATH, text: "The profile (--profile): what every stick should be." },
  {
    term: MEMORY_PATH,
    text: "The name book: which stick (by IMEI) got which name and port, kept across runs.",
  },
  {
    term: MANIFEST_PATH,
    text: "The host files the last apply wrote, so a later one can remove them.",
  },
  {
    term: UDEV_RULES_PATH,
    text: "udev rules: stable /dev names, ModemManager kept off the sticks.",
  },
  ...RECONCILE_UNITS.map((unit) => ({ term: `${SYSTEMD_UNIT_DIR}/${unit}`, text: unitText(unit) })),
  ...Object.values(DIALERS).map((d) => ({
    term: `${SYSTEMD_UNIT_DIR}/${d.unitTemplate}`,
    text: `The ${d.kind} dialer's unit template: ${d.summary}.`,
  })),
  {
    term: wvdialConfPath(DEFAULT_HOST_SETTINGS),
    text: "wvdial's configuration (dialer kind wvdial).",
  },
  { term: pppPeerPath(NAME), text: "pppd's peer file of one stick (dialer kind pppd)." },
  { term: chatScriptPath(NAME), text: "The chat script that peer runs." },
  { term: ncmFilePath("NAME", "link"), text: "The name and MAC of one stick's NCM interface." },
  {
    term: ncmFilePath("NAME", "network"),
    text: "systemd-networkd's DHCP and routing of that interface (dialer kind ncm).",
  },
  { term: LOCK_DIR.path, text: "UUCP lock files of the ttys stickmode opens (LCK..ttyUSB1)." },
];

/** ENVIRONMENT: every variable stickmode reads. */
export const MAN_ENVIRONMENT: readonly Entry[] = [
  { term: "NO_COLOR", text: "When set (to anything), no output is coloured, as --no-color." },
  {
    term: LIBUSB_ENV,
    text: `The libusb shared library to load instead of ${LIBUSB_SONAME}.`,
  },
  { term: LOCK_DIR_ENV, text: `UUCP lock directory of probe and at (default ${LOCK_DIR.path}).` },
  {
    term: "JOURNAL_STREAM",
    text: "Set by systemd for a unit's output: when it names stderr, each log line starts with " +
      "its sd-daemon(3) priority (<3> error ... <7> debug), so journalctl -p warning finds warnings.",
  },
  {
    term: "SOURCE_DATE_EPOCH",
    text: "The date stickmode man prints in this page's footer (reproducible builds), else today.",
  },
  {
    term: "Secret variables",
    text: "A profile may read the SIM PIN and the APN password from variables it names " +
      '(e.g. "STICKMODE_PIN"); they never reach argv, the logs or a world-readable file.',
  },
];

/** EXAMPLES: commands and what they do. */
export const MAN_EXAMPLES: readonly Entry[] = [
  { term: "stickmode validate /etc/stickmode/profile.yaml", text: "Check a profile." },
  { term: "stickmode status", text: "List the connected sticks and their verdicts." },
  {
    term: "stickmode plan --detailed-exitcode",
    text: "Show what apply would change; exit 2 when something would.",
  },
  { term: "stickmode apply", text: "Reconcile every stick and write the host files." },
  { term: "stickmode at --tty /dev/ttyUSB2 ATI", text: "Send one AT command to a stick." },
  { term: "stickmode demo", text: "Run plan and apply against a simulated fleet, safely." },
  {
    term: "stickmode completion bash > /etc/bash_completion.d/stickmode",
    text: "Install the bash completion by hand (the Debian package ships it).",
  },
];

/** SEE ALSO references. */
export const MAN_SEE_ALSO = [
  "udev(7)",
  "udevadm(8)",
  "systemd.unit(5)",
  "systemd.network(5)",
  "wvdial(1)",
  "pppd(8)",
  "usb_modeswitch(1)",
];
