// `stickmode capture` against the simulated fleet (one stick of each kind: HiLink, CD-ROM,
// provisioned modem, 22.x HiLink), as an operator runs it: the file, its mode, its masking, the
// read-only guard seen from the sticks' side, selection, and sticks that fail.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "../assert.ts";
import { CaptureFileSchema } from "../../src/capture/capture_format.ts";
import { luhnValid } from "../../src/at/luhn.ts";
import { MEMORY_PATH, renderStickMemory } from "../../src/reconcile/stick_memory.ts";
import { fleetIdentities, withCaptureFleet } from "./_capture_fleet.ts";
import { runMain } from "../run_cli.ts";
import { fleetFlags } from "../e2e/_fleet.ts";

function readCapture(path: string) {
  const text = Deno.readTextFileSync(path);
  const parsed = CaptureFileSchema.safeParse(JSON.parse(text));
  assert(parsed.success, JSON.stringify(parsed.error?.issues));
  return { text, file: parsed.data };
}

Deno.test("capture records every stick kind of the fleet into one schema-valid 0600 file", async () => {
  await withCaptureFleet(async ({ fleet, capture }) => {
    const out = `${fleet.dir}/out/sticks.json`;
    await Deno.mkdir(`${fleet.dir}/out`);
    const r = await capture(["--output", out, "--note", "E3372 stays a CD-ROM"], true);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(Deno.statSync(out).mode! & 0o777, 0o600);
    assertEquals([...Deno.readDirSync(`${fleet.dir}/out`)].map((e) => e.name), ["sticks.json"]);
    const { file } = readCapture(out);
    assertEquals(file.note, "E3372 stays a CD-ROM");
    const by = Object.fromEntries(file.sticks.map((s) => [s.usb.portPath, s]));
    assertEquals(Object.keys(by), ["1-1", "1-2", "1-3", "1-4"]);
    // HiLink on stick firmware: the web API's device information, nothing on AT.
    assertEquals(by["1-1"]!.personalities[0]!.mode, "hilink");
    assertEquals(by["1-1"]!.at, []);
    assert(by["1-1"]!.hilink.some((e) => e.path === "/api/device/information"));
    assertEquals(by["1-1"]!.hilinkAddress, fleet.stick("1-1").hilink.hostname);
    // The CD-ROM stick: its storage interface only, nothing sent to it.
    assertEquals(by["1-2"]!.usb.pid, "1f01");
    assertEquals(by["1-2"]!.usb.interfaces.map((i) => i.class), ["08"]);
    assertEquals([by["1-2"]!.at.length, by["1-2"]!.hilink.length], [0, 0]);
    // The provisioned modem: the AT reads plan makes, with the raw answers, on its PCUI tty.
    const at = by["1-3"]!.at;
    for (const c of ["ATI", "AT^SETPORT?", "AT^CPIN?", "AT+CGDCONT?"]) {
      assert(at.some((e) => e.command === c), `${c} in ${at.map((e) => e.command)}`);
    }
    const setport = at.find((e) => e.command === "AT^SETPORT?")!;
    assertStringIncludes(setport.response, "^SETPORT:FF;10,12");
    assertEquals(setport.timedOut, false);
    assert(by["1-3"]!.usb.interfaces.some((i) => i.tty === setport.tty));
    // The 22.x HiLink stick: its firmware in the device information.
    const info = by["1-4"]!.hilink.find((e) => e.path === "/api/device/information")!;
    assertMatch(info.body, /<SoftwareVersion>22\./);
    // The descriptor side, as discovery read it, with the raw attributes.
    assertEquals(by["1-3"]!.usb.attributes["idProduct"], by["1-3"]!.usb.pid);
    assert(
      Object.keys(by["1-3"]!.usb.attributes).some((k) => /^1-3:1\.\d+\/bInterfaceClass$/.test(k)),
    );
    const summary = JSON.parse(r.stdout);
    assertEquals(summary.output, out);
    assertEquals(summary.failed, []);
    assertEquals(summary.sticks.map((s: { portPath: string }) => s.portPath), [
      "1-1",
      "1-2",
      "1-3",
      "1-4",
    ]);
  });
});

