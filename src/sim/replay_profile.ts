// Pure: no I/O. A profile for a replayed fleet: the developer's (or the demo's) with one entry
// per replayed HiLink stick appended, pointing it at that stick's loopback server (later entries
// of `sticks` win, so the rest of the profile stays as written).

import { parseDocument, YAMLSeq } from "yaml";
import { demoProfileText } from "./demo_fleet.ts";

/** A replayed stick as the profile needs it. */
export interface ProfileStick {
  portPath: string;
  hilinkUrl: string | null;
}

/** `base` (default: the demo profile, the guide's settings) with each HiLink stick's URL.
 * @throws {Error} when `base` is not YAML with a mapping at the top
 */
export function replayProfileText(sticks: readonly ProfileStick[], base?: string): string {
  const hilink = sticks.filter((s): s is ProfileStick & { hilinkUrl: string } =>
    s.hilinkUrl !== null
  );
  if (base === undefined) return demoProfileText(hilink);
  const doc = parseDocument(base);
  if (doc.errors.length > 0) throw new Error(`Cannot read the profile: ${doc.errors[0]!.message}`);
  if (doc.contents === null || !("items" in doc.contents) || doc.contents instanceof YAMLSeq) {
    throw new Error("Cannot read the profile: expected a mapping at the top");
  }
  let list = doc.get("sticks");
  if (!(list instanceof YAMLSeq)) {
    list = new YAMLSeq();
    doc.set("sticks", list);
  }
  for (const s of hilink) {
    (list as YAMLSeq).add(doc.createNode({
      match: { portPath: s.portPath },
      hilink: { url: s.hilinkUrl },
    }));
  }
  return doc.toString();
}
