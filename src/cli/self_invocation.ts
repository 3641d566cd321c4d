// How to start this very stickmode again from a shell, for command lines it prints for the
// operator to paste (`sim --fleet`): from a checkout there is no `stickmode` on PATH.

/** The shell words that start this stickmode: the compiled binary's own path, or, from a
 * checkout, `deno task --config <checkout>/deno.json start` (the shipped task line and its
 * permissions; runnable from any directory). */
export function selfInvocation(): string[] {
  if (Deno.build.standalone) return [Deno.execPath()];
  const config = new URL("../../deno.json", import.meta.url);
  if (config.protocol !== "file:") return [denoCommand(), "run", "--allow-all", Deno.mainModule];
  return [denoCommand(), "task", "--config", decodeURIComponent(config.pathname), "start"];
}

/** `deno` when that name on PATH is the running deno, else the running deno's full path (e.g.
 * started through `npx deno@2.9.6`, whose deno is in npm's cache). */
function denoCommand(): string {
  const self = realPathOrNull(Deno.execPath());
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir === "") continue;
    const found = realPathOrNull(`${dir}/deno`);
    if (found !== null) return found === self ? "deno" : Deno.execPath();
  }
  return Deno.execPath();
}

function realPathOrNull(path: string): string | null {
  try {
    return Deno.realPathSync(path);
  } catch (e) {
    const absent = e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory ||
      e instanceof Deno.errors.PermissionDenied;
    if (absent) return null;
    throw e;
  }
}

/** `words` as one line a POSIX shell splits back into the same words. */
export function shellLine(words: readonly string[]): string {
  return words.map((w) =>
    /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`
  )
    .join(" ");
}
