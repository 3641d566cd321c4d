// openPty() through the kernel: the pty master facts (deno.md#ptys), and raw mode set from the
// master side so the line discipline never echoes or translates for the stick.

import { assertEquals } from "../assert.ts";
import { openPty } from "../../src/sim/pty.ts";
import { decodeTermios, ECHO, getTermios, ICANON } from "../../src/serial/termios.ts";
import { cString, libc, O_NOCTTY, O_NONBLOCK, O_RDWR } from "../../src/ffi/libc.ts";

function openSlave(path: string): number {
  const fd = libc().open(cString(path), O_RDWR | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0) throw new Error(`cannot open ${path}`);
  return fd;
}

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("openPty() gives a /dev/pts slave whose master poll times out before any open", async () => {
  const pty = openPty("pty test");
  try {
    assertEquals(/^\/dev\/pts\/\d+$/.test(pty.slavePath), true, pty.slavePath);
    assertEquals((await pty.master.read(80)).kind, "timeout");
  } finally {
    pty.master.close();
  }
});

Deno.test("openPty() master reads hangup after the slave closed, and serves a reopen", async () => {
  const pty = openPty("pty test");
  try {
    libc().close(openSlave(pty.slavePath));
    assertEquals((await pty.master.read(500)).kind, "hangup");
    const fd = openSlave(pty.slavePath);
    try {
      libc().write(fd, cString("AT\r").subarray(0, 3), 3n);
      const r = await pty.master.read(500);
      assertEquals(r.kind === "data" ? decode(r.bytes) : r.kind, "AT\r");
    } finally {
      libc().close(fd);
    }
  } finally {
    pty.master.close();
  }
});

Deno.test("openPty() sets the slave raw from the master: no echo, no canonical mode, CR kept", async () => {
  const pty = openPty("pty test");
  try {
    const fd = openSlave(pty.slavePath);
    try {
      const t = decodeTermios(getTermios(fd, pty.slavePath));
      assertEquals(t.lflag & (ECHO | ICANON), 0);
      // What the stick writes reaches the slave byte for byte, and nothing comes back to it.
      await pty.master.writeAll(new TextEncoder().encode("\r\nOK\r\n"), 200);
      await new Promise((r) => setTimeout(r, 20));
      const buf = new Uint8Array(64);
      const n = Number(libc().read(fd, buf, 64n));
      assertEquals(decode(buf.subarray(0, n)), "\r\nOK\r\n");
      assertEquals((await pty.master.read(80)).kind, "timeout");
    } finally {
      libc().close(fd);
    }
  } finally {
    pty.master.close();
  }
});