Deno.test("capture leaves no identity of the simulated sticks in the file, and says what it masked", async () => {
  await withCaptureFleet(async ({ fleet, capture }) => {
    const originals = await fleetIdentities(fleet);
    const out = `${fleet.dir}/sticks.json`;
    const r = await capture(["--output", out]);
    assertEquals(r.code, 0, r.stderr);
    const { text, file } = readCapture(out);
    const lower = text.toLowerCase();
    for (const o of originals) assert(!lower.includes(o.toLowerCase()), `${o} is in the capture`);
    const masked = Object.fromEntries(file.masked.map((m) => [m.kind, m.count]));
    // Three sticks tell their IMEI (the CD-ROM stick says nothing), the HiLink ones their ICCID.
    assertEquals([masked["imei"], masked["iccid"]], [3, 2]);
    assert(masked["serial"]! >= 2 && masked["mac"]! >= 1 && masked["hilink-token"]! >= 1, text);
    // The stand-ins keep their shape: Huawei's TAC and a valid check digit.
    const imeis = [...text.matchAll(/(?<!\d)86678503\d{7}(?!\d)/g)].map((m) => m[0]);
    assert(imeis.length >= 3 && imeis.every(luhnValid), imeis.join(" "));
    assertStringIncludes(r.stdout, "masked: 3 imei, 2 iccid");
  });
});

Deno.test("capture sends no writing command and no POST: the sticks' own logs show reads only", async () => {
  await withCaptureFleet(async ({ fleet, capture }) => {
    const r = await capture(["--output", `${fleet.dir}/c.json`]);
    assertEquals(r.code, 0, r.stderr);
    assert(fleet.commandLog().length >= 4);
    assertEquals(fleet.writes(), []);
    for (const s of fleet.sticks) {
      assertEquals(s.hilink.requests.filter((q) => q.method !== "GET"), [], s.portPath);
    }
  });
});

Deno.test("capture STICK takes sticks by port path or names.json name, and refuses an unknown one", async () => {
  await withCaptureFleet(async ({ fleet, capture }) => {
    await Deno.mkdir(`${fleet.hostRoot}/var/lib/stickmode`, { recursive: true });
    const record = { imei: null, iccid: null, hostFiles: true, altSwitch: null, atInterface: null };
    await Deno.writeTextFile(
      `${fleet.hostRoot}${MEMORY_PATH}`,
      renderStickMemory({ "1-3": { name: "gsm0", uplink: 0, ...record } }),
    );
    const out = `${fleet.dir}/two.json`;
    const r = await capture(["gsm0", "1-1", "--output", out]);
    assertEquals(r.code, 0, r.stderr);
    const { file } = readCapture(out);
    assertEquals(file.sticks.map((s) => [s.usb.portPath, s.name ?? null]), [["1-1", null], [
      "1-3",
      "gsm0",
    ]]);
    assertEquals(fleet.stick("1-4").hilink.requests, []);
    const unknown = await capture(["gsm7", "--output", `${fleet.dir}/none.json`]);
    assertEquals(unknown.code, 1);
    assertStringIncludes(unknown.stderr, 'Cannot capture stick "gsm7": names.json knows no stick');
    assertStringIncludes(unknown.stderr, "known names: gsm0");
    const absent = await capture(["2-9", "--output", `${fleet.dir}/none.json`]);
    assertStringIncludes(absent.stderr, 'Cannot capture stick "2-9": no stick on port "2-9" now');
    assert(!(await exists(`${fleet.dir}/none.json`)));
  });
});

Deno.test("capture of a stick that vanishes or stays silent keeps the others and names its problem", async () => {
  await withCaptureFleet(async ({ fleet, capture }) => {
    fleet.stick("1-3").sim.injectFault("vanish");
    const out = `${fleet.dir}/c.json`;
    const r = await capture(["--output", out, "--at-timeout", "600"], true);
    assertEquals(r.code, 4, r.stderr);
    const { file } = readCapture(out);
    const by = Object.fromEntries(file.sticks.map((s) => [s.usb.portPath, s]));
    assertStringIncludes(by["1-3"]!.problem ?? "", "1-3");
    assertStringIncludes(r.stderr, by["1-3"]!.problem!);
    for (const p of ["1-1", "1-2", "1-4"]) assertEquals(by[p]!.problem, undefined, p);
    assert(by["1-1"]!.hilink.length > 0);
    assertEquals(JSON.parse(r.stdout).failed, ["1-3"]);
  }, [
    { portPath: "1-1", start: "hilink", firmware: "21", hilinkFirmware: false, index: 1 },
    {
      portPath: "1-2",
      start: "storage",
      firmware: "21",
      index: 2,
    },
    { portPath: "1-3", start: "modem", firmware: "21", layout: "FF;10,12", index: 3 },
    {
      portPath: "1-4",
      start: "hilink",
      firmware: "22",
      index: 4,
    },
  ]);
  await withCaptureFleet(async ({ fleet, capture }) => {
    fleet.stick("1-3").sim.injectFault("silence");
    const out = `${fleet.dir}/c.json`;
    const r = await capture(["1-3", "--output", out, "--at-timeout", "600"]);
    assertEquals(r.code, 4, r.stderr);
    const stick = readCapture(out).file.sticks[0]!;
    // The stick and the step, then what happened.
    assertMatch(stick.problem ?? "", /^stick 1-3: observe: Cannot read the answer to "\w+"/);
    assert(stick.at.some((e) => e.timedOut), JSON.stringify(stick.at));
  });
});

