// Writes profile files with a chosen mode into a stickmode_ temp dir for a test.

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes `text` to `dir/name` and sets its mode exactly (umask does not apply to chmod). */
export async function writeFileWithMode(
  dir: string,
  name: string,
  text: string,
  mode = 0o600,
): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, text);
  await Deno.chmod(path, mode);
  return path;
}
