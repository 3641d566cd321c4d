// Pure: no I/O. The profile's AT^SETPORT layout string ("FF;10,12"): syntax and the firmware rules
// that keep a stick reachable (docs/domain.md#atsetport).

import { PORT_CODE_NAMES } from "../at/port_layout.ts";

/** Codes a profile may put after ";" (Huawei's table without FF, "no first port"). */
const POST_CODES: ReadonlySet<string> = new Set(
  Object.keys(PORT_CODE_NAMES).filter((c) => c !== "FF"),
);

/** Codes that give an AT command port: without one the stick can never be reconfigured. */
export const AT_PORT_CODES = ["12", "2"] as const;

const EXAMPLE = `e.g. "FF;10,12"`;

/**
 * Explains what is wrong with a layout string as "expected ..., found ...", or returns null when
 * it is a layout stickmode may send. Case-insensitive, like the firmware.
 */
export function checkPortLayout(text: string): string | null {
  const found = JSON.stringify(text);
  const halves = text.toUpperCase().split(";");
  if (halves.length !== 2) {
    return `expected PRE;POST with one ";" (${EXAMPLE}), found ${found}`;
  }
  const [preText = "", postText = ""] = halves;
  if (preText !== "FF" && preText !== "A1" && preText !== "A1,A2") {
    return `expected PRE to be "FF", "A1" or "A1,A2" (${EXAMPLE}), found ${
      JSON.stringify(preText)
    }`;
  }
  const post = postText.split(",");
  if (postText === "") return `expected port codes after ";" (${EXAMPLE}), found none`;
  const seen = new Set<string>();
  for (const code of post) {
    if (!POST_CODES.has(code)) {
      return `expected Huawei port codes (${[...POST_CODES].join(",")}) after ";", ` +
        `found ${JSON.stringify(code)} in ${found}`;
    }
    if (seen.has(code)) return `expected each port code once, found "${code}" twice in ${found}`;
    seen.add(code);
  }
  if (!AT_PORT_CODES.some((c) => seen.has(c))) {
    return `expected an AT port after ";" ("12" 4G PCUI or "2" 3G PCUI), found none in ${found}: ` +
      `the stick would have no port left to reconfigure it`;
  }
  return null;
}
