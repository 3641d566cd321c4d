// Pure: no I/O. Unsolicited result codes: lines a Huawei stick prints at any time, also between a
// command and its answer (docs/domain.md#unsolicited-lines).

import { commandName } from "./command_class.ts";

/** The names of the unsolicited lines a Huawei stick prints. */
export const URC_NAMES: ReadonlySet<string> = new Set([
  "^RSSI",
  "^HCSQ",
  "^MODE",
  "^SRVST",
  "^SIMST",
  "^BOOT",
  "^DSFLOWRPT",
  "^NDISSTAT",
  "^NWTIME",
  "^EONS",
  "^XLEMA",
  "+CREG",
  "+CGREG",
  "+CEREG",
  "^RFSWITCH",
  "^STIN",
  "^RSSILVL",
  "^HRSSILVL",
  "^DSDORMANT",
  "^PDPDEACT",
  "^NDISEND",
  "^LTERSRP",
  "^ECCLIST",
  "^ORIG",
  "^CONF",
  "^CONN",
  "^CEND",
  "^DDTMF",
  "^CSNR",
  "+CUSATP",
  "+CUSATEND",
  "^POSITION",
  "^POSEND",
  "^CSCHANNELINFO",
  "^CCALLSTATE",
  "^LWURC",
  "^ACTIVEBAND",
  "^SYSSTART",
  "RING",
  "+CRING",
  "+CLIP",
  "+CMTI",
  "+CDSI",
  "+CUSD",
]);

/** The `^NAME` / `+NAME` a line starts with, or the whole word for RING. */
function urcName(line: string): string | null {
  const m = /^([+^][A-Z0-9]+|RING)(?=[:\s]|$)/i.exec(line.trim());
  return m ? m[1]!.toUpperCase() : null;
}

/**
 * True when `line` is unsolicited while `command` waits for its answer. A name that is also the
 * command's own answer prefix (`+CREG:` after `AT+CREG?`) belongs to the answer.
 */
export function isUnsolicited(line: string, command: string | null): boolean {
  const name = urcName(line);
  if (name === null || !URC_NAMES.has(name)) return false;
  return command === null || commandName(command) !== name;
}
