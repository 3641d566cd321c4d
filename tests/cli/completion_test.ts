import { assert, assertEquals } from "../assert.ts";
import { cliArgs, runMain } from "../run_cli.ts";
import { withTempDir } from "../temp_dir.ts";
import { skipReason } from "../host/tools.ts";
import { buildProgram } from "../../src/cli/program.ts";
import { renderCompletion, SHELLS } from "../../src/cli/completion.ts";
import { describeCommand } from "../../src/cli/command_spec.ts";
import { Command } from "@commander-js/extra-typings";
import { runTool, walkTree } from "./command_walk.ts";

const TREE = walkTree(buildProgram());
const ROOT = TREE[0]!;
const SUBCOMMANDS = TREE.slice(1).map((c) => c.path[1]!);
/** The root's options a sub-command accepts too. */
const SHARED = ROOT.longOptions.filter((o) => o !== "--version" && o !== "--help");

async function script(shell: string): Promise<string> {
  const r = await runMain(["completion", shell]);
  assertEquals({ code: r.code, stderr: r.stderr }, { code: 0, stderr: "" }, shell);
  return r.stdout;
}

/** bash's completion of the words (the last one is being typed), as the shell would call it. */
async function bashComplete(file: string, words: string[]): Promise<string[]> {
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const driver = `source ${file}
COMP_WORDS=(stickmode ${quoted}); COMP_CWORD=${words.length}
COMP_LINE="stickmode ${words.join(" ")}"; COMP_POINT=\${#COMP_LINE}
_stickmode; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = await runTool("bash", ["--norc", "-c", driver]);
  assertEquals(r.stderr, "", `bash completing ${words.join(" ")}`);
  return r.stdout.split("\n").filter((l) => l !== "").sort();
}

Deno.test("every shell's script names every command and every option of the tree", async () => {
  for (const shell of SHELLS) {
    const text = await script(shell);
    for (const command of TREE) {
      for (const name of [...command.path.slice(1), ...command.longOptions]) {
        const pattern = shell === "fish" && name.startsWith("--") ? `-l ${name.slice(2)} ` : name;
        assert(text.includes(pattern), `${shell} script lacks ${name} (${command.path.join(" ")})`);
      }
    }
  }
});

Deno.test("bash: source <(stickmode completion bash) registers complete -F for stickmode", async () => {
  // The real CLI in a process substitution, as an operator's shell runs it.
  const cli = [Deno.execPath(), ...cliArgs(["completion", "bash"])].map((a) => `'${a}'`).join(" ");
  const r = await runTool("bash", ["--norc", "-c", `source <(${cli}); complete -p stickmode`], {
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", NO_COLOR: "1" },
  });
  assertEquals(r, { code: 0, stdout: "complete -F _stickmode stickmode\n", stderr: "" });
});

Deno.test("bash: the first word offers every subcommand, a subcommand's dash all its options", async () => {
  await withTempDir(async (dir) => {
    const file = `${dir}/stickmode.bash`;
    await Deno.writeTextFile(file, await script("bash"));
    assertEquals(await bashComplete(file, [""]), [...SUBCOMMANDS, "help"].sort());
    assertEquals(await bashComplete(file, ["ap"]), ["apply"]);
    for (const command of TREE.slice(1)) {
      const offered = await bashComplete(file, [command.path[1]!, "--"]);
      for (const o of [...command.longOptions, ...SHARED]) {
        assert(offered.includes(o), `${command.path.join(" ")} -- does not offer ${o}`);
      }
    }
    // A global option's value is skipped: the word after it is still the subcommand.
    assertEquals(await bashComplete(file, ["--profile", "p.yaml", "pl"]), ["plan"]);
    assertEquals(await bashComplete(file, ["--log-level", ""]), ["debug", "error", "info", "warn"]);
    assertEquals(await bashComplete(file, ["completion", ""]), ["bash", "fish", "zsh"]);
    assertEquals(await bashComplete(file, ["help", ""]), [...SUBCOMMANDS].sort());
    // A path option's value completes files, a directory option's only directories.
    await Deno.mkdir(`${dir}/stickdir`);
    assertEquals(await bashComplete(file, ["--profile", `${dir}/stick`]), [
      `${dir}/stickdir`,
      file,
    ]);
    assertEquals(await bashComplete(file, ["apply", "--root", `${dir}/stick`]), [
      `${dir}/stickdir`,
    ]);
    assertEquals(await bashComplete(file, ["sim", "--firmware", ""]), ["21", "22"]);
  });
});

Deno.test("a command added to the tree appears in every script without an edit", () => {
  const program = buildProgram();
  const added = new Command("zz-new").description("a new command")
    .option("--zz-flag <file>", "a new option");
  program.addCommand(added as unknown as typeof program);
  for (const shell of SHELLS) {
    const text = renderCompletion(shell, describeCommand(program));
    assert(text.includes("zz-new") && text.includes("zz-flag"), shell);
  }
});

const FISH_SKIP = skipReason("fish completion", ["fish"]);
Deno.test({
  name: "fish: complete -C offers every subcommand and each subcommand's options",
  ignore: FISH_SKIP !== null,
  fn: async () => {
    await withTempDir(async (dir) => {
      const file = `${dir}/stickmode.fish`;
      await Deno.writeTextFile(file, await script("fish"));
      const complete = async (line: string) => {
        const r = await runTool("fish", [
          "--no-config",
          "-c",
          `source ${file}; complete -C '${line}'`,
        ]);
        assertEquals(r.stderr, "", line);
        return r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")[0]!);
      };
      assertEquals((await complete("stickmode ")).sort(), [...SUBCOMMANDS, "help"].sort());
      for (const command of TREE.slice(1)) {
        const offered = await complete(`stickmode ${command.path[1]} --`);
        for (const o of [...command.longOptions, ...SHARED]) {
          assert(offered.includes(o), `${command.path.join(" ")} -- does not offer ${o}`);
        }
      }
      assertEquals((await complete("stickmode --log-level ")).sort(), [
        "debug",
        "error",
        "info",
        "warn",
      ]);
    });
  },
});

const ZSH_SKIP = skipReason("zsh completion", ["zsh"]);
Deno.test({
  name: "zsh: the autoloaded _stickmode completes every subcommand at the first word (zpty)",
  ignore: ZSH_SKIP !== null,
  fn: async () => {
    await withTempDir(async (dir) => {
      await Deno.mkdir(`${dir}/fn`);
      await Deno.writeTextFile(`${dir}/fn/_stickmode`, await script("zsh"));
      // An interactive zsh in a pty, as an operator types `stickmode <Tab>`; the listing is read
      // back until every name came or 10 s passed.
      const driver = `zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1='> '; fpath=(${dir}/fn \\$fpath); autoload -U compinit; compinit -u -D; LISTMAX=1000; stickmode() { :; }"
zpty -w -n z $'stickmode \\t'
out=""; end=$((SECONDS + 10))
while (( SECONDS < end )); do
  zpty -r -t z line && out+="$line" || sleep 0.1
  [[ "$out" == *data-call*validate* || "$out" == *validate*data-call* ]] && break
done
sleep 0.5; while zpty -r -t z line; do out+="$line"; done
zpty -d z
print -r -- "$out"`;
      const r = await runTool("zsh", ["-f", "-c", driver], { timeoutMs: 20_000 });
      assertEquals(r.code, 0, r.stderr);
      const listed = new Set(r.stdout.match(/[a-z][a-z-]+/g) ?? []);
      for (const name of [...SUBCOMMANDS, "help"]) {
        assert(listed.has(name), `zsh did not offer ${name}:\n${r.stdout}`);
      }
      // Sourced after compinit (`source <(stickmode completion zsh)`), it registers itself.
      const sourced = await runTool("zsh", [
        "-f",
        "-c",
        `autoload -U compinit; compinit -u -D; source ${dir}/fn/_stickmode; print -r -- $_comps[stickmode]`,
      ]);
      assertEquals(sourced, { code: 0, stdout: "_stickmode\n", stderr: "" });
    });
  },
});
