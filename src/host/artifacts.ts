// Pure: no I/O. Every host file stickmode manages, as data for sync: path, content, mode, and
// which reload a change of it needs.

import { checkHostInput } from "./host_input.ts";
import { type HostSettings, type HostStick, sortedSticks } from "./host_stick.ts";
import {
  chatScriptPath,
  pppPeerHoldsSecret,
  pppPeerPath,
  renderChatScript,
  renderPppPeer,
} from "./pppd_peers.ts";
import { renderSystemdUnits, SYSTEMD_UNIT_DIR } from "./systemd_units.ts";
import { renderUdevRules, UDEV_RULES_PATH } from "./udev_rules.ts";
import { renderWvdialConf, wvdialConfHoldsSecret, wvdialConfPath } from "./wvdial_conf.ts";

export type ReloadKind = "udev" | "systemd";

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
const PRIVATE = 0o600;

export function renderHostArtifacts(
  sticks: readonly HostStick[],
  settings: HostSettings,
): Artifact[] {
  checkHostInput(sticks, settings);
  const artifacts: Artifact[] = [
    file(UDEV_RULES_PATH, renderUdevRules(sticks, settings), PUBLIC, "udev"),
  ];
  for (const unit of renderSystemdUnits(sticks, settings)) {
    artifacts.push(file(`${SYSTEMD_UNIT_DIR}/${unit.name}`, unit.content, PUBLIC, "systemd"));
  }
  if (settings.dialerKind === "wvdial") {
    const secret = wvdialConfHoldsSecret(sticks);
    artifacts.push(file(
      wvdialConfPath(settings),
      renderWvdialConf(sticks, settings),
      secret ? PRIVATE : PUBLIC,
      null,
      passwords(sticks),
    ));
  } else {
    for (const stick of sortedSticks(sticks)) {
      const secret = pppPeerHoldsSecret(stick);
      artifacts.push(file(
        pppPeerPath(stick),
        renderPppPeer(stick, settings),
        secret ? PRIVATE : PUBLIC,
        null,
        passwords([stick]),
      ));
      artifacts.push(file(chatScriptPath(stick), renderChatScript(stick, settings), PUBLIC, null));
    }
  }
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function passwords(sticks: readonly HostStick[]): string[] {
  return sticks.flatMap((s) => (s.apn.password === null ? [] : [s.apn.password]));
}

function file(
  path: string,
  content: string,
  mode: number,
  reload: ReloadKind | null,
  secrets: string[] = [],
): Artifact {
  return { path, content, mode, reload, secrets };
}
