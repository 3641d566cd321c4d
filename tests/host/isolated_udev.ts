// Runs the real `udevadm test` on a fake sysfs from umockdev, in a private mount namespace with a
// throwaway /dev, /run/udev and /etc/udev/rules.d: `udevadm test` creates real symlinks and db
// files, and a rules file installed on this machine must not shadow the one under test
// (docs/host.md#umockdev). Needs root.

import { run } from "./tools.ts";

const SCRIPT = `
set -e
rules="$1"; desc="$2"; syspath="$3"; action="$4"
d=$(mktemp -d "$rules/dev.XXXXXX")  # inside the caller's temp dir, which it removes
mknod -m 666 "$d/null" c 1 3
mkdir "$d/pts" && mount --bind /dev/pts "$d/pts" && ln -s pts/ptmx "$d/ptmx"  # umockdev opens ptys
mount --rbind "$d" /dev
mkdir -p /run/udev && mount -t tmpfs tmpfs /run/udev
if [ -d /etc/udev/rules.d ]; then mount -t tmpfs tmpfs /etc/udev/rules.d; fi
mkdir -p /run/udev/rules.d && cp "$rules"/*.rules /run/udev/rules.d/
shift 4
# The remaining arguments are sysfs files of the testbed (a driver's new_id): created with their
# content before the test, printed after it between markers, so a test sees what a rule wrote.
exec umockdev-run -d "$desc" -- sh -c '
  action="$1"; syspath="$2"; shift 2
  for f in "$@"; do
    mkdir -p "$UMOCKDEV_DIR$(dirname "\${f%%=*}")"
    printf "%s" "\${f#*=}" > "$UMOCKDEV_DIR\${f%%=*}"
  done
  udevadm test --action="$action" "$syspath" 2>&1; rc=$?
  for f in "$@"; do
    printf "@@sysfile %s\\n" "\${f%%=*}"; cat "$UMOCKDEV_DIR\${f%%=*}"; printf "\\n@@end\\n"
  done
  exit $rc
' sh "$action" "$syspath" "$@"
`;

export interface UdevTestResult {
  /** Final properties of the device (DEVLINKS, SYSTEMD_WANTS, ID_PATH ...). */
  properties: Map<string, string>;
  /** The RUN list as udevadm test prints it ("usb_modeswitch '1-3/1-3:1.0'", "kmod load"). */
  runs: string[];
  /** Content after the test of each file given in `sysFiles`, by path. */
  sysFiles: Map<string, string>;
  output: string;
}

/**
 * `udevadm test` of `syspath` in the umockdev `description`, with the rules files of `rulesDir`.
 * `sysFiles` ("/sys/bus/usb-serial/drivers/option1/new_id" -> content) are created in the
 * testbed first and read back after; `action` is the event's.
 */
export async function isolatedUdevTest(
  rulesDir: string,
  description: string,
  syspath: string,
  sysFiles: Record<string, string> = {},
  action: "add" | "change" = "add",
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
      action,
      ...Object.entries(sysFiles).map(([path, content]) => `${path}=${content}`),
    ],
    { timeoutMs: 20_000 },
  );
  if (result.code !== 0) {
    throw new Error(
      `udevadm test on "${syspath}" exited ${result.code}: ${result.stdout}${result.stderr}`,
    );
  }
  const properties = new Map<string, string>();
  const runs: string[] = [];
  const files = new Map<string, string>();
  const [test, ...dumps] = result.stdout.split("\n@@sysfile ");
  for (const line of test!.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) properties.set(match[1]!, match[2]!);
    const run = /^run: '(.*)'$/.exec(line);
    if (run) runs.push(run[1]!);
  }
  for (const dump of dumps) {
    const [path, ...rest] = dump.split("\n");
    files.set(path!, rest.join("\n").replace(/\n@@end\n?$/, ""));
  }
  return { properties, runs, sysFiles: files, output: result.stdout };
}

/** The space-separated words of a property, sorted ("" when absent). */
export function words(result: UdevTestResult, key: string): string[] {
  return (result.properties.get(key) ?? "").split(" ").filter((w) => w !== "").sort();
}

const TRIGGER_SCRIPT = `
set -e
desc="$1"; d="$2"; shift 2  # d: the caller's temp dir, removed once the namespace is gone
mknod -m 666 "$d/null" c 1 3
mkdir "$d/pts" && mount --bind /dev/pts "$d/pts" && ln -s pts/ptmx "$d/ptmx"
mount --rbind "$d" /dev
mkdir -p /run/udev && mount -t tmpfs tmpfs /run/udev
umockdev-run -d "$desc" -- udevadm "$@"
`;

/**
 * The sysfs paths `udevadm trigger --dry-run --verbose ARGS` lists in the umockdev `description`
 * (isolated as isolatedUdevTest is; `--dry-run` sends no event).
 */
export async function isolatedTriggerList(description: string, args: string[]): Promise<string[]> {
  const argv = ["trigger", "--dry-run", "--verbose", ...args];
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const result = await run(
    [
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      TRIGGER_SCRIPT,
      "sh",
      description,
      dir,
      ...argv,
    ],
    { timeoutMs: 20_000 },
  ).finally(() => Deno.remove(dir, { recursive: true }));
  if (result.code !== 0) {
    throw new Error(
      `udevadm ${argv.join(" ")} exited ${result.code}: ${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout.split("\n").filter((l) => l.startsWith("/sys/")).sort();
}
