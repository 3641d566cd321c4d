// Pure: no I/O. Finds where a key path sits in a parsed YAML document, as 1-based line:col.

import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";

/** A 1-based line and column in the profile text. */
export interface Position {
  line: number;
  col: number;
}

/** Where to point for a path: at its value, or at its key (unknown keys). */
export type Anchor = "value" | "key";

/** Where in the profile text a path into the data was written. */
export type Locator = (path: readonly PropertyKey[], anchor?: Anchor) => Position;

/**
 * Builds a locator over `doc`. A path that does not exist (a missing key) points at the deepest
 * part that does; a mapping or list value points at its key, a scalar at the value itself.
 */
export function makeLocator(doc: Document, lineCounter: LineCounter): Locator {
  const at = (offset: number): Position => lineCounter.linePos(offset);
  return (path, anchor = "value") => {
    let node: unknown = doc.contents;
    let keyNode: Node | null = null;
    let complete = true;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) =>
          isScalar(p.key) && String(p.key.value) === String(segment)
        );
        if (!pair) {
          complete = false;
          break;
        }
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
        keyNode = null;
        node = node.items[segment];
      } else {
        complete = false;
        break;
      }
    }
    const keyStart = keyNode?.range?.[0];
    const nodeStart = (node as Node | null)?.range?.[0];
    if (
      complete && anchor === "value" && isScalar(node) && typeof node.source === "string" &&
      node.source !== "" &&
      nodeStart !== undefined
    ) {
      return at(nodeStart);
    }
    if (keyStart !== undefined) return at(keyStart);
    if (nodeStart !== undefined) return at(nodeStart);
    return { line: 1, col: 1 };
  };
}

/** The text a scalar had in the file ("0123", not 123), for messages about what was found. */
export function sourceText(doc: Document, path: readonly PropertyKey[]): string | null {
  const node = doc.getIn(path, true);
  return isScalar(node) && typeof node.source === "string" ? node.source : null;
}
