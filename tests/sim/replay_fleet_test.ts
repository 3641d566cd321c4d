// ReplayFleet: a capture's stick in the fake tree, its ttys on real ptys answering the captured
// exchanges in order, its HiLink answers on loopback, "not in the capture" for the rest.

import { assert, assertEquals } from "../assert.ts";
import { AtSession } from "../../src/at/session.ts";
import { discoverSticks } from "../../src/device/sysfs.ts";
import type { CaptureFile } from "../../src/capture/capture_format.ts";
import { ReplayFleet } from "../../src/sim/replay_fleet.ts";
import { withTempDir } from "../temp_dir.ts";
import { validCapture } from "../capture/_capture.ts";

function capture(): CaptureFile {
  const c = validCapture();
  const stick = c.sticks[0]!;
  stick.usb.attributes = { bcdDevice: "0102", "1-3:1.1/bInterfaceProtocol": "12" };
  stick.at = [
    {
      tty: "ttyUSB1",
      atMs: 0,
      command: "AT",
      response: "AT\r\r\nOK\r\n",
      elapsedMs: 4,
      timedOut: false,
    },
    {
      tty: "ttyUSB1",
      atMs: 10,
      command: "ATE0",
      response: "ATE0\r\r\nOK\r\n",
      elapsedMs: 4,
      timedOut: false,
    },
    {
      tty: "ttyUSB1",
      atMs: 20,
      command: "AT^SETPORT?",
      response: "\r\n^SETPORT:A1,A2;12,10,16,A1,A2\r\n\r\nOK\r\n",
      elapsedMs: 300,
      timedOut: false,
    },
    {
      tty: "ttyUSB1",
      atMs: 400,
      command: "AT^SETPORT?",
      response: "\r\n^SETPORT:FF;10,12\r\n\r\nOK\r\n",
      elapsedMs: 300,
      timedOut: false,
    },
    {
      tty: "ttyUSB1",
      atMs: 800,
      command: "AT+CSQ",
      response: "\r\n+CS",
      elapsedMs: 200,
      timedOut: true,
    },
  ];
  stick.hilinkAddress = "192.168.8.1";
  stick.hilink = [{
    atMs: 1000,
    method: "GET",
    path: "/api/monitoring/status",
    status: 200,
    contentType: "text/html",
    body: "<response><ConnectionStatus>902</ConnectionStatus></response>",
    elapsedMs: 100,
  }];
  return c;
}

Deno.test("ReplayFleet shows the captured stick in the tree with its ttys on ptys", async () => {
  const fleet = await ReplayFleet.start({ capture: capture(), file: "c.json", latencyScale: 0 });
  try {
    const [stick, ...others] = await discoverSticks(fleet);
    assertEquals(others, []);
    assertEquals([stick!.portPath, stick!.vid, stick!.pid], ["1-3", "12d1", "1506"]);
    assertEquals(stick!.ttys.map((t) => [t.name, t.role]), [["ttyUSB0", "modem"], [
      "ttyUSB1",
      "pcui",
    ]]);
    const dir = `${fleet.sysfsRoot}/bus/usb/devices/1-3`;
    assertEquals(await Deno.readTextFile(`${dir}/bcdDevice`), "0102\n");
    assertEquals(
      await Deno.readLink(`${fleet.devRoot}/ttyUSB1`),
      fleet.stick("1-3").ttyPaths.get("ttyUSB1"),
    );
  } finally {
    await fleet.stop();
  }
});

Deno.test("ReplayFleet answers each command with its captured answers in order, then the last again", async () => {
  await withTempDir(async (lockDir) => {
    const fleet = await ReplayFleet.start({
      capture: capture(),
      file: "c.json",
      latencyScale: 0.1,
    });
    try {
      const session = await AtSession.open(`${fleet.devRoot}/ttyUSB1`, {
        lockDir,
        defaultTimeoutMs: 1000,
      });
      try {
        await session.command("ATE0", { allowWrite: true });
        const t0 = performance.now();
        const first = await session.command("AT^SETPORT?");
        const took = performance.now() - t0;
        assertEquals(first.lines, ["^SETPORT:A1,A2;12,10,16,A1,A2"]);
        // 300 ms captured x 0.1.
        assert(took >= 25 && took < 600, `${took} ms`);
        assertEquals((await session.command("AT^SETPORT?")).lines, ["^SETPORT:FF;10,12"]);
        assertEquals((await session.command("AT^SETPORT?")).lines, ["^SETPORT:FF;10,12"]);
      } finally {
        await session.close();
      }
      assertEquals(fleet.unanswered, []);
    } finally {
      await fleet.stop();
    }
  });
});

Deno.test("ReplayFleet answers a command the capture never saw ERROR and reports it", async () => {
  await withTempDir(async (lockDir) => {
    const seen: string[] = [];
    const fleet = await ReplayFleet.start({
      capture: capture(),
      file: "c.json",
      latencyScale: 0,
      onUnanswered: (u) => seen.push(u.message),
    });
    try {
      const session = await AtSession.open(`${fleet.devRoot}/ttyUSB1`, {
        lockDir,
        defaultTimeoutMs: 1000,
      });
      try {
        const r = await session.command('AT+CPIN="1234"', { allowWrite: true }).catch((e) => e);
        assert(r instanceof Error && /ERROR/.test(r.message), String(r));
      } finally {
        await session.close();
      }
      const message =
        'Cannot answer "AT+CPIN="****"" on ttyUSB1 (stick 1-3): not in the capture "c.json"';
      assertEquals(seen, [message]);
      assertEquals(fleet.unanswered.map((u) => [u.stick, u.on, u.request]), [[
        "1-3",
        "ttyUSB1",
        'AT+CPIN="****"',
      ]]);
    } finally {
      await fleet.stop();
    }
  });
});

