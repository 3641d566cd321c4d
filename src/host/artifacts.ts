// Pure: no I/O. Every host file stickmode manages, as data for sync: path, content, mode, and
// which reload a change of it needs. The one entry point of a render: the input is checked here,
// once, and every renderer below reads it as checked.

import { dialerFor } from "./dialers/mod.ts";
import { checkHostInput } from "./host_input.ts";
import type { HostSettings, HostStick } from "./host_stick.ts";
import { renderSystemdUnits, SYSTEMD_UNIT_DIR } from "./systemd_units.ts";
import { renderUdevRules, UDEV_RULES_PATH } from "./udev_rules.ts";

/** What a changed file needs told: udev (rules) or systemd (units). */
export type ReloadKind = "udev" | "systemd";

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

/** Every file of the fleet, sorted by path: udev rules, systemd units, the dialer's files. */
export function renderHostArtifacts(
  sticks: readonly HostStick[],
  settings: HostSettings,
): Artifact[] {
  checkHostInput(sticks, settings);
  const artifacts: Artifact[] = [
    file(UDEV_RULES_PATH, renderUdevRules(sticks, settings), "udev"),
  ];
  for (const unit of renderSystemdUnits(sticks, settings)) {
    artifacts.push(file(`${SYSTEMD_UNIT_DIR}/${unit.name}`, unit.content, "systemd"));
  }
  artifacts.push(...dialerFor(settings.dialerKind).files(sticks, settings));
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function file(path: string, content: string, reload: ReloadKind): Artifact {
  return { path, content, mode: PUBLIC, reload, secrets: [] };
}
