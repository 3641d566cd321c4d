import { assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { addStick, withTreeRoot } from "../device/_stick_tree.ts";
import type { TreeRoot } from "../../src/sim/sysfs_tree.ts";
import { STATUS_FORMAT_VERSION } from "../../src/cli/status.ts";

interface StatusJson {
  portPath: string;
  vid: string;
  pid: string;
  mode: string;
  ttys: Array<{ name: string; role: string }>;
  netInterface: string | null;
  verdict: string;
}

async function statusJson(root: TreeRoot): Promise<StatusJson[]> {
  const r = await runMain([
    "--sysfs-root",
    root.sysfsRoot,
    "--dev-root",
    root.devRoot,
    "status",
    "--json",
  ]);
  assertEquals(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assertEquals(doc.formatVersion, STATUS_FORMAT_VERSION);
  return doc.sticks;
}

const brief = (s: StatusJson) => ({
  portPath: s.portPath,
  vid: s.vid,
  pid: s.pid,
  mode: s.mode,
  ttys: s.ttys.map((t) => `${t.name}=${t.role}`),
  netInterface: s.netInterface,
  verdict: s.verdict,
});

Deno.test("stickmode status --json reports one stick per mode with tty roles and verdicts", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-1", "storage");
    await addStick(root, "1-2", "hilink", { netInterface: "eth1" });
    await addStick(root, "1-3", "debug", { netInterface: "eth2" });
    await addStick(root, "1-4", "modem", { layout: "FF;10,12" });
    assertEquals((await statusJson(root)).map(brief), [
      {
        portPath: "1-1",
        vid: "12d1",
        pid: "1f01",
        mode: "storage",
        ttys: [],
        netInterface: null,
        verdict: "storage mode: will send the Huawei mode-switch message",
      },
      {
        portPath: "1-2",
        vid: "12d1",
        pid: "14dc",
        mode: "hilink",
        ttys: [],
        netInterface: "eth1",
        verdict: "HiLink: will switch to debug mode via the web API",
      },
      {
        portPath: "1-3",
        vid: "12d1",
        pid: "1441",
        mode: "debug",
        ttys: ["ttyUSB0=unknown", "ttyUSB1=unknown", "ttyUSB2=unknown"],
        netInterface: "eth2",
        verdict: "debug mode: will find the AT port by probing, then set the port layout",
      },
      {
        portPath: "1-4",
        vid: "12d1",
        pid: "1506",
        mode: "modem",
        ttys: ["ttyUSB3=modem", "ttyUSB4=pcui"],
        netInterface: null,
        verdict: "modem: will check layout, PIN, APN",
      },
    ]);
  });
});

Deno.test("stickmode status prints an aligned table with the verdict last", async () => {
  await withTreeRoot(async (root) => {
    await addStick(root, "1-4", "modem", { layout: "FF;12,10" });
    await addStick(root, "1-10", "storage");
    const r = await runMain(["--sysfs-root", root.sysfsRoot, "--dev-root", root.devRoot, "status"]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout.trimEnd().split("\n"), [
      "NAME  PORT  MODEL          IMEI  VID:PID    MODE     STATE    TTYS                        REG  SIGNAL  LINK  VERDICT",
      "-     1-4   HUAWEI_MOBILE  -     12d1:1506  modem    unread   ttyUSB0=pcui,ttyUSB1=modem  -    -       -     modem: will check layout, PIN, APN",
      "-     1-10  HUAWEI_MOBILE  -     12d1:1f01  storage  storage  -                           -    -       -     storage mode: will send the Huawei mode-switch message",
    ]);
  });
});

Deno.test("stickmode status says so when there are no sticks, and exits 0", async () => {
  await withTreeRoot(async (root) => {
    await Deno.mkdir(root.sysfsRoot, { recursive: true });
    const r = await runMain(["--sysfs-root", root.sysfsRoot, "status"]);
    assertEquals(r.code, 0);
    assertEquals(r.stdout.trim(), `No Huawei sticks found under "${root.sysfsRoot}"`);
    const j = await runMain(["--sysfs-root", root.sysfsRoot, "status", "--json"]);
    assertEquals([j.code, JSON.parse(j.stdout)], [0, {
      formatVersion: STATUS_FORMAT_VERSION,
      sticks: [],
    }]);
  });
});

Deno.test("stickmode status rejects a sysfs root that does not exist, exit 1", async () => {
  const r = await runMain(["--sysfs-root", "/nonexistent/stickmode_sys", "status"]);
  assertEquals(r.code, 1);
  assertStringIncludes(
    r.stderr,
    `Cannot list sticks: sysfs root "/nonexistent/stickmode_sys" does not exist`,
  );
});

Deno.test("stickmode status says converged (volatile) for a port names.json knows takes AltMode", async () => {
  await withTreeRoot(async (root, dir) => {
    await addStick(root, "1-4", "modem", { layout: "FF;12,10" });
    await addStick(root, "1-5", "storage");
    await addStick(root, "1-6", "storage");
    const host = `${dir}/host`;
    await Deno.mkdir(`${host}/var/lib/stickmode`, { recursive: true });
    const record = (name: string, uplink: number, altSwitch: unknown) => ({
      name,
      imei: null,
      iccid: null,
      hostFiles: true,
      uplink,
      altSwitch,
    });
    const alt = { vendor: "12d1", product: "1f01" };
    await Deno.writeTextFile(
      `${host}/var/lib/stickmode/names.json`,
      JSON.stringify({
        version: 2,
        ports: {
          "1-4": record("gsm0", 0, alt),
          "1-5": record("gsm1", 1, alt),
          "1-6": record("gsm2", 2, null),
        },
      }),
      { mode: 0o600 },
    );
    const r = await runMain([
      "--sysfs-root",
      root.sysfsRoot,
      "--dev-root",
      root.devRoot,
      "--root",
      host,
      "--json",
      "status",
    ]);
    assertEquals(r.code, 0, r.stderr);
    const sticks: (StatusJson & { altSwitch: unknown })[] = JSON.parse(r.stdout).sticks;
    assertEquals(sticks.map((s) => s.altSwitch), [alt, alt, null]);
    assertStringIncludes(sticks[0]!.verdict, "converged (volatile)");
    assertStringIncludes(sticks[0]!.verdict, "the host re-sends the AltMode switch at every plug");
    assertStringIncludes(sticks[1]!.verdict, "volatile port");
    assertEquals(sticks[2]!.verdict, "storage mode: will send the Huawei mode-switch message");
  });
});
