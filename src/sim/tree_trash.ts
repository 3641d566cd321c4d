// Where removed device directories of the fake sysfs tree go: renamed out of the tree in one
// syscall (gone for discovery at once), then deleted by an asynchronous recursive removal, which
// Deno runs on a blocking-pool thread, so the simulator's event loop (every stick's AT answers)
// does not wait for it. The kernel, too, tears devices down in parallel with everything else.

/** A directory outside the tree that removed stick directories are moved to and deleted in. */
export class TreeTrash {
  #n = 0;
  #waiting: string[] = [];
  #running: Promise<void> | null = null;

  /** `dir`: created on first use; on the same filesystem as the tree (a rename, not a copy). */
  constructor(readonly dir: string) {}

  /** Moves `path` out of the tree now and deletes it in the background; where it cannot be
   * moved (another filesystem), deletes it in place now. */
  take(path: string): void {
    const to = `${this.dir}/${++this.#n}`;
    try {
      try {
        Deno.renameSync(path, to);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
        Deno.mkdirSync(this.dir, { recursive: true });
        Deno.renameSync(path, to);
      }
    } catch {
      Deno.removeSync(path, { recursive: true });
      return;
    }
    this.#waiting.push(to);
    this.#running ??= this.#drain();
  }

  /** Resolves when every background deletion has finished. */
  async settled(): Promise<void> {
    await this.#running;
  }

  /** One deletion at a time: a burst of 128 at once made the runtime start a thread for each,
   * on the event loop. */
  async #drain(): Promise<void> {
    for (let path = this.#waiting.shift(); path; path = this.#waiting.shift()) {
      await Deno.remove(path, { recursive: true }).catch(() => undefined);
    }
    this.#running = null;
  }
}