Deno.test("capture records a personality change seen during the run, with its interfaces", async () => {
  // The CD-ROM stick switches to a modem once the run talks to the silent modem beside it (its
  // tree was read by then); that silent port keeps the run going until its AT timeout, long
  // past the switch, so the end of the run sees the CD-ROM stick as a modem.
  await withCaptureFleet(async ({ fleet, capture }) => {
    const silent = fleet.stick("1-3").sim;
    silent.injectFault("silence");
    let switched: Promise<void> | null = null;
    silent.addEventListener("command", () => switched ??= fleet.stick("1-2").enter("modem"));
    const out = `${fleet.dir}/c.json`;
    const r = await capture(["--output", out, "--at-timeout", "3000"]);
    assertEquals(r.code, 4, r.stderr);
    assert(switched !== null, "the run sent no command to the silent stick");
    await switched;
    const storage = readCapture(out).file.sticks.find((s) => s.usb.portPath === "1-2")!;
    assertEquals(storage.problem, undefined);
    const [first, second, ...more] = storage.personalities;
    assertEquals([first!.atMs, first!.pid, first!.mode, more], [0, "1f01", "storage", []]);
    assertEquals(second!.mode, "modem");
    assert(second!.atMs >= 1000, `${second!.atMs}`);
    assert((second!.interfaces ?? []).some((i) => i.class === "ff" || i.class === "02"));
  }, [
    { portPath: "1-2", start: "storage", firmware: "21", index: 2 },
    { portPath: "1-3", start: "modem", firmware: "21", layout: "FF;10,12", index: 3 },
  ]);
});

Deno.test("capture replaces an existing file whole, and writes nothing when it cannot", async () => {
  await withCaptureFleet(async ({ fleet, profile, capture }) => {
    const out = `${fleet.dir}/c.json`;
    Deno.writeTextFileSync(out, "old\n", { mode: 0o644 });
    const r = await capture(["1-2", "--output", out]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(Deno.statSync(out).mode! & 0o777, 0o600);
    assertEquals(readCapture(out).file.sticks.length, 1);
    assertEquals([...Deno.readDirSync(fleet.dir)].filter((e) => e.name.includes(".c.json")), []);
    // A name without a directory is in the working directory, its temp file too: on another
    // file system than / (tmpfs), a temp file anywhere else could not be renamed into it.
    const sub = await Deno.makeTempDir({ dir: "/dev/shm", prefix: "stickmode_" });
    try {
      const relative = await runMain(
        [...fleetFlags(fleet, profile), "capture", "1-2", "--output", "rel.json"],
        { cwd: sub },
      );
      assertEquals(relative.code, 0, relative.stderr);
      assertEquals([...Deno.readDirSync(sub)].map((e) => e.name), ["rel.json"]);
      assertEquals(Deno.statSync(`${sub}/rel.json`).mode! & 0o777, 0o600);
    } finally {
      await Deno.remove(sub, { recursive: true });
    }
    const missing = await capture(["1-2", "--output", `${fleet.dir}/no/such/dir/c.json`]);
    assertEquals(missing.code, 1);
    assertMatch(missing.stderr, /Cannot write capture ".*\/no\/such\/dir\/c\.json"/);
    assert(!missing.stderr.includes("    at "), missing.stderr);
    // A tree too large for one attachment: a clear error, the file from before untouched.
    const before = Deno.readTextFileSync(out);
    const device = Deno.realPathSync(`${fleet.sysfsRoot}/bus/usb/devices/1-2`);
    for (let i = 0; i < 1100; i++) Deno.writeTextFileSync(`${device}/big${i}`, "x".repeat(4000));
    const big = await capture(["1-2", "--output", out]);
    assertEquals(big.code, 1, big.stderr);
    assertMatch(
      big.stderr,
      /Cannot write capture ".*c\.json": \d+ bytes is over the 4194304-byte limit/,
    );
    assertEquals(Deno.readTextFileSync(out), before);
  });
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
