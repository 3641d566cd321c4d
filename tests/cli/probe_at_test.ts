// `stickmode probe` and `stickmode at` through the command tree (in this process; from a pipe, in a
// child process) against a simulated stick on a real pty; UUCP locks in a temp dir via
// STICKMODE_LOCK_DIR.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runCli, runMain } from "../run_cli.ts";
import { withStick } from "../at/stick_fixture.ts";
import type { ProbeResult } from "../../src/at/probe.ts";
import { PROBE_FORMAT_VERSION } from "../../src/cli/probe.ts";
import { spawnSleep } from "../spawn_running.ts";

Deno.test("stickmode probe --json reads a 21.x stick with URC noise on, writing nothing", async () => {
  await withStick(
    { firmware: "21", pin: "2468", urcNoise: 5, latencyMs: 5 },
    async ({ stick, lockDir }) => {
      const tty = stick.portPath("pcui");
      const r = await runMain(["probe", "--tty", tty, "--json"], {
        env: { STICKMODE_LOCK_DIR: lockDir },
      });
      assertEquals(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout) as ProbeResult & { formatVersion: string };
      assertEquals(result, {
        formatVersion: PROBE_FORMAT_VERSION,
        tty,
        manufacturer: "huawei",
        model: "E3372",
        firmware: "21.180.01.00.00",
        imei: "866785030000003",
        iccid: "8935201000000000006",
        portLayout: {
          current: "A1,A2;12,10,16,A1,A2",
          available: [
            { code: "3", name: "3G DIAG" },
            { code: "10", name: "4G MODEM" },
            { code: "1", name: "3G MODEM" },
            { code: "12", name: "4G PCUI" },
            { code: "13", name: "4G DIAG" },
            { code: "5", name: "3G GPS" },
            { code: "14", name: "4G GPS" },
            { code: "A", name: "BLUE TOOTH" },
            { code: "16", name: "NCM" },
            { code: "A1", name: "CDROM" },
            { code: "A2", name: "SD" },
          ],
        },
        pin: { state: "SIM PIN", attemptsLeft: { pin: 3, puk: 10 } },
        apn: [{ cid: 1, type: "IP", apn: "" }],
        firmwareFamily: "stick",
        radio: {
          command: "syscfgex",
          modeCode: "00",
          mode: "auto",
          lteBands: "all",
          roaming: "allow",
          offer: {
            modeCodes: ["00", "03", "02", "01"],
            modes: ["auto", "lte-only", "3g-only", "2g-only"],
            lteBands: [1, 3, 7, 8, 20],
          },
        },
      });
      assertEquals(stick.writes(), []);
      assertEquals([...Deno.readDirSync(lockDir)].length, 0); // locks released at exit
    },
  );
});

