// Pure: no I/O. A capture's schema problems in words, each at the JSON path of the value
// ("sticks[0].at[3].tty: expected a kernel name"), and the checks one value cannot make alone
// (two sticks on one port, one tty on two sticks). Values from the file are quoted short.

import type { z } from "zod";
import type { CaptureFile } from "./capture_format.ts";

/** A capture mistake: where (a JSON path, "" for the whole file) and what. */
export interface CaptureProblem {
  path: string;
  message: string;
}

const MAX_QUOTED = 60;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `sticks[0].usb.attributes["1-3:1.0/bInterfaceClass"]` from a zod path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${quoted(String(key))}]`;
  }
  return out;
}

/** A value from the file as a message shows it: JSON-quoted and cut. */
export function quoted(value: string): string {
  const cut = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}...` : value;
  return JSON.stringify(cut);
}

/** Each zod issue as a problem at its path, "expected ..." worded. */
export function issueProblems(issues: readonly z.core.$ZodIssue[]): CaptureProblem[] {
  return issues.flatMap((issue): CaptureProblem[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: jsonPath([...issue.path, key]),
        message: "unknown key (not part of the capture format)",
      }));
    }
    return [{ path: jsonPath(issue.path), message: describeIssue(issue) }];
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${article(issue.expected)}, found ${kindOf(issue.input)}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
    case "too_big":
      return issue.origin === "string"
        ? `expected at most ${issue.maximum} characters`
        : issue.origin === "array"
        ? `expected at most ${issue.maximum} entries`
        : `expected at most ${issue.maximum}`;
    case "too_small":
      return issue.origin === "array"
        ? `expected at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}`
        : `expected at least ${issue.minimum}`;
    case "invalid_format":
      // The schema's own words for its patterns ("expected a kernel name"); zod's for the rest.
      return issue.format === "datetime"
        ? "expected an ISO 8601 date and time in UTC"
        : issue.message.startsWith("expected")
        ? issue.message
        : `expected ${issue.format} format`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  const words: Record<string, string> = {
    object: "an object",
    array: "a list",
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
  };
  return words[type] ?? type;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the string ${quoted(value)}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** What replaying needs beyond each value's shape: one stick per port, one stick per tty. */
export function consistencyProblems(capture: CaptureFile): CaptureProblem[] {
  const problems: CaptureProblem[] = [];
  const ports = new Map<string, number>();
  const ttys = new Map<string, number>();
  capture.sticks.forEach((stick, i) => {
    const port = stick.usb.portPath;
    const [bus, ...chain] = port.split(/[-.]/).map(Number);
    if (!isUsbNumber(bus) || chain.length > MAX_PORT_CHAIN || !chain.every(isUsbNumber)) {
      problems.push({
        path: `sticks[${i}].usb.portPath`,
        message: `expected a bus and 1 to ${MAX_PORT_CHAIN} ports, each 1 to 255, found ${
          quoted(port)
        }`,
      });
    }
    const first = ports.get(port);
    if (first !== undefined) {
      problems.push({
        path: `sticks[${i}].usb.portPath`,
        message: `port ${quoted(port)} is already sticks[${first}]'s`,
      });
    } else ports.set(port, i);
    stick.usb.interfaces.forEach((iface, k) => {
      if (iface.tty === undefined) return;
      const owner = ttys.get(iface.tty);
      if (owner !== undefined) {
        problems.push({
          path: `sticks[${i}].usb.interfaces[${k}].tty`,
          message: `${quoted(iface.tty)} is already a tty of sticks[${owner}]`,
        });
      } else ttys.set(iface.tty, i);
    });
    for (const key of Object.keys(stick.usb.attributes)) {
      if (!ATTRIBUTE_NAME.test(key) || key.split("/").some((s) => s === "." || s === "..")) {
        problems.push({
          path: jsonPath(["sticks", i, "usb", "attributes", key]),
          message: 'expected an attribute path like "idVendor" or "1-3:1.0/bInterfaceClass"',
        });
      }
    }
  });
  return problems;
}

/** Every "__proto__" key in the parsed JSON (zod drops them from records without a word: the
 * file would not say what the reader used). Walked with a stack, not recursion. */
export function prototypeKeyProblems(data: unknown): CaptureProblem[] {
  const problems: CaptureProblem[] = [];
  const stack: Array<[unknown, PropertyKey[]]> = [[data, []]];
  while (stack.length > 0 && problems.length < 3) {
    const [value, path] = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (path.length > 12) continue; // the schema is 6 levels deep: deeper is refused by it
    for (const key of Object.keys(value)) {
      const at = [...path, Array.isArray(value) ? Number(key) : key];
      if (key === "__proto__") {
        problems.push({ path: jsonPath(at), message: 'expected no "__proto__" key' });
      } else {
        const child = (value as Record<string, unknown>)[key];
        if (typeof child === "object" && child !== null) stack.push([child, at]);
      }
    }
  }
  return problems;
}

/** USB allows five hubs between the root port and a device: six ports; one more for slack. */
const MAX_PORT_CHAIN = 7;

function isUsbNumber(n: number | undefined): boolean {
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 255;
}

/** A relative path under the device directory, a few levels at most, sysfs's own characters. */
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.:-]{1,64}(\/[A-Za-z0-9_.:-]{1,64}){0,3}$/;
