// What udev would RUN and write for one event of a simulated device, from the rules files of the
// fleet's host root: just enough of udev's rule language for the RUN list of a stick's storage
// interface (the system's usb_modeswitch rule, and stickmode's per-port rules that empty that
// list) and for sysfs writes such as option's new_id (ATTR{[drivers/usb-serial:option1]new_id}),
// so host files stickmode writes act on the simulated fleet as udev acts on them.
// Understood (udev(7)): files from /etc, /run, /lib and /usr/lib udev/rules.d in name order, a
// name in an earlier directory masking later ones (an empty file or a /dev/null link: no rules);
// ==/!= on ACTION, SUBSYSTEM(S), KERNEL(S), DRIVER(S), ENV{}, ATTR{}, ATTRS{} with * ? [] and |
// patterns; GOTO/LABEL; RUN/RUN{program}/RUN{builtin} with =, := (final) and +=; ENV{}= and
// IMPORT{builtin}="path_id"; ATTR{[drivers/<bus>:<driver>]<file>} read and written under the
// fake sysfs root. A line with any other match key is taken as not matching; each
// ATTRS{} key is matched on the nearest parent that has it (udev wants one parent for all).

import { pathUnder } from "../ffi/path_under.ts";

/** One uevent as the rules see it. */
export interface UdevEvent {
  action: string;
  subsystem: string;
  kernel: string;
  driver: string;
  /** ENV{} properties, changed by ENV{}= assignments as the rules run. */
  env: Record<string, string>;
  /** ATTR{}: the device's own sysfs attributes. */
  attrs: Record<string, string>;
  /** ATTRS{}: the device's and its parents', nearest first (the first match wins in udev). */
  parentAttrs: ReadonlyArray<Record<string, string>>;
  /** What IMPORT{builtin}="path_id" sets ID_PATH to. */
  idPath: string | null;
  /** The fake sysfs tree ATTR{[drivers/...]...} reads; null: such keys never match. */
  sysfsRoot: string | null;
}

/** What udev does for the event: its RUN list, and the sysfs files it writes (relative to the
 * sysfs root, in rule order). */
export interface UdevOutcome {
  run: string[];
  writes: Array<{ path: string; value: string }>;
}

const RULE_DIRS = [
  "etc/udev/rules.d",
  "run/udev/rules.d",
  "lib/udev/rules.d",
  "usr/lib/udev/rules.d",
];
const TOKEN = /\s*([A-Z_]+)(?:\{([^}]*)\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

/** The RUN list udev builds for `event` from the rules under `root`. */
export async function udevRunList(root: string, event: UdevEvent): Promise<string[]> {
  return (await udevOutcome(root, event)).run;
}

/** What udev does for `event` with the rules under `root` (writes are returned, not made). */
export async function udevOutcome(root: string, event: UdevEvent): Promise<UdevOutcome> {
  const state: State = { run: [], writes: [], final: false };
  for (const text of await ruleTexts(root)) applyFile(text, event, state);
  return { run: state.run, writes: state.writes };
}

interface State extends UdevOutcome {
  final: boolean;
}

async function ruleTexts(root: string): Promise<string[]> {
  const chosen = new Map<string, string>();
  for (const dir of RULE_DIRS) {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(pathUnder(root, `/${dir}`))];
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    for (const e of entries) {
      if (e.name.endsWith(".rules") && !chosen.has(e.name)) {
        chosen.set(e.name, pathUnder(root, `/${dir}/${e.name}`));
      }
    }
  }
  const texts: string[] = [];
  for (const name of [...chosen.keys()].sort()) {
    const path = chosen.get(name)!;
    const info = await Deno.lstat(path);
    if (info.isSymlink && (await Deno.readLink(path)) === "/dev/null") continue;
    texts.push(await Deno.readTextFile(path));
  }
  return texts;
}

type Token = { key: string; attr: string | null; op: string; value: string };

