// Ptys opened ahead (src/sim/pty_spares.ts): a spare is the pty its port later shows, and a
// rebooting SimStick opens its next ptys half-way through the reboot, not at the attach.

import { assert, assertEquals, assertNotEquals } from "../assert.ts";
import { PtySpares } from "../../src/sim/pty_spares.ts";
import { type SimAttachDetail, SimStick } from "../../src/sim/stick.ts";

function ptsNames(): Set<string> {
  return new Set([...Deno.readDirSync("/dev/pts")].map((e) => `/dev/pts/${e.name}`));
}

Deno.test("PtySpares: take() hands out the pty filled for its label, opens one for another", () => {
  const spares = new PtySpares();
  spares.fill(["a", "a", "b"]);
  spares.fill(["a", "b"]); // already waiting: nothing more opened
  const opened = ptsNames();
  const first = spares.take("a");
  const second = spares.take("a");
  const other = spares.take("c");
  const third = spares.take("a");
  try {
    assert(opened.has(first.slavePath) && opened.has(second.slavePath), first.slavePath);
    assertNotEquals(first.slavePath, second.slavePath);
    assert(!opened.has(other.slavePath), "no spare for c: a new pty");
    assert(!opened.has(third.slavePath), "two spares for a, the third take opens one");
  } finally {
    for (const p of [first, second, other, third]) p.master.close();
    spares.close();
  }
  assert(ptsNames().size <= opened.size, "close() closes the spare left for b");
});

Deno.test("SimStick reset: the ptys it comes back on were opened during the reboot", async () => {
  const stick = SimStick.start({ latencyMs: 1, resetDelayMs: 400 });
  try {
    const attached = new Promise<SimAttachDetail>((resolve) =>
      stick.addEventListener("attach", (e) => resolve((e as CustomEvent<SimAttachDetail>).detail))
    );
    await stick.reset();
    assertEquals(stick.phase, "down");
    await new Promise((r) => setTimeout(r, 300)); // past half of the delay, before the attach
    const during = ptsNames();
    assertEquals(stick.phase, "down");
    const detail = await attached;
    assert(detail.ports.length > 0);
    for (const port of detail.ports) assert(during.has(port.path), `${port.path} opened late`);
  } finally {
    await stick.stop();
  }
});
