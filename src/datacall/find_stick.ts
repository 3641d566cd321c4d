// Which stick a data call is for and what it dials with: the stick's name leads to its USB port
// through names.json (what the last reconcile run remembered), the port to its PCUI tty through
// discovery, and its remembered identity to its profile settings (the one resolver reconcile
// uses). Every error names the stick and the step that failed.

import type { Stick, StickTty } from "../device/stick.ts";
import { readStickAt } from "../device/sysfs.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { ExpectedError } from "../errors/expected.ts";
import { type NdisDial, ndisDialCommand } from "../at/ndis.ts";
import { uplinkRouting } from "../host/ncm_names.ts";
import type { Profile } from "../profile/schema.ts";
import { resolveApnPassword } from "../profile/secrets.ts";
import { loadStickMemory } from "../reconcile/memory_file.ts";
import { MEMORY_PATH } from "../reconcile/stick_memory.ts";
import { createStickResolver } from "../reconcile/resolve_stick.ts";
import { findAtTty } from "../reconcile/at_port.ts";

/** The stick a data call is for, as names.json and the profile know it. */
export interface DataCallTarget {
  /** Its name ("gsm0"): the unit instance, the lock alias `<name>-at`, the interface ww<name>. */
  name: string;
  /** Its USB port ("1-3"): where it is looked for at every dial. */
  portPath: string;
  /** What it dials with (the password read from its secret source). */
  dial: NdisDial;
  /** The routing table of its policy rule, or null without perStickTable. */
  table: number | null;
}

/** Where the data call looks for its stick and the host's files. */
export interface FindOptions {
  /** Prefix of host files (names.json, /run/lock). */
  root: string;
  sysfsRoot: string;
  devRoot: string;
}

/**
 * The data call's stick by name: its port from names.json, its settings from the profile.
 * @throws {ExpectedError} when names.json knows no stick of that name, its APN password cannot
 * be read, or its APN settings cannot be carried in an AT command
 */
export async function findDataCallTarget(
  name: string,
  profile: Profile,
  options: FindOptions,
): Promise<DataCallTarget> {
  const { memory } = loadStickMemory(options.root);
  const found = Object.entries(memory).find(([, record]) => record.name === name);
  if (found === undefined) {
    throw new ExpectedError(
      `Cannot start the data call of "${name}": no stick of that name in ` +
        `"${pathUnder(options.root, MEMORY_PATH)}" (run stickmode apply first)`,
    );
  }
  const [portPath, record] = found;
  const { settings } = createStickResolver(profile, memory)(portPath, null);
  let dial: NdisDial;
  try {
    const password = await resolveApnPassword(settings.apn);
    dial = {
      apn: settings.apn.name,
      user: settings.apn.user,
      password,
      auth: settings.apn.auth,
    };
    ndisDialCommand(dial); // settings no AT command can carry fail now, not at every re-dial
  } catch (e) {
    if (!(e instanceof ExpectedError)) throw e;
    throw new ExpectedError(`Cannot start the data call of "${name}": ${e.message}`);
  }
  return {
    name,
    portPath,
    dial,
    table: uplinkRouting(settings.routing, record.uplink).table,
  };
}

/** The stick on the target's port and its PCUI tty, as discovery finds them now. */
export interface LocatedStick {
  stick: Stick;
  pcui: StickTty;
}

/**
 * Finds the target's stick on its USB port and its PCUI tty: the one sysfs labels PCUI, else
 * (a volatile 22.x personality, whose ttys carry no role) the tty `known` names if the stick still
 * has it, else the one a bounded AT probe of its ttys picks (reconcile/at_port.ts findAtTty, which
 * locks each tty under `lockDir` while it asks).
 * @throws {ExpectedError} when nothing is on the port, or no tty of the stick answers AT
 */
export async function locateStick(
  target: DataCallTarget,
  options: FindOptions & { lockDir: string },
  known: StickTty | null = null,
): Promise<LocatedStick> {
  const stick = await readStickAt(options, target.portPath);
  if (stick === null) {
    throw new ExpectedError(
      `Cannot find stick "${target.name}": nothing on USB port "${target.portPath}"`,
    );
  }
  const labelled = stick.ttys.find((t) => t.role === "pcui");
  const kept = known === null ? undefined : stick.ttys.find((t) => t.devPath === known.devPath);
  const pcui = labelled ?? kept ?? await findAtTty(stick, options);
  if (pcui === null || pcui === undefined) {
    const ttys = stick.ttys.map((t) => `${t.name} ${t.role}`).join(", ") || "none";
    throw new ExpectedError(
      `Cannot find the PCUI port of stick "${target.name}" on USB port "${target.portPath}": ` +
        `it is in ${stick.mode} mode with ttys ${ttys}`,
    );
  }
  return { stick, pcui };
}
