import { assertEquals } from "../assert.ts";
import {
  loadRecoveryState,
  RECOVERY_PATH,
  type RecoveryState,
  saveRecoveryState,
} from "../../src/reconcile/recovery_store.ts";

const STATE: RecoveryState = {
  "1-3": {
    sick: { symptom: "link-down", since: "2026-12-01T10:00:00.000Z" },
    tried: { "radio-restart": "2026-12-01T10:10:00.000Z" },
  },
};

Deno.test("saveRecoveryState() writes recovery.json 0600 only when the state changes, and loadRecoveryState() reads it back", async () => {
  const root = await Deno.makeTempDir();
  try {
    assertEquals(loadRecoveryState(root), {});
    // Nothing to keep over no file: nothing written, not even the directory.
    assertEquals(saveRecoveryState(root, {}, {}), false);
    assertEquals(await exists(`${root}/var/lib/stickmode`), false);
    assertEquals(saveRecoveryState(root, {}, STATE), true);
    const path = `${root}${RECOVERY_PATH}`;
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assertEquals(loadRecoveryState(root), STATE);
    const mtime = (await Deno.stat(path)).mtime;
    assertEquals(saveRecoveryState(root, loadRecoveryState(root), STATE), false);
    assertEquals((await Deno.stat(path)).mtime, mtime);
    // No temp file left beside it.
    const names = [...Deno.readDirSync(`${root}/var/lib/stickmode`)].map((e) => e.name);
    assertEquals(names, ["recovery.json"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("loadRecoveryState() takes a damaged file for an empty state", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/var/lib/stickmode`, { recursive: true });
    for (const text of ["{", '{"version":1,"sticks":{"1-3":{"sick":null,"tried":{"x":"y"}}}}']) {
      await Deno.writeTextFile(`${root}${RECOVERY_PATH}`, text);
      assertEquals(loadRecoveryState(root), {});
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
