// Pure: no I/O. Stable stick names: the stick on a given USB port keeps its name across runs,
// unplugging and re-enumeration (the guide's gsm%n, made stable). A profile name wins; other
// ports get "<prefix><n>" with the lowest number free, and a port keeps its number once given.
// The assignments persist in /var/lib/stickmode/names.json, written like any other host file.

export const NAMES_PATH = "/var/lib/stickmode/names.json";

/** portPath -> name, from earlier runs. */
export type NameBook = Record<string, string>;

export function parseNameBook(text: string | null): NameBook {
  if (text === null) return {};
  try {
    const data = JSON.parse(text) as { version?: number; names?: unknown };
    if (data.version !== 1 || typeof data.names !== "object" || data.names === null) return {};
    return Object.fromEntries(
      Object.entries(data.names).filter(([, v]) => typeof v === "string"),
    ) as NameBook;
  } catch {
    // A damaged file costs only the numbering memory: names are assigned afresh.
    return {};
  }
}

export function renderNameBook(book: NameBook): string {
  const sorted = Object.fromEntries(Object.entries(book).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ version: 1, names: sorted }, null, 2) + "\n";
}

/**
 * Names for `ports` (sorted by port path for determinism). `fixed` holds profile names. Returns
 * the new book: earlier entries of ports not present now are kept, so a stick that comes back
 * gets its old name.
 */
export function assignNames(
  ports: readonly string[],
  fixed: ReadonlyMap<string, string>,
  book: NameBook,
  prefix: string,
): NameBook {
  const out: NameBook = { ...book };
  for (const [port, name] of fixed) out[port] = name;
  const taken = () => new Set(Object.values(out));
  for (const port of [...ports].sort()) {
    if (fixed.has(port)) continue;
    const current = out[port];
    const usedElsewhere = current !== undefined &&
      Object.entries(out).some(([p, n]) => p !== port && n === current);
    if (current !== undefined && current.startsWith(prefix) && !usedElsewhere) continue;
    const used = taken();
    let n = 0;
    while (used.has(`${prefix}${n}`)) n++;
    out[port] = `${prefix}${n}`;
  }
  return out;
}
