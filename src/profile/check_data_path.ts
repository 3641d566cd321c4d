// Pure: no I/O. Profile checks that need several fields at once for a stick's data path, asked of
// its dialer kind (host/dialers): the port codes its layout must hold (NCM: "12", the PCUI the
// data call runs on, and "16", the NCM interface), what its name must fit (NCM: the interface
// name's limit), and route metrics and tables no two sticks may share. Each problem points at
// the key the stick's own entry sets, else at the defaults key it inherits, so the operator sees
// the line to change.

import { PORT_CODE_NAMES } from "../at/port_layout.ts";
import { type Dialer, DIALERS } from "../host/dialers/mod.ts";
import { DEFAULT_HOST_SETTINGS } from "../host/host_stick.ts";

/** The schema's defaults (schema.ts) for what the raw data leaves out. */
const DEFAULT_LAYOUT = "FF;10,12";
const DEFAULT_PREFIX = "gsm";
/** The largest number a generated name PREFIXn gets (unit_names.ts NAME_PREFIX_MAX: 4 digits). */
const LAST_NUMBER = "9999";

/** One data-path problem: the key path to point at and what is wrong. */
export interface DataPathIssue {
  code: "custom";
  path: PropertyKey[];
  message: string;
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const sub = (v: Rec, key: string): Rec => (isRecord(v[key]) ? v[key] : {});
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const dialerOf = (kind: string): Dialer | null =>
  Object.hasOwn(DIALERS, kind) ? DIALERS[kind as keyof typeof DIALERS] : null;

/** The codes of `dialer.layoutCodes` that `layout` lacks; [] for a layout that is not PRE;POST
 * (its own field reports that). */
export function missingLayoutCodes(dialer: Dialer, layout: string): string[] {
  const halves = layout.toUpperCase().split(";");
  if (halves.length !== 2) return [];
  const post = new Set((halves[1] ?? "").split(","));
  return dialer.layoutCodes.filter((c) => !post.has(c));
}

function layoutProblem(dialer: Dialer, layout: string, from: string): string | null {
  const missing = missingLayoutCodes(dialer, layout);
  if (missing.length === 0) return null;
  const codes = (list: readonly string[]) =>
    list.map((c) => `"${c}" (${PORT_CODE_NAMES[c] ?? "?"})`).join(" and ");
  return `expected a port layout holding ${codes(dialer.layoutCodes)} for dialer kind ` +
    `"${dialer.kind}", found ${JSON.stringify(layout)}${from} without ${codes(missing)}`;
}

function prefixProblem(dialer: Dialer, prefix: string): string | null {
  const problem = dialer.nameProblem(`${prefix}${LAST_NUMBER}`);
  if (problem === null) return null;
  return `expected a name prefix whose names PREFIX0 ... PREFIX${LAST_NUMBER} suit dialer kind ` +
    `"${dialer.kind}", found ${JSON.stringify(prefix)}: ${problem}`;
}

/**
 * Every data-path problem of the profile as the file wrote it (the raw data, defaults not
 * filled in: where a value comes from decides where the problem points). Reads it defensively:
 * it runs even when other fields failed.
 */
export function checkDataPaths(data: unknown): DataPathIssue[] {
  const issues: DataPathIssue[] = [];
  if (!isRecord(data)) return issues;
  const add = (path: PropertyKey[], message: string | null) =>
    void (message !== null && issues.push({ code: "custom", path, message }));
  const defaults = sub(data, "defaults");
  const kind = text(sub(defaults, "dialer").kind) ?? DEFAULT_HOST_SETTINGS.dialerKind;
  const layout = text(defaults.portLayout) ?? DEFAULT_LAYOUT;
  const prefix = text(sub(defaults, "udev").namePrefix);
  const kindPath = ["defaults", "dialer", "kind"];
  const defaultDialer = dialerOf(kind);
  if (defaultDialer !== null) {
    add(
      defaults.portLayout === undefined ? kindPath : ["defaults", "portLayout"],
      layoutProblem(defaultDialer, layout, ""),
    );
    add(
      prefix === undefined ? kindPath : ["defaults", "udev", "namePrefix"],
      prefixProblem(defaultDialer, prefix ?? DEFAULT_PREFIX),
    );
  }
  const sticks = Array.isArray(data.sticks) ? data.sticks : [];
  const seen = { metric: new Map<number, number>(), table: new Map<number, number>() };
  sticks.forEach((stick: unknown, i) => {
    if (!isRecord(stick)) return;
    const at = (...keys: string[]) => ["sticks", i, ...keys];
    const ownKind = text(sub(stick, "dialer").kind);
    const ownLayout = text(stick.portLayout);
    const dialer = dialerOf(ownKind ?? kind);
    if (dialer !== null) {
      // An entry that sets neither inherits the defaults' verdict, reported there.
      if (ownKind !== undefined || ownLayout !== undefined) {
        const from = ownLayout === undefined ? " (portLayout from defaults)" : "";
        add(
          ownLayout === undefined ? at("dialer", "kind") : at("portLayout"),
          layoutProblem(dialer, ownLayout ?? layout, from),
        );
      }
      const name = text(stick.name);
      if (name !== undefined) add(at("name"), dialer.nameProblem(name));
      else if (ownKind !== undefined) {
        const problem = prefixProblem(dialer, prefix ?? DEFAULT_PREFIX);
        add(at("dialer", "kind"), problem && `${problem} (this stick has no name of its own)`);
      }
    }
    const routing = sub(stick, "routing");
    for (const key of ["metric", "table"] as const) {
      const value = routing[key];
      if (typeof value !== "number") continue;
      const first = seen[key].get(value);
      if (first === undefined) seen[key].set(value, i);
      else {
        add(
          at("routing", key),
          `expected a ${key} no other stick has, found ${value} (also sticks[${first}].routing.${key})`,
        );
      }
    }
  });
  return issues;
}
