// Pure: no I/O. A PIN written in the profile is as secret as the profile file: only a file that
// group and others cannot read (mode 0600 or stricter) may hold one.

import { formatPath, type Problem } from "./problem.ts";
import type { Locator } from "./yaml_locate.ts";

/** Paths of every inline `pin` in raw profile data: defaults.sim.pin, sticks[i].sim.pin. */
export function inlinePinPaths(data: unknown): PropertyKey[][] {
  const paths: PropertyKey[][] = [];
  const pinOf = (section: unknown) =>
    typeof section === "object" && section !== null && "sim" in section &&
      typeof section.sim === "object" && section.sim !== null && "pin" in section.sim
      ? section.sim.pin
      : undefined;
  if (typeof data !== "object" || data === null) return paths;
  const record = data as Record<string, unknown>;
  if (pinOf(record.defaults) !== undefined) paths.push(["defaults", "sim", "pin"]);
  if (Array.isArray(record.sticks)) {
    record.sticks.forEach((stick: unknown, i) => {
      if (pinOf(stick) !== undefined) paths.push(["sticks", i, "sim", "pin"]);
    });
  }
  return paths;
}

/** One problem per inline PIN when the profile file gives group or others any access. */
export function checkInlinePins(
  data: unknown,
  file: string,
  fileMode: number,
  locate: Locator,
): Problem[] {
  if ((fileMode & 0o077) === 0) return [];
  const mode = (fileMode & 0o777).toString(8).padStart(4, "0");
  return inlinePinPaths(data).map((path) => ({
    file,
    ...locate(path),
    path: formatPath(path),
    message: `expected the profile to be mode 0600 or stricter when it holds a PIN, found mode ` +
      `${mode} (run chmod 600 "${file}", or move the PIN to pinFile)`,
  }));
}
