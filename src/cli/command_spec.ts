// The command tree as plain data, read from commander at runtime: the completion scripts and the
// man page are rendered from it, so a new command or option appears in both without an edit.

import { type Command, Help } from "@commander-js/extra-typings";

/** What an option's value is, for completion: a file, a directory, one of some words, or free. */
export type ValueKind =
  | { kind: "none" }
  | { kind: "file" }
  | { kind: "dir" }
  | { kind: "choices"; choices: string[] }
  | { kind: "free" };

/** One option as --help lists it. */
export interface OptionSpec {
  /** As declared: "-V, --version", "--profile <file>". */
  flags: string;
  long: string | null;
  short: string | null;
  description: string;
  /** The value's placeholder ("file" for "<file>"), or null for a flag. */
  valueName: string | null;
  value: ValueKind;
  defaultValue: string | null;
}

/** One positional argument. */
export interface ArgumentSpec {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
  /** True when the name says it is a path ("profile", "file"): completion offers files. */
  isPath: boolean;
  /** The only values it takes, or null. */
  choices: string[] | null;
}

/** One command, its options and its sub-commands. */
export interface CommandSpec {
  name: string;
  /** Names from the root: ["stickmode", "apply"]. */
  path: string[];
  description: string;
  /** Commander's usage line after the name: "[options] <profile>". */
  usage: string;
  options: OptionSpec[];
  arguments: ArgumentSpec[];
  commands: CommandSpec[];
}

const PATH_NAME = /file|path|profile|dir/i;

function valueKind(valueName: string | null, choices: readonly string[] | undefined): ValueKind {
  if (valueName === null) return { kind: "none" };
  if (choices !== undefined) return { kind: "choices", choices: [...choices] };
  if (/dir/i.test(valueName)) return { kind: "dir" };
  if (PATH_NAME.test(valueName)) return { kind: "file" };
  return { kind: "free" };
}

function defaultText(value: unknown): string | null {
  if (value === undefined || typeof value === "boolean") return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The visible commands and options of `command` and of everything under it. */
export function describeCommand(command: Command, parents: string[] = []): CommandSpec {
  const help = new Help();
  const path = [...parents, command.name()];
  return {
    name: command.name(),
    path,
    description: command.description(),
    usage: command.usage(),
    options: help.visibleOptions(command as never).map((o) => {
      const valueName = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1] ?? null;
      return {
        flags: o.flags,
        long: o.long ?? null,
        short: o.short ?? null,
        description: o.description,
        valueName,
        value: valueKind(valueName, o.argChoices),
        defaultValue: defaultText(o.defaultValue),
      };
    }),
    arguments: command.registeredArguments.map((a) => ({
      name: a.name(),
      description: a.description,
      required: a.required,
      variadic: a.variadic,
      isPath: PATH_NAME.test(a.name()),
      choices: a.argChoices ? [...a.argChoices] : null,
    })),
    commands: withHelpTargets(
      help.visibleCommands(command as never).map((c) =>
        describeCommand(c as unknown as Command, path)
      ),
    ),
  };
}

/** Commander's own `help [command]` takes the name of a sibling: its choices are those names. */
function withHelpTargets(commands: CommandSpec[]): CommandSpec[] {
  const names = commands.map((c) => c.name).filter((n) => n !== "help");
  return commands.map((c) =>
    c.name !== "help" ? c : {
      ...c,
      arguments: c.arguments.map((a) => a.name === "command" ? { ...a, choices: names } : a),
    }
  );
}

/** `spec` and every command under it, parents first. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.commands.flatMap(allCommands)];
}

/** Every name an option answers to ("--json", "-V", "--version"). */
export function optionNames(option: OptionSpec): string[] {
  return [option.short, option.long].filter((n): n is string => n !== null);
}

/** The root's options a sub-command also accepts (commander reads them after the command name
 * too): all but --help and --version, which belong to one command each. */
export function inheritedOptions(root: CommandSpec): OptionSpec[] {
  return root.options.filter((o) => o.long !== "--help" && o.long !== "--version");
}

/** The options `command` accepts: its own, then the root's shared ones it does not redefine. */
export function acceptedOptions(command: CommandSpec, root: CommandSpec): OptionSpec[] {
  if (command === root) return command.options;
  const own = new Set(command.options.flatMap(optionNames));
  return [
    ...command.options,
    ...inheritedOptions(root).filter((o) => !optionNames(o).some((n) => own.has(n))),
  ];
}
