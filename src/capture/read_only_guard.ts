// Pure: no I/O. What `stickmode capture` may send: AT commands that only read (the class the
// command log uses, at/command_class.ts) and HiLink GETs. Anything else reaching a capture's
// transport is a bug in the observation it drives: refused before a byte leaves.

import { classifyAtCommand, commandName } from "../at/command_class.ts";

/** A writing AT command or a non-GET HiLink request reached a capture: refused, never sent. */
export class CaptureWriteRefusedError extends Error {
  override name = "CaptureWriteRefusedError";
  constructor(readonly stick: string, readonly what: string) {
    super(`Cannot send ${what} to stick "${stick}" during capture: it writes (capture only reads)`);
  }
}

/** Null when `command` (one AT command, no CR) may be sent; else what to name in the refusal,
 * without its arguments (they may hold a PIN). A bare line end is harmless. */
export function refusedAtCommand(command: string): string | null {
  const text = command.trim();
  if (text === "" || classifyAtCommand(text) === "read") return null;
  const name = commandName(text);
  return name === null ? `"${text.slice(0, 4)}"` : `AT${name}`;
}

/** Null when a HiLink request with `method` may be sent; else what to name in the refusal. */
export function refusedHilinkRequest(method: string, path: string): string | null {
  return method === "GET" ? null : `${method} ${path}`;
}