function applyFile(text: string, event: UdevEvent, state: State) {
  let skipTo: string | null = null;
  for (const line of text.replace(/\\\n/g, "").split("\n")) {
    const tokens = parseLine(line);
    if (tokens === null) continue;
    const label = tokens.find((t) => t.key === "LABEL");
    if (skipTo !== null) {
      if (label?.value === skipTo) skipTo = null;
      continue;
    }
    if (!tokens.every((t) => !isMatch(t) || matches(t, event, state))) continue;
    for (const t of tokens) {
      if (t.key === "GOTO") skipTo = t.value;
      else if (t.key === "RUN" && !state.final) {
        if (t.op === "=" || t.op === ":=") state.run.splice(0);
        if (t.op !== "-=") state.run.push(t.value);
        if (t.op === ":=") state.final = true;
      } else if (t.key === "ATTR" && t.attr !== null && t.op === "=") {
        const path = otherDeviceFile(t.attr);
        if (path !== null && event.sysfsRoot !== null) {
          state.writes.push({ path, value: t.value }); // later rules of the event read it
        }
      } else if (t.key === "ENV" && t.attr !== null && (t.op === "=" || t.op === ":=")) {
        event.env[t.attr] = t.value;
      } else if (t.key === "IMPORT" && t.attr === "builtin" && /^path_id\b/.test(t.value)) {
        if (event.idPath !== null) event.env["ID_PATH"] = event.idPath;
      }
    }
  }
}

/** The tokens of one rule line; null for a comment, a blank line or one udev would reject. */
function parseLine(line: string): Token[] | null {
  const text = line.trim();
  if (text === "" || text.startsWith("#")) return null;
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || m.index !== at) return null;
    tokens.push({ key: m[1]!, attr: m[2] ?? null, op: m[3]!, value: m[4]! });
  }
  return tokens;
}

function isMatch(t: Token): boolean {
  return t.op === "==" || t.op === "!=";
}

function matches(t: Token, event: UdevEvent, state: State): boolean {
  const values = valuesOf(t, event, state);
  if (values === null) return false; // a key this evaluator does not know: not taken
  const hit = values.some((v) => pattern(t.value).test(v));
  return t.op === "==" ? hit : !hit;
}

function valuesOf(t: Token, event: UdevEvent, state: State): string[] | null {
  const attr = t.attr ?? "";
  switch (t.key) {
    case "ACTION":
      return [event.action];
    case "SUBSYSTEM":
    case "SUBSYSTEMS":
      return [event.subsystem];
    case "KERNEL":
      return [event.kernel];
    case "KERNELS":
      return [event.kernel, event.kernel.replace(/:.*$/, "")];
    case "DRIVER":
    case "DRIVERS":
      return [event.driver];
    case "ENV":
      return [event.env[attr] ?? ""];
    case "ATTR": {
      const path = otherDeviceFile(attr);
      if (path === null) return attr.startsWith("[") ? null : [event.attrs[attr] ?? ""];
      return event.sysfsRoot === null ? null : [readSysfs(event.sysfsRoot, state, path)];
    }
    case "ATTRS": {
      const found = event.parentAttrs.find((a) => attr in a);
      return found ? [found[attr]!] : [];
    }
    default:
      return null;
  }
}

/** "[drivers/usb-serial:option1]new_id" -> "bus/usb-serial/drivers/option1/new_id" (udev's
 * [$subsystem/$kernel]$attribute form for a driver); null for anything else. */
function otherDeviceFile(attr: string): string | null {
  const m = /^\[drivers\/([^:\]\/]+):([^\]\/]+)\]([^/]+)$/.exec(attr);
  return m ? `bus/${m[1]}/drivers/${m[2]}/${m[3]}` : null;
}

function readSysfs(sysfsRoot: string, state: State, path: string): string {
  const written = state.writes.findLast((w) => w.path === path);
  if (written) return written.value;
  try {
    return Deno.readTextFileSync(`${sysfsRoot}/${path}`).replace(/\n$/, "");
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
}

/** udev's shell-style pattern with | alternatives, anchored. */
function pattern(glob: string): RegExp {
  const alternatives = glob.split("|").map((alt) =>
    alt.replace(/[.+^${}()\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")
  );
  return new RegExp(`^(?:${alternatives.join("|")})$`);
}
