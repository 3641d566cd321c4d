// Test helper: a `stickmode sim --fleet` or `sim --replay` child process, read until it is ready,
// and bounded waits on what its tree shows.

/** Reads `child`'s stdout until a line ends in " apply" (the last line it prints at start). */
export async function readUntilReady(child: Deno.ChildProcess): Promise<string> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes(" apply\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  reader.releaseLock();
  return text;
}

/** A sysfs attribute's text, trimmed; null while it is not there. */
export function attributeAt(path: string): string | null {
  try {
    return Deno.readTextFileSync(path).trim();
  } catch {
    return null;
  }
}

/** Waits until `ok()` holds, checking every 50 ms, at most `ms`. */
export async function waitFor(ok: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`Cannot see the condition within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
