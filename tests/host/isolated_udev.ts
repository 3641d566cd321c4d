// Runs the real `udevadm test` on a fake sysfs from umockdev, in a private mount namespace with a
// throwaway /dev, /run/udev and /etc/udev/rules.d: `udevadm test` creates real symlinks and db
// files, and a rules file installed on this machine must not shadow the one under test
// (docs/host.md#umockdev). Needs root.

import { run } from "./tools.ts";

const SCRIPT = `
set -e
rules="$1"; desc="$2"; syspath="$3"
d=$(mktemp -d "$rules/dev.XXXXXX")  # inside the caller's temp dir, which it removes
mknod -m 666 "$d/null" c 1 3
mkdir "$d/pts" && mount --bind /dev/pts "$d/pts" && ln -s pts/ptmx "$d/ptmx"  # umockdev opens ptys
mount --rbind "$d" /dev
mkdir -p /run/udev && mount -t tmpfs tmpfs /run/udev
if [ -d /etc/udev/rules.d ]; then mount -t tmpfs tmpfs /etc/udev/rules.d; fi
mkdir -p /run/udev/rules.d && cp "$rules"/*.rules /run/udev/rules.d/
exec umockdev-run -d "$desc" -- udevadm test --action=add "$syspath" 2>&1
`;

export interface UdevTestResult {
  /** Final properties of the device (DEVLINKS, SYSTEMD_WANTS, ID_PATH ...). */
  properties: Map<string, string>;
  output: string;
}

export async function isolatedUdevTest(
  rulesDir: string,
  description: string,
  syspath: string,
): Promise<UdevTestResult> {
  const result = await run(
    [
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      SCRIPT,
      "sh",
      rulesDir,
      description,
      syspath,
    ],
    { timeoutMs: 20_000 },
  );
  if (result.code !== 0) {
    throw new Error(
      `udevadm test on "${syspath}" exited ${result.code}: ${result.stdout}${result.stderr}`,
    );
  }
  const properties = new Map<string, string>();
  for (const line of result.stdout.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) properties.set(match[1]!, match[2]!);
  }
  return { properties, output: result.stdout };
}

/** The space-separated words of a property, sorted ("" when absent). */
export function words(result: UdevTestResult, key: string): string[] {
  return (result.properties.get(key) ?? "").split(" ").filter((w) => w !== "").sort();
}
