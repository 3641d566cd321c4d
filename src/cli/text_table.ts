// Pure: no I/O. The terminal tables of `status` and `apply`: aligned columns, the last one left
// unpadded so a long note or verdict runs on without widening the others.

/** `headers` and `rows` as lines of columns two spaces apart, without trailing spaces. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  return all
    .map((r) =>
      r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join("  ")
        .trimEnd()
    )
    .join("\n");
}
