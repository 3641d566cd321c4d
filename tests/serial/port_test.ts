// SerialPort through the kernel: a real pty pair (the test holds the master, SerialPort opens
// the slave), termios read back with the libc layout self-check.

import { assert, assertEquals, assertRejects, assertThrows } from "../assert.ts";
import { SerialPort } from "../../src/serial/port.ts";
import {
  baudCode,
  checkTermiosLayout,
  CLOCAL,
  CREAD,
  decodeTermios,
  ECHO,
  getTermios,
  ICANON,
} from "../../src/serial/termios.ts";
import { openPty } from "../../src/sim/pty.ts";
import { ErrnoError } from "../../src/ffi/errno.ts";
import { cString, libc, O_NOCTTY, O_NONBLOCK, O_RDWR } from "../../src/ffi/libc.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("checkTermiosLayout() reads B115200 back at glibc's offsets", () => {
  checkTermiosLayout();
});

Deno.test("baudCode() maps baud rates to termios codes and refuses others", () => {
  assertEquals(baudCode(115200), 0o10002);
  assertEquals(baudCode(460800), 0o10004);
  assertThrows(() => baudCode(12345), RangeError, "Cannot use baud rate 12345");
});

for (const baud of [115200, 460800, 9600]) {
  Deno.test(`SerialPort.open() sets raw mode at ${baud} baud and the driver keeps it`, async () => {
    const lockDir = await Deno.makeTempDir({ prefix: "stickmode_" });
    const pty = openPty("port test");
    try {
      const port = await SerialPort.open(pty.slavePath, { baud, lockDir });
      try {
        // Read back through a second, independent fd: what the kernel holds, not our copy.
        const fd = libc().open(cString(pty.slavePath), O_RDWR | O_NOCTTY | O_NONBLOCK, 0);
        const t = decodeTermios(getTermios(fd, pty.slavePath));
        libc().close(fd);
        assertEquals([t.ispeed, t.ospeed], [baudCode(baud), baudCode(baud)]);
        assertEquals(t.lflag & (ECHO | ICANON), 0);
        assertEquals(t.cflag & (CLOCAL | CREAD), CLOCAL | CREAD);
        assertEquals(port.settings.ospeed, baudCode(baud));
      } finally {
        port.close();
      }
    } finally {
      pty.master.close();
      await Deno.remove(lockDir, { recursive: true });
    }
  });
}

Deno.test("SerialPort reads and writes bytes unchanged (no CR/LF translation, no echo)", async () => {
  const lockDir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const pty = openPty("port test");
  try {
    const port = await SerialPort.open(pty.slavePath, { lockDir });
    try {
      await port.write("AT\r", 200);
      const atMaster = await pty.master.read(500);
      assertEquals(atMaster.kind === "data" ? text(atMaster.bytes) : atMaster.kind, "AT\r");
      await pty.master.writeAll(new TextEncoder().encode("\r\nOK\r\n"), 200);
      const atPort = await port.read(500);
      assertEquals(atPort.kind === "data" ? text(atPort.bytes) : atPort.kind, "\r\nOK\r\n");
      assertEquals((await pty.master.read(100)).kind, "timeout"); // nothing echoed back
    } finally {
      port.close();
    }
  } finally {
    pty.master.close();
    await Deno.remove(lockDir, { recursive: true });
  }
});

Deno.test("SerialPort.read() is bounded and reports a closed peer as hangup", async () => {
  const lockDir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const pty = openPty("port test");
  const port = await SerialPort.open(pty.slavePath, { lockDir });
  try {
    const t0 = performance.now();
    assertEquals((await port.read(150)).kind, "timeout");
    const elapsed = performance.now() - t0;
    assert(elapsed >= 140 && elapsed < 400, `read(150) took ${elapsed} ms`);
    pty.master.close();
    assertEquals((await port.read(1000)).kind, "hangup");
  } finally {
    port.close();
    pty.master.close();
    await Deno.remove(lockDir, { recursive: true });
  }
});

Deno.test("SerialPort.open() names the path and errno when the tty is missing or not a tty", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await assertRejects(
      () => SerialPort.open(`${dir}/ttyUSB9`, { lockDir: dir }),
      ErrnoError,
      `Cannot open "${dir}/ttyUSB9": ENOENT`,
    );
    await Deno.writeTextFile(`${dir}/plain`, "");
    await assertRejects(
      () => SerialPort.open(`${dir}/plain`, { lockDir: dir }),
      ErrnoError,
      `Cannot tcgetattr "${dir}/plain": ENOTTY`,
    );
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["plain"]); // locks released
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
