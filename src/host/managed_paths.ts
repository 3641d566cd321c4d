// Pure: no I/O. The closed set of host paths stickmode renders, the only paths sync ever reads,
// diffs or removes because the manifest lists them: a manifest is data on disk, and an entry like
// "/../../etc/shadow" must never make a sync show or move a file it did not write.

import { DIALERS } from "./dialers/mod.ts";
import { DEFAULT_HOST_SETTINGS } from "./host_stick.ts";
import { RECONCILE_UNITS, SYSTEMD_UNIT_DIR } from "./systemd_units.ts";
import { UDEV_RULES_PATH } from "./udev_rules.ts";

/** The name book the reconcile writes beside the manifest. */
const STATE_FILES = ["/var/lib/stickmode/names.json"];

/** Unit files: the reconcile units and every registered dialer's template, of any kind (a kind
 * switch must find the old kind's files to remove them). */
const UNIT_FILES: ReadonlySet<string> = new Set([
  ...RECONCILE_UNITS,
  ...Object.values(DIALERS).map((d) => d.unitTemplate),
].map((name) => `${SYSTEMD_UNIT_DIR}/${name}`));

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
  if (path === UDEV_RULES_PATH || STATE_FILES.includes(path) || UNIT_FILES.has(path)) return null;
  if (Object.values(DIALERS).some((d) => d.managesPath(path, { configDir }))) return null;
  return "not a file stickmode renders";
}
