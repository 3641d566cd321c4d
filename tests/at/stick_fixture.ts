// Test fixture: a simulated stick on real ptys, an AT session on one of its ports through the
// kernel, a temp lock dir, and cleanup in order (agent side first, so the stick's loops wake).

import type { TtyRole } from "../../src/device/stick.ts";
import { AtSession } from "../../src/at/session.ts";
import { SimStick, type SimStickOptions } from "../../src/sim/stick.ts";

export interface StickFixture {
  stick: SimStick;
  lockDir: string;
  /** Opens (and remembers, for cleanup) a session on the stick's port with `role`. */
  open(role?: TtyRole, timeoutMs?: number): Promise<AtSession>;
}

export async function withStick(
  options: SimStickOptions,
  fn: (f: StickFixture) => Promise<void>,
): Promise<void> {
  const lockDir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const stick = SimStick.start({ latencyMs: 2, ...options });
  const sessions: AtSession[] = [];
  try {
    await fn({
      stick,
      lockDir,
      open: async (role = "pcui", timeoutMs = 1000) => {
        const s = await AtSession.open(stick.portPath(role), {
          lockDir,
          defaultTimeoutMs: timeoutMs,
        });
        sessions.push(s);
        return s;
      },
    });
  } finally {
    for (const s of sessions) s.close();
    await stick.stop();
    await Deno.remove(lockDir, { recursive: true });
  }
}

/** Waits for a "attach" event (new ptys after a reset), bounded. */
export function nextAttach(stick: SimStick, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${stick.name} did not come back in ${timeoutMs} ms`)),
      timeoutMs,
    );
    stick.addEventListener("attach", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Ends a child process the test started (SIGTERM), whether or not it already exited. */
export async function stopChild(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch (e) {
    if (!(e instanceof TypeError)) throw e; // it had already exited
  }
  await child.status;
}
