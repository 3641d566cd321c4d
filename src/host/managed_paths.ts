// Pure: no I/O. The closed set of host paths stickmode renders, the only paths sync ever reads,
// diffs or removes because the manifest lists them: a manifest is data on disk, and an entry like
// "/../../etc/shadow" must never make a sync show or move a file it did not write.

import { DEFAULT_HOST_SETTINGS, pppPeerName } from "./host_stick.ts";
import { stickNameProblem } from "./unit_names.ts";
import { SYSTEMD_UNIT_DIR } from "./systemd_units.ts";
import { UDEV_RULES_PATH } from "./udev_rules.ts";
import { wvdialConfPath } from "./wvdial_conf.ts";
import { chatScriptPath, pppPeerPath } from "./pppd_peers.ts";

/** The name book the reconcile writes beside the manifest. */
const STATE_FILES = ["/var/lib/stickmode/names.json"];

// Unit files: stickmode-reconcile.service|timer, stickmode-reconcile@.service and the dialer
// templates stickmode-dialer@.service / stickmode-ppp@.service.
const UNIT_NAME = /^stickmode-[a-z]+@?\.(service|timer)$/;

/** True for "/a/b": absolute, no empty, "." or ".." component, no trailing "/". */
export function isNormalPath(path: string): boolean {
  if (!path.startsWith("/") || path.length < 2) return false;
  return path.slice(1).split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

/**
 * Why `path` is not one stickmode renders, or null when it is. `configDir` is the directory of
 * wvdial.conf (a profile setting).
 */
export function unmanagedReason(
  path: string,
  configDir: string = DEFAULT_HOST_SETTINGS.configDir,
): string | null {
  if (!isNormalPath(path)) return "not a normalised absolute path";
  if (path === UDEV_RULES_PATH || STATE_FILES.includes(path)) return null;
  if (path === wvdialConfPath({ configDir })) return null;
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash);
  const base = path.slice(slash + 1);
  if (dir === SYSTEMD_UNIT_DIR && UNIT_NAME.test(base)) return null;
  const prefix = pppPeerName("");
  if (base.startsWith(prefix) && stickNameProblem(base.slice(prefix.length)) === null) {
    const stick = { name: base.slice(prefix.length) };
    if (path === pppPeerPath(stick) || path === chatScriptPath(stick)) return null;
  }
  return "not a file stickmode renders";
}