Deno.test("ReplayFleet answers HiLink requests from the capture and 404 for the rest", async () => {
  const fleet = await ReplayFleet.start({ capture: capture(), file: "c.json", latencyScale: 0 });
  try {
    const url = fleet.stick("1-3").hilinkUrl!;
    const ok = await fetch(`${url}api/monitoring/status`);
    assertEquals([ok.status, ok.headers.get("content-type")], [200, "text/html"]);
    assertEquals(await ok.text(), "<response><ConnectionStatus>902</ConnectionStatus></response>");
    const missing = await fetch(`${url}api/device/mode`, { method: "POST", body: "<request/>" });
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
    assertEquals(fleet.unanswered.map((u) => u.message), [
      'Cannot answer "POST /api/device/mode" on the HiLink web API (stick 1-3): not in the capture "c.json"',
    ]);
  } finally {
    await fleet.stop();
  }
});

Deno.test("ReplayFleet answers a captured timeout with its partial bytes only", async () => {
  await withTempDir(async (lockDir) => {
    const fleet = await ReplayFleet.start({ capture: capture(), file: "c.json", latencyScale: 0 });
    try {
      const session = await AtSession.open(`${fleet.devRoot}/ttyUSB1`, { lockDir });
      try {
        const r = await session.command("AT+CSQ", { timeoutMs: 300 }).catch((e) => e);
        assert(r instanceof Error && /timed out|No answer|within/i.test(r.message), String(r));
      } finally {
        await session.close();
      }
      assertEquals(fleet.unanswered, []);
    } finally {
      await fleet.stop();
    }
  });
});

Deno.test("ReplayFleet re-enumerates where the capture saw a personality change", async () => {
  const c = capture();
  const stick = c.sticks[0]!;
  stick.at.push({
    tty: "ttyUSB1",
    atMs: 2000,
    command: "AT^RESET",
    response: "\r\nOK\r\n",
    elapsedMs: 10,
    timedOut: false,
  });
  stick.personalities = [
    { atMs: 0, vid: "12d1", pid: "1506", mode: "modem" },
    {
      atMs: 2500,
      vid: "12d1",
      pid: "1506",
      mode: "modem",
      interfaces: [{
        number: "00",
        class: "ff",
        subclass: "02",
        protocol: "12",
        driver: "option",
        tty: "ttyUSB4",
      }],
    },
  ];
  await withTempDir(async (lockDir) => {
    const fleet = await ReplayFleet.start({ capture: c, file: "c.json", latencyScale: 0.1 });
    try {
      const session = await AtSession.open(`${fleet.devRoot}/ttyUSB1`, { lockDir });
      try {
        await session.command("AT^RESET", { allowWrite: true });
      } finally {
        await session.close();
      }
      await fleet.settled();
      const [after] = await discoverSticks(fleet);
      assertEquals(after!.ttys.map((t) => [t.name, t.role]), [["ttyUSB4", "pcui"]]);
      assertEquals([...fleet.stick("1-3").ttyPaths.keys()], ["ttyUSB4"]);
    } finally {
      await fleet.stop();
    }
  });
});

Deno.test("ReplayFleet renames a network interface this host has too (the agent would bind to it)", async () => {
  const c = capture();
  c.sticks[0]!.usb.interfaces.push({
    number: "02",
    class: "ff",
    subclass: "03",
    protocol: "16",
    driver: "huawei_cdc_ncm",
    net: { name: "lo", mac: "00:1e:10:1f:00:00" },
  });
  const fleet = await ReplayFleet.start({ capture: c, file: "c.json", latencyScale: 0 });
  try {
    const nets = [...Deno.readDirSync(`${fleet.sysfsRoot}/class/net`)].map((e) => e.name);
    assertEquals(nets.length, 1);
    assert(/^rpl\d+$/.test(nets[0]!), nets[0]);
  } finally {
    await fleet.stop();
  }
});

Deno.test("ReplayFleet.start fails, leaving nothing behind, when a stick cannot be shown", async () => {
  await withTempDir(async (dir) => {
    const c = capture();
    // Past what the loader lets through (a file name too long for the tree): start is given it.
    c.sticks[0]!.usb.portPath = `1-${"1.".repeat(200)}1`;
    const error = await ReplayFleet.start({ capture: c, file: "c.json", dir: `${dir}/t` })
      .then(() => null, (e) => e);
    assert(error instanceof Error, String(error));
    assertEquals([...Deno.readDirSync(`${dir}/t/dev`)], []);
  });
});

Deno.test("ReplayFleet sends a captured redirect back with its Location", async () => {
  const c = capture();
  c.sticks[0]!.hilink.push({
    atMs: 900,
    method: "GET",
    path: "/",
    status: 307,
    location: "/html/index.html",
    body: "",
    elapsedMs: 5,
  });
  const fleet = await ReplayFleet.start({ capture: c, file: "c.json", latencyScale: 0 });
  try {
    const res = await fetch(fleet.stick("1-3").hilinkUrl!, { redirect: "manual" });
    await res.body?.cancel();
    assertEquals([res.status, res.headers.get("location")], [307, "/html/index.html"]);
  } finally {
    await fleet.stop();
  }
});
