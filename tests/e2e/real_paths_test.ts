// The shipped command line (deno.json's `start` task, read from the file) at the REAL paths: the
// real /sys, /dev/ttyUSBn and /dev/pts/N, never a --sysfs-root or a symlink under a temp dir.
// Deno 2.9 refuses any touch of the real /sys or /dev unless run with --allow-all
// (`NotCapable: Requires all access to "/sys"`, denoland/deno#27564) while paths under a temp root
// pass with single permission flags, so only tests like these catch a task that lost -A.
//
// umockdev-run emulates /sys for the wrapped process, but its tty nodes cannot stand in for a
// stick's AT port: it makes /dev/ttyUSBn a symlink to a pty whose other end nobody answers, the
// FFI `open` (dlsym on libc.so.6) bypasses its LD_PRELOAD redirection, and its realpath() wrapper
// corrupts the caller's heap when the link leaves the testbed (umockdev 0.17.16: `memmove` by
// the testbed prefix length on a result that does not start with it). So the descriptions are
// loaded without their tty `N:` lines, and the AT ports are either absent from the real /dev (a
// stick must be reported, not crash anything) or, in a private mount namespace, a simulated
// stick's ptys bind-mounted at /dev/ttyUSB0 and /dev/ttyUSB1.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { REPO_ROOT } from "../deno_task.ts";
import { runArgv, shippedArgv, shippedCli, spawnShippedCli } from "../run_cli.ts";
import { skipReason } from "../host/tools.ts";
import { demoProfileText } from "../../src/sim/demo_fleet.ts";

const UMOCKDEV_FIXTURES = new URL("../fixtures/umockdev/", import.meta.url).pathname;
const UDEV_FIXTURES = new URL("../fixtures/udev/", import.meta.url).pathname;
const NO_UMOCKDEV = skipReason("real_paths_test (umockdev)", ["umockdev-run"]);
const NO_NAMESPACE = skipReason(
  "real_paths_test (umockdev + mount namespace)",
  ["umockdev-run", "unshare", "mount"],
  ["unshare", "mount"],
);
/** The permissions the tasks shipped before --allow-all: every one of them, one by one. */
const OLD_FLAGS = [
  "--allow-read",
  "--allow-write",
  "--allow-ffi",
  "--allow-env",
  "--allow-net",
  "--allow-run",
  "--allow-sys",
];

/** The shipped argv with --allow-all swapped for the old single flags. */
function oldFlagsArgv(args: string[]): string[] {
  const argv = shippedArgv(args);
  const at = argv.indexOf("--allow-all");
  assert(at > 0, `the start task has no --allow-all: ${argv.join(" ")}`);
  return [...argv.slice(0, at), ...OLD_FLAGS, ...argv.slice(at + 1)];
}

