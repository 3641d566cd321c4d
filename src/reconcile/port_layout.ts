// Pure: no I/O. Port layout strings ("FF;10,12") as the stick and the profile write them.

/** Interface roles by port code (DOMAIN.md AT^SETPORT table): the AT-capable ones. */
const AT_PORT_CODES = new Set(["2", "12"]);
const MODEM_PORT_CODES = new Set(["1", "10"]);

export interface ParsedLayout {
  pre: string[];
  post: string[];
}

/** Canonical form: upper case, no spaces, ";" between the two lists ("ff:1,2" -> "FF;1,2"). */
export function normalizeLayout(layout: string): string {
  const cleaned = layout.trim().replace(/^"|"$/g, "").replace(/\s+/g, "").toUpperCase();
  return cleaned.includes(";") ? cleaned : cleaned.replace(":", ";");
}

export function splitLayout(layout: string): ParsedLayout {
  const [pre = "", post = ""] = normalizeLayout(layout).split(";");
  const list = (s: string) => s.split(",").filter((c) => c.length > 0);
  return { pre: list(pre), post: list(post) };
}

export function layoutsEqual(a: string, b: string): boolean {
  return normalizeLayout(a) === normalizeLayout(b);
}

/** True when the layout after the switch keeps a port that answers AT commands. */
export function hasAtPort(layout: string): boolean {
  return splitLayout(layout).post.some((c) => AT_PORT_CODES.has(c));
}

/** Codes of `layout` the stick did not offer in AT^SETPORT=? (FF is always allowed). */
export function missingCodes(layout: string, offered: readonly string[]): string[] {
  const have = new Set(offered.map((c) => c.toUpperCase()));
  const { pre, post } = splitLayout(layout);
  return [...new Set([...pre, ...post])].filter((c) => c !== "FF" && !have.has(c));
}

/** Interface number ("00") of the first port with one of the given roles, by position in POST. */
export function interfaceOf(layout: string, role: "modem" | "at"): string | null {
  const codes = role === "modem" ? MODEM_PORT_CODES : AT_PORT_CODES;
  const index = splitLayout(layout).post.findIndex((c) => codes.has(c));
  return index < 0 ? null : index.toString(16).padStart(2, "0");
}
