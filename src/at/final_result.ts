// Pure: no I/O. Recognises the line that ends an AT answer (docs/domain.md#final-results).

import { cmeMeaning, cmsMeaning } from "./cme_errors.ts";

/** The line that ended an answer: OK, CONNECT, or an error with its code and meaning. */
export type FinalResult =
  | { kind: "ok"; text: string }
  | { kind: "connect"; text: string }
  | { kind: "error"; text: string; code: number | null; meaning: string };

const PLAIN_ERRORS: Readonly<Record<string, string>> = {
  "ERROR": "command rejected",
  "COMMAND NOT SUPPORT": "command not supported by this firmware",
  "TOO MANY PARAMETERS": "too many parameters",
  "NO CARRIER": "no carrier",
  "BUSY": "line busy",
  "NO DIALTONE": "no dial tone",
  "NO DIAL TONE": "no dial tone",
  "NO ANSWER": "no answer",
};

/**
 * `OK`, `CONNECT [speed]`, `ERROR`, `+CME ERROR: 16`, `+CME ERROR: SIM PIN required` (verbose
 * +CMEE=2), `+CMS ERROR: 310`, `COMMAND NOT SUPPORT`, ... -> a FinalResult; other lines -> null.
 */
export function parseFinalResult(line: string): FinalResult | null {
  const text = line.trim();
  if (text === "OK") return { kind: "ok", text };
  if (text === "CONNECT" || /^CONNECT\s+\S/.test(text)) return { kind: "connect", text };
  const plain = PLAIN_ERRORS[text];
  if (plain !== undefined) return { kind: "error", text, code: null, meaning: plain };
  const m = /^\+(CME|CMS) ERROR:\s*(.*)$/.exec(text);
  if (!m) return null;
  const detail = m[2]!.trim();
  if (/^\d+$/.test(detail)) {
    const code = Number(detail);
    return {
      kind: "error",
      text,
      code,
      meaning: m[1] === "CME" ? cmeMeaning(code) : cmsMeaning(code),
    };
  }
  return { kind: "error", text, code: null, meaning: detail || "unspecified error" };
}