/** Huawei USB devices on this machine's real /sys, read here without stickmode. */
function realHuaweiDevices(): number {
  let n = 0;
  try {
    for (const e of Deno.readDirSync("/sys/bus/usb/devices")) {
      try {
        if (Deno.readTextFileSync(`/sys/bus/usb/devices/${e.name}/idVendor`).trim() === "12d1") n++;
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
    }
  } catch (err) {
    // A container without USB has no /sys/bus/usb at all.
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return n;
}

/** A umockdev description without its tty device nodes (see the header). */
async function withoutTtyNodes(fixture: string, dir: string): Promise<string> {
  const text = await Deno.readTextFile(fixture);
  const out = `${dir}/${fixture.slice(fixture.lastIndexOf("/") + 1)}`;
  await Deno.writeTextFile(out, text.replace(/^N: ttyUSB\d+\n/gm, ""));
  return out;
}

function umockdev(description: string, args: string[]): string[] {
  return ["umockdev-run", "-d", description, "--", ...shippedArgv(args)];
}

/** A private mount namespace whose /dev is a fresh tmpfs holding the usual nodes (bound from the
 * real /dev) and $1, $2 bound at /dev/ttyUSB0 and /dev/ttyUSB1; then runs the rest of argv. */
const PRIVATE_DEV = `set -e
old=$(mktemp -d)
mount --rbind /dev "$old"
mount -t tmpfs -o mode=0755 stickmode-dev /dev
for n in null zero full random urandom tty ptmx; do touch "/dev/$n"; mount --bind "$old/$n" "/dev/$n"; done
mkdir /dev/pts /dev/shm
mount --rbind "$old/pts" /dev/pts
mount --rbind "$old/shm" /dev/shm
ln -s /proc/self/fd /dev/fd
touch /dev/ttyUSB0 /dev/ttyUSB1
mount --bind "$1" /dev/ttyUSB0
mount --bind "$2" /dev/ttyUSB1
shift 2
exec "$@"`;

function inPrivateDev(ttys: [string, string], argv: string[]): string[] {
  return [
    "unshare",
    "--mount",
    "--propagation",
    "private",
    "sh",
    "-c",
    PRIVATE_DEV,
    "sh",
    ...ttys,
    ...argv,
  ];
}

interface Sim {
  child: Deno.ChildProcess;
  /** role -> /dev/pts/N */
  ports: Map<string, string>;
}

/** `sim --sticks 1 ...` through the shipped command line; resolves once its ptys are printed. */
async function startSim(extra: string[] = []): Promise<Sim> {
  const child = spawnShippedCli(["sim", "--sticks", "1", ...extra], { stderr: "null" });
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => child.kill("SIGTERM"), 30_000);
  let text = "";
  try {
    while (!text.includes("simulated stick running")) {
      const { value, done } = await reader.read();
      if (done) {
        throw new Error(`Cannot start the simulator: it exited after ${JSON.stringify(text)}`);
      }
      text += value;
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  const ports = new Map<string, string>();
  for (const m of text.matchAll(/^stick0\s+(\S+)\s+(\/dev\/pts\/\d+)$/gm)) ports.set(m[1]!, m[2]!);
  return { child, ports };
}

async function stopSim(sim: Sim): Promise<void> {
  sim.child.kill("SIGTERM");
  await sim.child.stdout.cancel().catch(() => {});
  assertEquals((await sim.child.status).code, 0);
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_real_paths_" });
  // An empty host root: it must exist (a mistyped --root is refused, never created).
  await Deno.mkdir(`${dir}/root`);
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the shipped start task runs status --json on the real /sys: exit 0, this machine's sticks", async () => {
  const r = await shippedCli(["status", "--json"]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout).sticks.length, realHuaweiDevices(), r.stdout);
});

Deno.test("the old single permission flags crash status on the real /sys with NotCapable (why -A ships)", async () => {
  const r = await runArgv(oldFlagsArgv(["status", "--json"]), { cwd: REPO_ROOT });
  assert(r.code !== 0, `expected a failure, got exit 0: ${r.stdout}`);
  assertStringIncludes(r.stderr, 'NotCapable: Requires all access to "/sys"');
});

Deno.test({
  name: "status on the real /sys under umockdev-run lists the emulated sticks with their /dev ttys",
  ignore: NO_UMOCKDEV !== null,
  async fn() {
    const r = await runArgv(
      // No PCUI reads: umockdev's emulated ttys crash its preload (realloc) when opened.
      umockdev(`${UDEV_FIXTURES}two-identical.umockdev`, ["status", "--json", "--no-telemetry"]),
      {
        cwd: REPO_ROOT,
      },
    );
    assertEquals(r.code, 0, r.stderr);
    const sticks = JSON.parse(r.stdout).sticks as Array<
      { portPath: string; mode: string; ttys: Array<{ devPath: string; role: string }> }
    >;
    assertEquals(
      sticks.map((s) => [s.portPath, s.mode, s.ttys.map((t) => `${t.devPath} ${t.role}`)]),
      [
        ["1-3", "modem", ["/dev/ttyUSB0 modem", "/dev/ttyUSB1 pcui"]],
        ["1-4", "modem", ["/dev/ttyUSB2 modem", "/dev/ttyUSB3 pcui"]],
      ],
    );
  },
});

Deno.test({
  name:
    "plan and apply on the real /sys under umockdev-run report a stick whose tty is not in /dev",
  ignore: NO_UMOCKDEV !== null,
  fn: () =>
    withTempDir(async (dir) => {
      const description = await withoutTtyNodes(`${UMOCKDEV_FIXTURES}modem.umockdev`, dir);
      await Deno.writeTextFile(`${dir}/profile.yaml`, demoProfileText([]), { mode: 0o600 });
      const g = ["--profile", `${dir}/profile.yaml`, "--root", `${dir}/root`, "--json"];
      const plan = await runArgv(umockdev(description, [...g, "plan"]), { cwd: REPO_ROOT });
      assertEquals(plan.code, 0, plan.stderr);
      const planned = JSON.parse(plan.stdout).sticks;
      assertEquals(planned.map((s: { portPath: string }) => s.portPath), ["1-3"]);
      assertStringIncludes(JSON.stringify(planned), 'Cannot open \\"/dev/ttyUSB1\\": ENOENT');

      const apply = await runArgv(umockdev(description, [...g, "apply", "--detailed-exitcode"]), {
        cwd: REPO_ROOT,
      });
      // 4 for the failed stick, 2 for the host files written all the same.
      assertEquals(apply.code, 6, apply.stdout + apply.stderr);
      const [stick] = JSON.parse(apply.stdout).sticks;
      assertEquals([stick.portPath, stick.outcome], ["1-3", "failed"]);
      assertStringIncludes(JSON.stringify(stick), 'Cannot open \\"/dev/ttyUSB1\\": ENOENT');
    }),
});

Deno.test({
  name:
    "plan, apply, plan on the real /sys and /dev converge an emulated stick answering as the sim",
  ignore: NO_NAMESPACE !== null,
  fn: () =>
    withTempDir(async (dir) => {
      const sim = await startSim(["--layout", "FF;10,12"]);
      try {
        const ttys: [string, string] = [sim.ports.get("modem") ?? "", sim.ports.get("pcui") ?? ""];
        assert(ttys.every((t) => t.startsWith("/dev/pts/")), JSON.stringify([...sim.ports]));
        const description = await withoutTtyNodes(`${UMOCKDEV_FIXTURES}modem.umockdev`, dir);
        await Deno.writeTextFile(`${dir}/profile.yaml`, demoProfileText([]), { mode: 0o600 });
        const g = ["--profile", `${dir}/profile.yaml`, "--root", `${dir}/root`, "--json"];
        const run = (args: string[]) =>
          runArgv(inPrivateDev(ttys, umockdev(description, [...g, ...args])), { cwd: REPO_ROOT });

        const plan = await run(["plan", "--detailed-exitcode"]);
        assertEquals(plan.code, 2, plan.stdout + plan.stderr);
        assertStringIncludes(plan.stdout, "set APN of context 1");

        const apply = await run(["apply", "--detailed-exitcode"]);
        assertEquals(apply.code, 2, apply.stdout + apply.stderr);
        const [stick] = JSON.parse(apply.stdout).sticks;
        assertEquals([stick.portPath, stick.outcome], ["1-3", "changed"]);
        const rules = await Deno.readTextFile(`${dir}/root/etc/udev/rules.d/70-stickmode.rules`);
        assertStringIncludes(
          rules,
          'ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.1", SYMLINK+="gsm0-at"',
        );

        const again = await run(["plan", "--detailed-exitcode"]);
        assertEquals(again.code, 0, again.stdout + again.stderr);
      } finally {
        await stopSim(sim);
      }
    }),
});

Deno.test("probe --json and at ATI reach a simulated stick by its real /dev/pts/N path", () =>
  withTempDir(async (lockDir) => {
    const sim = await startSim();
    try {
      const pcui = sim.ports.get("pcui") ?? "";
      assert(pcui.startsWith("/dev/pts/"), JSON.stringify([...sim.ports]));
      const probe = await shippedCli(["probe", "--tty", pcui, "--lock-dir", lockDir, "--json"]);
      assertEquals(probe.code, 0, probe.stderr);
      const state = JSON.parse(probe.stdout);
      assertEquals([state.manufacturer, state.model], ["huawei", "E3372"]);

      const at = await shippedCli(["at", "--tty", pcui, "--lock-dir", lockDir, "ATI"]);
      assertEquals(at.code, 0, at.stderr);
      assertStringIncludes(at.stdout, "Model: E3372");

      const old = await runArgv(oldFlagsArgv(["probe", "--tty", pcui, "--lock-dir", lockDir]), {
        cwd: REPO_ROOT,
      });
      assert(old.code !== 0, `expected a failure, got exit 0: ${old.stdout}`);
      assertStringIncludes(old.stderr, "NotCapable");
    } finally {
      await stopSim(sim);
    }
  }));
