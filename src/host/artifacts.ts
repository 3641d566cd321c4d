// Pure: no I/O. Every host file stickmode manages, as data for sync: path, content, mode, and
// which reload a change of it needs. The one entry point of a render: the input is checked here,
// once, and every renderer below reads it as checked.

import { dialerFor, kindsInUse } from "./dialers/mod.ts";
import { checkDialerInput } from "./dialer_input.ts";
import { checkHostInput } from "./host_input.ts";
import type { HostSettings, HostStick } from "./host_stick.ts";
import { renderSystemdUnits, SYSTEMD_UNIT_DIR } from "./systemd_units.ts";
import { renderUdevRules, UDEV_RULES_PATH } from "./udev_rules.ts";

/** What a changed file needs told: udev (rules), udev about network links (.link files: the
 * plugged sticks' interfaces get their names and MACs), systemd (units), systemd-networkd
 * (.network files). */
export type ReloadKind = "udev" | "link" | "systemd" | "network";

/** Every ReloadKind, in the order reloads run (host_reload.ts). */
export const RELOAD_KINDS: readonly ReloadKind[] = ["udev", "link", "systemd", "network"];

/** One host file as the render wants it. */
export interface Artifact {
  /** Absolute path on the target host (sync prefixes it with its root). */
  path: string;
  content: string;
  /** 0o644, or 0o600 when the file holds a password. */
  mode: number;
  reload: ReloadKind | null;
  /** Values to mask in diffs and reports (the passwords the file holds). */
  secrets: string[];
}

const PUBLIC = 0o644;

/** Every file of the fleet, sorted by path: udev rules, systemd units, and each kind in use's
 * files for its own sticks (a kind no stick uses any more renders nothing: sync removes its
 * files). */
export function renderHostArtifacts(
  sticks: readonly HostStick[],
  settings: HostSettings,
): Artifact[] {
  checkHostInput(sticks, settings);
  checkDialerInput(sticks);
  const artifacts: Artifact[] = [
    file(UDEV_RULES_PATH, renderUdevRules(sticks, settings), "udev"),
  ];
  for (const unit of renderSystemdUnits(sticks, settings)) {
    artifacts.push(file(`${SYSTEMD_UNIT_DIR}/${unit.name}`, unit.content, "systemd"));
  }
  for (const kind of kindsInUse(sticks, settings)) {
    const own = sticks.filter((s) => s.dialerKind === kind);
    artifacts.push(...dialerFor(kind).files(own, settings));
  }
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function file(path: string, content: string, reload: ReloadKind): Artifact {
  return { path, content, mode: PUBLIC, reload, secrets: [] };
}