Deno.test("stickmode probe --json still prints a 22.x stick that refuses AT^SETPORT=?", async () => {
  await withStick({ firmware: "22", urcNoise: 5, latencyMs: 5 }, async ({ stick, lockDir }) => {
    const tty = stick.portPath("pcui");
    const r = await runMain(["probe", "--tty", tty, "--json"], {
      env: { STICKMODE_LOCK_DIR: lockDir },
    });
    assertEquals(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as ProbeResult;
    assertEquals(result.portLayout, { current: null, available: [] });
    assertEquals([result.firmware, result.firmwareFamily, result.pin.state], [
      "22.329.63.00.74",
      "hilink",
      "READY",
    ]);
    assertEquals(stick.writes(), []);
  });
});

Deno.test("stickmode probe prints a readable summary", async () => {
  await withStick({}, async ({ stick, lockDir }) => {
    const r = await runMain(["probe", "--tty", stick.portPath("pcui")], {
      env: { STICKMODE_LOCK_DIR: lockDir },
    });
    assertEquals(r.code, 0, r.stderr);
    assertStringIncludes(r.stdout, `Stick on "${stick.portPath("pcui")}"`);
    assertStringIncludes(r.stdout, "firmware        21.180.01.00.00 (stick)");
    assertStringIncludes(r.stdout, "port layout     A1,A2;12,10,16,A1,A2");
  });
});

Deno.test("stickmode probe on a silent stick fails with the tty, command and bound, exit 1", async () => {
  await withStick({}, async ({ stick, lockDir }) => {
    stick.injectFault("silence");
    const tty = stick.portPath("pcui");
    const t0 = performance.now();
    const r = await runMain(["probe", "--tty", tty, "--timeout", "300"], {
      env: { STICKMODE_LOCK_DIR: lockDir },
    });
    assertEquals(r.code, 1);
    assertEquals(
      r.stderr.trim(),
      `stickmode: Cannot read the answer to "ATI" on "${tty}": no final result within 300 ms (no clean OK to AT before it)`,
    );
    assert(performance.now() - t0 < 10_000);
  });
});

Deno.test("stickmode probe refuses a tty locked by a live process, naming pid and lock file", async () => {
  await withStick({}, async ({ stick, lockDir }) => {
    const tty = stick.portPath("pcui");
    const name = `pts_${tty.slice("/dev/pts/".length)}`;
    const sleeper = await spawnSleep();
    try {
      await Deno.writeTextFile(`${lockDir}/LCK..${name}`, `${String(sleeper.pid).padStart(10)}\n`);
      const r = await runMain(["probe", "--tty", tty], { env: { STICKMODE_LOCK_DIR: lockDir } });
      assertEquals(r.code, 1);
      assertEquals(
        r.stderr.trim(),
        `stickmode: Cannot open "${tty}": locked by pid ${sleeper.pid} (sleep) in "${lockDir}/LCK..${name}"`,
      );
      assertEquals(stick.commandLog, []);
    } finally {
      sleeper.kill();
      await sleeper.status;
    }
  });
});

Deno.test("stickmode probe rejects a bad --timeout and a missing tty with exit 1", async () => {
  const bad = await runMain(["probe", "--tty", "/dev/null", "--timeout", "soon"]);
  assertEquals([bad.code, bad.stderr.trim()], [
    1,
    'stickmode: Cannot use --timeout "soon": expected milliseconds, 1 to 600000',
  ]);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    const missing = await runMain(["probe", "--tty", `${dir}/ttyUSB9`], {
      env: { STICKMODE_LOCK_DIR: dir },
    });
    assertEquals([missing.code, missing.stderr.trim()], [
      1,
      `stickmode: Cannot open "${dir}/ttyUSB9": ENOENT`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stickmode at prints each answer and exits 1 when one ended in an error", async () => {
  await withStick({ urcNoise: 5 }, async ({ stick, lockDir }) => {
    const tty = stick.portPath("pcui");
    const ok = await runMain(["at", "--tty", tty, "AT^SETPORT?", "AT+CGSN"], {
      env: { STICKMODE_LOCK_DIR: lockDir },
    });
    assertEquals(ok.code, 0, ok.stderr);
    const lines = ok.stdout.split("\n").filter((l) => l && !l.startsWith("~ "));
    assertEquals(lines, ["^SETPORT:A1,A2;12,10,16,A1,A2", "OK", "866785030000003", "OK"]);
    const bad = await runMain(["at", "--tty", tty, "--json", "AT^FOO", "ATI"], {
      env: { STICKMODE_LOCK_DIR: lockDir },
    });
    assertEquals(bad.code, 1);
    const [foo, ati] = bad.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assertEquals(foo, {
      command: "AT^FOO",
      lines: [],
      final: "COMMAND NOT SUPPORT",
      ok: false,
      meaning: "command not supported by this firmware",
    });
    assertEquals([ati.ok, ati.lines[0]], [true, "Manufacturer: huawei"]);
  });
});

Deno.test("stickmode at reads commands from a pipe, one per line, and writes when asked", async () => {
  await withStick({}, async ({ stick, lockDir }) => {
    const r = await runCli(["at", "--tty", stick.portPath("pcui")], {
      env: { STICKMODE_LOCK_DIR: lockDir },
      stdin: '# set the APN\nAT+CGDCONT=1,"IP","web.pt.lu"\n\nAT+CGDCONT?\n',
    });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout, 'OK\n+CGDCONT: 1,"IP","web.pt.lu","0.0.0.0",0,0\nOK\n');
    assertEquals(stick.writes().map((w) => w.command), ['AT+CGDCONT=1,"IP","web.pt.lu"']);
  });
});

Deno.test("stickmode probe on a port streaming bytes without line ends ends within its deadline", async () => {
  await withStick({}, async ({ stick, lockDir }) => {
    stick.injectFault("stream");
    const stop = setTimeout(() => stick.clearFaults(), 15_000); // the old reader: bounded fail
    try {
      const tty = stick.portPath("pcui");
      const r = await runCli(["probe", "--tty", tty, "--timeout", "1500"], {
        env: { STICKMODE_LOCK_DIR: lockDir },
      });
      const exited = Date.now();
      // From the stick reading the first AT (the first command's resync) to the process's exit.
      const firstRead = stick.commandLog[0]?.at ?? exited;
      const ms = exited - firstRead;
      assert(ms < 1500 + 100, `probe took ${ms} ms after its first command`);
      assertEquals(r.code, 1);
      assertStringIncludes(
        r.stderr,
        `stickmode: Cannot read the answer to "ATI" on "${tty}": no final result within 1500 ms (`,
      );
      assertStringIncludes(r.stderr, "bytes without a line end dropped");
      assertEquals([...Deno.readDirSync(lockDir)].length, 0); // the host lock is released
    } finally {
      clearTimeout(stop);
    }
  });
});

Deno.test("stickmode at after a command timed out on a slow stick prints the next command's answer", async () => {
  await withStick({ slowAnswerMs: 3000 }, async ({ stick, lockDir }) => {
    const tty = stick.portPath("pcui");
    const env = { STICKMODE_LOCK_DIR: lockDir };
    stick.injectFault("slow");
    const ati = await runCli(["at", "--tty", tty, "--timeout", "1000", "ATI"], { env });
    assertEquals(ati.code, 1);
    assertStringIncludes(
      ati.stderr,
      `Cannot read the answer to "ATI" on "${tty}": no final result within 1000 ms`,
    );
    stick.clearFaults(); // ATI's answer is still on its way: it comes 3 s after ATI was read
    const atiRead = stick.commandLog.find((c) => c.command === "ATI")!.at;
    assert(Date.now() < atiRead + 2500, "the second run starts while ATI's answer is on its way");
    const csq = await runCli(["at", "--tty", tty, "--timeout", "5000", "AT+CSQ"], { env });
    assertEquals([csq.code, csq.stdout], [0, "+CSQ: 20,99\nOK\n"], csq.stderr);
  });
});
