// Finds the validators the host tests run (docs/host.md#validators), says why a test skips. In CI
// (CI set, tools installed by .ci/install_system_packages.sh) nothing skips: a missing tool there
// makes the test fail instead of hiding.

const IN_CI = Boolean(Deno.env.get("CI"));

export function which(name: string): string | null {
  const path = (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":");
  for (const dir of [...path, "/usr/sbin", "/sbin"]) {
    try {
      if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch (e) {
      // A PATH entry may be missing, unreadable for this user, or not a directory.
      const skippable = e instanceof Deno.errors.NotFound ||
        e instanceof Deno.errors.PermissionDenied ||
        e instanceof Deno.errors.NotADirectory;
      if (!skippable) throw e;
    }
  }
  return null;
}

/** Executable by this user (pppd is root:dip 4754 on Debian); primary group only. */
function executable(path: string | null): boolean {
  if (path === null) return false;
  const info = Deno.statSync(path);
  const mode = info.mode ?? 0;
  if (Deno.uid() === 0) return (mode & 0o111) !== 0;
  if (info.uid === Deno.uid()) return (mode & 0o100) !== 0;
  if (info.gid === Deno.gid()) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

export type Privilege = "root" | "mount" | "unshare";

/** null when every tool and privilege is there; else the reason, printed once. "mount" and
 * "unshare" are probed: root in an unprivileged container has neither. */
export function skipReason(test: string, tools: string[], needs: Privilege[] = []): string | null {
  const missing = tools.filter((t) => !executable(which(t)));
  const reasons = [
    ...(missing.length ? [`missing or not executable: ${missing.join(", ")}`] : []),
    ...needs.filter((p) => !hasPrivilege(p)).map((p) =>
      `needs ${p === "root" ? "root" : `${p} (root with CAP_SYS_ADMIN)`}`
    ),
  ];
  if (reasons.length === 0) return null;
  if (IN_CI) return null;
  const reason = `${test}: skipped (${reasons.join("; ")})`;
  console.log(reason);
  return reason;
}

const privileges = new Map<Privilege, boolean>();

function hasPrivilege(p: Privilege): boolean {
  if (Deno.uid() !== 0) return false;
  if (p === "root") return true;
  if (!privileges.has(p)) {
    const argv = p === "mount"
      ? [
        "sh",
        "-c",
        'd=$(mktemp -d) && mount -t tmpfs tmpfs "$d" && umount "$d"; rc=$?; rmdir "$d"; exit $rc',
      ]
      : ["unshare", "--mount", "true"];
    try {
      const [program, ...args] = argv as [string, ...string[]];
      privileges.set(
        p,
        new Deno.Command(program, { args, stdout: "null", stderr: "null" }).outputSync().success,
      );
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      privileges.set(p, false);
    }
  }
  return privileges.get(p)!;
}

export interface Udevadm {
  path: string;
  env: Record<string, string>;
}

const UNPACKED_254 = "/opt/stickmode-udev254/root";

/** A udevadm that has `verify` (systemd >= 253): $STICKMODE_UDEVADM_VERIFY, the tree unpacked by
 * the install script, or the system one if it is new enough. */
export function udevadmWithVerify(): Udevadm | null {
  const candidates: Udevadm[] = [];
  const fromEnv = Deno.env.get("STICKMODE_UDEVADM_VERIFY");
  if (fromEnv) candidates.push(withLibs(fromEnv));
  candidates.push(withLibs(`${UNPACKED_254}/bin/udevadm`));
  const system = which("udevadm");
  if (system) candidates.push({ path: system, env: {} });
  for (const c of candidates) if (version(c) >= 253) return c;
  return null;
}

function withLibs(path: string): Udevadm {
  // An unpacked tree needs its own libsystemd-shared: <root>/usr/lib/<triplet>/systemd.
  const root = path.replace(/\/(usr\/)?bin\/udevadm$/, "");
  const libs: string[] = [];
  try {
    for (const entry of Deno.readDirSync(`${root}/usr/lib`)) {
      if (entry.isDirectory && entry.name.endsWith("-linux-gnu")) {
        libs.push(`${root}/usr/lib/${entry.name}/systemd`);
      }
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return { path, env: libs.length ? { LD_LIBRARY_PATH: libs.join(":") } : {} };
}

function version(udevadm: Udevadm): number {
  try {
    const out = new Deno.Command(udevadm.path, {
      args: ["--version"],
      env: udevadm.env,
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return out.success ? parseInt(new TextDecoder().decode(out.stdout), 10) || 0 : 0;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return 0;
    throw e;
  }
}

export function udevadmVerifySkipReason(test: string): string | null {
  if (udevadmWithVerify() !== null || IN_CI) return null;
  const reason = `${test}: skipped (no udevadm >= 253; run .ci/install_system_packages.sh or ` +
    `set STICKMODE_UDEVADM_VERIFY)`;
  console.log(reason);
  return reason;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion within `timeoutMs` (killed after that). */
export async function run(
  argv: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<Run> {
  const [program, ...args] = argv as [string, ...string[]];
  const out = await new Deno.Command(program, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}
