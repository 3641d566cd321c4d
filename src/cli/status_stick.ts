// `stickmode status NAME`: one stick in full, like `mmcli -m N`. What discovery, names.json,
// recovery.json and the host files say, plus one read of its PCUI port through the one reader
// (read_modem.ts, everything and the telemetry). Reading only, each command bounded; a stick
// that cannot be read (storage mode, port held) shows what is known and why the rest is not.

import { HuaweiModem, type ModemIdentity, type PinStatus } from "../at/huawei.ts";
import { READ_EVERYTHING, readModemState } from "../at/read_modem.ts";
import type { ApnContext } from "../at/parse_cgdcont.ts";
import type { Mode, Stick } from "../device/stick.ts";
import { ExpectedError } from "../errors/expected.ts";
import type { StickMemory } from "../reconcile/stick_memory.ts";
import { loadRecoveryState } from "../reconcile/recovery_store.ts";
import type { StickRecovery } from "../reconcile/recovery_plan.ts";
import { networkReport } from "../reconcile/stick_report.ts";
import type { NetworkReport } from "../report/json_report.ts";
import { openAtSession } from "./open_at_session.ts";
import { type StickHostFile, stickHostFiles, udevNames } from "./status_host_files.ts";

/** Version of `status NAME --json`'s shape (docs/report.md#one-stick). */
export const STICK_STATUS_FORMAT_VERSION = "1.0";
/** Bound on each AT command of `status NAME` (as probe's default). */
export const STICK_STATUS_AT_TIMEOUT_MS = 3000;

/** One stick as `status NAME --json` prints it. */
export interface StickDetail {
  formatVersion: string;
  name: string;
  portPath: string;
  /** False when names.json knows the name but no stick is on its port now. */
  connected: boolean;
  /** "12d1:1506"; null when not connected. */
  usbId: string | null;
  mode: Mode | null;
  /** The USB product string. */
  product: string | null;
  /** ATI, AT^FHVER, AT+CGSN, AT^ICCID?; null when not read. */
  identity: Omit<ModemIdentity, "hardware"> | null;
  portLayout: string | null;
  sim: PinStatus | null;
  apn: ApnContext[] | null;
  network: NetworkReport | null;
  /** Why identity, layout, SIM, APN and network are null; null when read. */
  readProblem: string | null;
  ports: { tty: string; role: string; devPath: string }[];
  netInterface: string | null;
  udevNames: { path: string; exists: boolean }[];
  hostFiles: StickHostFile[];
  lastRun: {
    /** names.json: whether the stick had host files after the last run that read it. */
    hostFiles: boolean;
    /** recovery.json's record of the stick, or null. */
    recovery: StickRecovery | null;
    /** No file keeps a run's outcome per stick: always "not recorded". */
    outcome: "not recorded";
  };
  verdict: string | null;
}

/** What `status NAME` gets from status: the roots, the discovery and names.json it made. */
export interface StickStatusInput {
  name: string;
  root: string;
  devRoot: string;
  lockDir?: string | undefined;
  timeoutMs?: number;
  memory: StickMemory;
  found: readonly Stick[];
  verdict: (stick: Stick) => string;
}

/**
 * The stick names.json calls `name`, in full.
 *
 * @throws {ExpectedError} When names.json knows no stick of that name (listing the known ones).
 */
export async function stickDetail(input: StickStatusInput): Promise<StickDetail> {
  const entry = Object.entries(input.memory).find(([, r]) => r.name === input.name);
  if (!entry) {
    const known = Object.values(input.memory).map((r) => `"${r.name}"`).sort();
    throw new ExpectedError(
      `Cannot show stick "${input.name}": names.json knows no stick of that name (known: ${
        known.length === 0 ? "none" : known.join(", ")
      })`,
    );
  }
  const [portPath, record] = entry;
  const stick = input.found.find((s) => s.portPath === portPath) ?? null;
  const read = await readStick(stick, input);
  return {
    formatVersion: STICK_STATUS_FORMAT_VERSION,
    name: input.name,
    portPath,
    connected: stick !== null,
    usbId: stick ? `${stick.vid}:${stick.pid}` : null,
    mode: stick?.mode ?? null,
    product: stick?.product ?? null,
    ...read,
    ports: (stick?.ttys ?? []).map((t) => ({ tty: t.name, role: t.role, devPath: t.devPath })),
    netInterface: stick?.netInterface ?? null,
    udevNames: udevNames(input.devRoot, input.name),
    hostFiles: stickHostFiles(input.root, input.name),
    lastRun: {
      hostFiles: record.hostFiles,
      recovery: loadRecoveryState(input.root)[portPath] ?? null,
      outcome: "not recorded",
    },
    verdict: stick ? input.verdict(stick) : null,
  };
}

type StickRead = Pick<
  StickDetail,
  "identity" | "portLayout" | "sim" | "apn" | "network" | "readProblem"
>;

const UNREAD = { identity: null, portLayout: null, sim: null, apn: null, network: null };

/** One bounded read of the stick's PCUI port, or why there is none. */
async function readStick(stick: Stick | null, input: StickStatusInput): Promise<StickRead> {
  if (stick === null) return { ...UNREAD, readProblem: "not connected" };
  if (stick.mode !== "modem") return { ...UNREAD, readProblem: `${stick.mode} mode: no AT port` };
  const pcui = stick.ttys.find((t) => t.role === "pcui");
  if (!pcui) return { ...UNREAD, readProblem: "no PCUI port" };
  const timeoutMs = input.timeoutMs ?? STICK_STATUS_AT_TIMEOUT_MS;
  try {
    const session = await openAtSession(pcui.devPath, { timeoutMs, lockDir: input.lockDir });
    try {
      const modem = new HuaweiModem(session, { timeoutMs });
      const id = await modem.identity();
      const state = await readModemState(modem, id, { ...READ_EVERYTHING, telemetry: true });
      return {
        identity: {
          manufacturer: id.manufacturer,
          model: id.model,
          firmware: id.firmware,
          imei: id.imei,
          iccid: id.iccid,
        },
        portLayout: state.portLayout,
        sim: state.pin,
        apn: state.apn,
        network: networkReport(state.telemetry ?? null),
        readProblem: null,
      };
    } finally {
      session.close();
    }
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { ...UNREAD, readProblem: e.message };
  }
}
