// Test helper: a fresh temp directory for one test, removed afterwards whatever happens.

/** Runs `fn` with a new directory "stickmode_*" under the system's temp dir, then removes it. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
