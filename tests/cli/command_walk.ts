// Test helper: walks commander's own tree (not src/cli/command_spec.ts, the code under test) for
// every command and option name, and runs a shell on a generated script.

import type { Command } from "@commander-js/extra-typings";

/** One command of the tree: its name path and every long option it declares. */
export interface WalkedCommand {
  path: string[];
  longOptions: string[];
}

/** Every command under `program` (the root included), with commander's own option lists. */
export function walkTree(program: Command, parents: string[] = []): WalkedCommand[] {
  const path = [...parents, program.name()];
  const options = program.options.filter((o) => !o.hidden).map((o) => o.long).filter((
    l,
  ): l is string => l !== undefined);
  return [
    { path, longOptions: options },
    ...program.commands.flatMap((c) => walkTree(c as unknown as Command, path)),
  ];
}

/** Runs `cmd args`, input on stdin, bounded by `timeoutMs`; stdout, stderr and exit code. */
export async function runTool(
  cmd: string,
  args: string[],
  options: { stdin?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    ...(options.env ? { env: options.env } : {}),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  }).spawn();
  if (options.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(options.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
