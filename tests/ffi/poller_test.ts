// The shared poller behind FdStream (src/ffi/poller.ts), on real ptys: many descriptors waiting at
// once hold one thread of Deno's 32-thread blocking pool, not one each, so file I/O stays fast;
// each wait ends at its own deadline or its own data; close() ends a pending wait at once.

import { assert, assertEquals, assertRejects } from "../assert.ts";
import { FdClosedError } from "../../src/ffi/fd_stream.ts";
import { openPty, type Pty } from "../../src/sim/pty.ts";
import { SerialPort } from "../../src/serial/port.ts";
import { poller } from "../../src/ffi/poller.ts";

function openPtys(count: number): Pty[] {
  return Array.from({ length: count }, (_, i) => openPty(`poller test ${i}`));
}

function closeAll(ptys: Pty[]): void {
  for (const p of ptys) p.master.close();
}

Deno.test("FdStream.read() on 64 waiting ptys leaves async file reads fast", async () => {
  const ptys = openPtys(64);
  try {
    // No slave was ever opened: each read waits its full timeout.
    const reads = ptys.map((p) => p.master.read(3000).catch((e) => e));
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    for (let i = 0; i < 50; i++) await Deno.readTextFile("/proc/self/stat");
    const avgMs = (performance.now() - started) / 50;
    // One poll() per waiting fd filled the pool: 22 ms per read with 64 ptys (Deno 2.9.6).
    assert(avgMs < 8, `readTextFile took ${avgMs.toFixed(2)} ms on average`);
    const closing = performance.now();
    closeAll(ptys);
    const results = await Promise.all(reads);
    assert(results.every((r) => r instanceof FdClosedError), "every pending read ends closed");
    const closeMs = performance.now() - closing;
    assert(closeMs < 500, `close() ended the pending reads after ${closeMs.toFixed(0)} ms`);
  } finally {
    closeAll(ptys);
  }
});

Deno.test("FdStream.read() times out at its own deadline while a longer wait continues", async () => {
  const ptys = openPtys(2);
  try {
    const started = performance.now();
    const long = ptys[0]!.master.read(1500);
    const short = await ptys[1]!.master.read(60);
    const shortMs = performance.now() - started;
    assertEquals(short.kind, "timeout");
    assert(shortMs >= 55 && shortMs < 400, `the 60 ms read returned after ${shortMs} ms`);
    ptys[0]!.master.close();
    await assertRejects(() => long, FdClosedError);
  } finally {
    closeAll(ptys);
  }
});

Deno.test("FdStream.read() wakes only the descriptor that got data", async () => {
  const ptys = openPtys(8);
  const port = await SerialPort.open(ptys[5]!.slavePath, { lock: false });
  try {
    const reads = ptys.map((p) => p.master.read(400));
    await new Promise((r) => setTimeout(r, 20));
    await port.write("AT\r", 500);
    const results = await Promise.all(reads);
    const got = results.map((r) => r.kind);
    assertEquals(got.filter((k) => k === "data").length, 1, got.join(","));
    assertEquals(got[5], "data");
    const five = results[5]!;
    assertEquals(five.kind === "data" ? new TextDecoder().decode(five.bytes) : "", "AT\r");
  } finally {
    port.close();
    closeAll(ptys);
  }
});

Deno.test("poller().sleep() ends at its deadline, never before, beside descriptors waiting", async () => {
  const ptys = openPtys(4);
  try {
    const reads = ptys.map((p) => p.master.read(2000).catch((e) => e));
    for (const ms of [0, 5, 30]) {
      const started = performance.now();
      await poller().sleep(ms);
      const took = performance.now() - started;
      assert(took >= ms && took < ms + 500, `a ${ms} ms sleep took ${took.toFixed(2)} ms`);
    }
    closeAll(ptys);
    assert((await Promise.all(reads)).every((r) => r instanceof FdClosedError));
  } finally {
    closeAll(ptys);
  }
});

Deno.test("poller().sleep() ends at once when its signal aborts, and an aborted signal waits not at all", async () => {
  const stop = new AbortController();
  const started = performance.now();
  const long = poller().sleep(60_000, stop.signal);
  setTimeout(() => stop.abort(), 20);
  await long;
  await poller().sleep(60_000, stop.signal);
  const took = performance.now() - started;
  assert(took < 2000, `the aborted sleeps took ${took.toFixed(0)} ms`);
});

Deno.test("poller().released(): a pty master closed while polled is gone from /dev/pts after it", async () => {
  for (let i = 0; i < 20; i++) {
    const [pty] = openPtys(1);
    const read = pty!.master.read(5000).catch((e) => e);
    await new Promise((r) => setTimeout(r, 5)); // the read is in the poll now
    pty!.master.close();
    await poller().released();
    // The poll that watched it held the file: until it returned, the node could still be there.
    await assertRejects(() => Deno.stat(pty!.slavePath), Deno.errors.NotFound);
    assert((await read) instanceof FdClosedError);
  }
});
