// Pure: no I/O. The profile's AT^SETPORT layout string ("FF;10,12"): syntax and the firmware rules
// that keep a stick reachable (DOMAIN.md, "AT^SETPORT").

/** Port codes of Huawei's firmware table, with the function each one adds. */
export const PORT_CODES: Readonly<Record<string, string>> = {
  "1": "3G MODEM",
  "2": "3G PCUI",
  "3": "3G DIAG",
  "4": "PCSC",
  "5": "3G GPS",
  "6": "GPS CONTROL",
  "7": "3G NDIS",
  "A": "BLUE TOOTH",
  "B": "FINGER PRINT",
  "D": "MMS",
  "E": "3G PC VOICE",
  "A1": "CDROM",
  "A2": "SD",
  "A3": "RNDIS",
  "10": "4G MODEM",
  "11": "4G NDIS",
  "12": "4G PCUI",
  "13": "4G DIAG",
  "14": "4G GPS",
  "15": "4G PCVOICE",
  "16": "NCM",
};

/** Codes that give an AT command port: without one the stick can never be reconfigured. */
export const AT_PORT_CODES = ["12", "2"] as const;

/** `pre`: the boot personality; `post`: the one after a mode switch, in interface order. */
export interface PortLayout {
  pre: string[];
  post: string[];
}

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
    if (!(code in PORT_CODES)) {
      return `expected Huawei port codes (${Object.keys(PORT_CODES).join(",")}) after ";", ` +
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

/** Splits a layout that checkPortLayout() accepted; throws on one it did not. */
export function parsePortLayout(text: string): PortLayout {
  const problem = checkPortLayout(text);
  if (problem !== null) throw new Error(`Cannot parse port layout: ${problem}`);
  const [pre = "", post = ""] = text.toUpperCase().split(";");
  return { pre: pre.split(","), post: post.split(",") };
}

/** The canonical form the profile and AT^SETPORT use: upper case, no spaces. */
export function formatPortLayout(layout: PortLayout): string {
  return `${layout.pre.join(",")};${layout.post.join(",")}`;
}
