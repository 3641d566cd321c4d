// The command lines deno.json ships (`deno task start` ...), as argv, so tests start the product
// exactly as an operator does instead of through a hand-written copy of its flags.

/** The repository root: the directory `deno task` runs its tasks in. */
export const REPO_ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
/** The project's deno.json. */
export const DENO_JSON = `${REPO_ROOT}/deno.json`;

/** Splits a task line into words as deno's task shell would, for the subset the tasks use:
 * blanks, '...' and "..." quoting, backslash escapes. Anything else the shell would interpret
 * (pipes, redirections, `&&`, `$VAR`, globs, env assignments) throws, so a task this cannot
 * represent fails loudly instead of being run differently from `deno task`. */
export function splitTaskLine(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === " " || c === "\t") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`Cannot split task line: unclosed ' in ${JSON.stringify(line)}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = "";
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === "\\" && i + 1 < line.length) i++;
        if (line[i] === "$" || line[i] === "`") throw unsupported(line, line[i]!);
        text += line[i];
      }
      if (i >= line.length) {
        throw new Error(`Cannot split task line: unclosed " in ${JSON.stringify(line)}`);
      }
      word = (word ?? "") + text;
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else if ("|&;<>()$`*?[]{}~#".includes(c)) {
      throw unsupported(line, c);
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== null) words.push(word);
  if (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) {
    throw unsupported(line, "=");
  }
  return words;
}

function unsupported(line: string, c: string): Error {
  return new Error(`Cannot split task line: shell syntax ${JSON.stringify(c)} in ${line}`);
}

/** The task's argv as deno.json has it today, with its leading `deno` replaced by this very
 * deno (what `deno task` does too). Read at each call: the file is the single definition. */
export function taskArgv(name: string): string[] {
  const config = JSON.parse(Deno.readTextFileSync(DENO_JSON)) as {
    tasks?: Record<string, unknown>;
  };
  const line = config.tasks?.[name];
  if (typeof line !== "string") throw new Error(`Cannot find task "${name}" in ${DENO_JSON}`);
  const [head, ...rest] = splitTaskLine(line);
  if (head !== "deno") {
    throw new Error(`Cannot run task "${name}": it starts with "${head}", not "deno"`);
  }
  return [Deno.execPath(), ...rest];
}

/** Index of the script in a `deno run ...` argv: the first word after `run` not starting with
 * "-" (every flag in the tasks is written `--flag=value`). */
export function scriptIndex(argv: readonly string[]): number {
  if (argv[1] !== "run") {
    throw new Error(`Cannot find the script in ${argv.join(" ")}: not "deno run"`);
  }
  const i = argv.findIndex((w, j) => j > 1 && !w.startsWith("-"));
  if (i < 0) throw new Error(`Cannot find the script in ${argv.join(" ")}`);
  return i;
}
