// A stick's next personality prepared in the fake tree before it re-enumerates: while the stick
// switches or reboots (a second or two), the entries that follow from the personality alone are
// written off the event loop into a staging directory outside the tree; at the switch moment the
// entries decided then (device address, lowest free ttys, network interface) go in, one rename
// puts the device directory in place and the links make it visible, last. A burst of sticks
// re-enumerating at once then costs a few syscalls per stick where a whole tree cost ~3 ms,
// during which no stick's AT answer went out. What discovery sees is what writeStickTree() writes.

import { pathUnder } from "../ffi/path_under.ts";
import { devicePath, ensureHubs, ensureRootHub, portOf } from "./_sysfs_layout.ts";
import {
  removeStickTree,
  showStick,
  type StickTreeSpec,
  type TreeRoot,
  writeDynamicEntries,
  writeStaticEntries,
  writeStickTree,
} from "./sysfs_tree.ts";
import type { TreeTrash } from "./tree_trash.ts";

/** A device directory written ahead, for the personality `spec` describes. */
export interface StagedTree {
  dir: string;
  spec: StickTreeSpec;
}

/** Writes the personality's own entries of `spec` under `dir` (absent, outside the tree, on its
 * filesystem), with asynchronous writes that run off the event loop. */
export async function stageStickTree(dir: string, spec: StickTreeSpec): Promise<StagedTree> {
  await writeStaticEntries(dir, spec, async (at, attrs) => {
    await Deno.mkdir(at, { recursive: true });
    await Promise.all(
      Object.entries(attrs).map(([name, value]) =>
        Deno.writeTextFile(`${at}/${name}`, `${value}\n`)
      ),
    );
  });
  return { dir, spec };
}

/** Whether a staged tree holds what `spec` needs: the same personality (the address, ttys and
 * network interface are written at commit). */
export function stagedFits(staged: StagedTree, spec: StickTreeSpec): boolean {
  const own = (s: StickTreeSpec) =>
    JSON.stringify([s.portPath, s.vid, s.pid, s.serial, s.manufacturer, s.product, s.interfaces]);
  return spec.attributes === undefined && own(staged.spec) === own(spec);
}

/**
 * Writes one stick as writeStickTree() does, from `staged` when it fits (the rest goes to
 * `trash`), and returns the links it made as writeStickTree() does. Everything is written before
 * the bus/usb/devices link appears, so a concurrent discovery sees either nothing or the whole
 * stick.
 */
export async function commitStickTree(
  root: TreeRoot,
  spec: StickTreeSpec,
  staged: StagedTree | null,
  trash: TreeTrash,
): Promise<string[]> {
  if (staged === null || !stagedFits(staged, spec)) {
    if (staged !== null) trash.take(staged.dir);
    return await writeStickTree(root, spec);
  }
  const sysfs = pathUnder(root.sysfsRoot, "");
  await removeStickTree(root, spec.portPath, trash);
  await ensureRootHub(sysfs, portOf(spec.portPath).bus);
  await ensureHubs(sysfs, spec.portPath);
  const links = await writeDynamicEntries(root, staged.dir, spec);
  Deno.renameSync(staged.dir, `${sysfs}/${devicePath(spec.portPath)}`);
  return await showStick(sysfs, spec.portPath, links);
}

/** Stages trees one stick at a time in `dir`, yielding to the event loop between sticks: a burst
 * of sticks switching at once (a staging costs ~0.5 ms of the loop, async writes included) is
 * prepared without holding up the other sticks' answers. */
export class TreeStager {
  #queue: Promise<unknown> = Promise.resolve();
  #n = 0;

  constructor(readonly dir: string) {}

  /** The staged tree of `spec`, or null when it could not be written (then commit writes it). */
  stage(spec: StickTreeSpec): Promise<StagedTree | null> {
    const dir = `${this.dir}/${spec.portPath}.${++this.#n}`;
    const run = this.#queue
      .then(() => new Promise((resolve) => setTimeout(resolve, 0)))
      .then(() => stageStickTree(dir, spec))
      .catch(() => null);
    this.#queue = run;
    return run;
  }
}

/** The tree one stick has staged for its next personality; a newer one replaces it. */
export class NextTree {
  #staged: Promise<StagedTree | null> | null = null;

  constructor(readonly stager: TreeStager, readonly trash: TreeTrash) {}

  /** Starts staging `spec`; a failure only costs the head start. */
  stage(spec: StickTreeSpec): void {
    const previous = this.#staged;
    this.#staged = this.stager.stage(spec);
    void previous?.then((s) => s && this.trash.take(s.dir));
  }

  /** The staged tree, now the caller's (null when none). */
  take(): Promise<StagedTree | null> {
    const staged = this.#staged ?? Promise.resolve(null);
    this.#staged = null;
    return staged;
  }

  /** Waits for a staging under way and deletes what it wrote. */
  async drop(): Promise<void> {
    const staged = await this.take();
    if (staged) this.trash.take(staged.dir);
  }
}
