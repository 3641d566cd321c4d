// Writes profile files with a chosen mode into a stickmode_ temp dir for a test.

export { withTempDir } from "../temp_dir.ts";

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
