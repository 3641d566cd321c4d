// Pure: no I/O. What a replayed stick answers (docs/replay.md): per tty and command, the captured
// responses in their captured order, the last one again once they run out; per HiLink method and
// path, the same. Commands and requests the capture never saw get null (the stick says it
// cannot answer), and a personality change the capture saw right after an exchange is handed out
// with it, so the stick re-enumerates where the real one did.

import type {
  CapturedAtExchange,
  CapturedHilinkExchange,
  CapturedPersonality,
  CapturedStick,
} from "../capture/capture_format.ts";

/** An answer with the personality changes that followed it in the capture (oldest first). */
export interface ReplayAnswer<E> {
  exchange: E;
  /** Changes seen after this exchange and before the stick's next one, with the time from the
   * end of the answer to each (unscaled ms). */
  then: Array<{ personality: CapturedPersonality; afterMs: number }>;
}

/** The answer books of one captured stick; cursors move as answers are handed out. */
export class ReplayBook {
  readonly #at = new Map<string, Queue<CapturedAtExchange>>();
  readonly #hilink = new Map<string, Queue<CapturedHilinkExchange>>();
  /** The stick's exchanges of both kinds by time, to find what followed each one. */
  readonly #timeline: Array<CapturedAtExchange | CapturedHilinkExchange>;
  readonly #personalities: CapturedPersonality[];
  /** Personality changes already handed out (each plays once). */
  readonly #played = new Set<CapturedPersonality>();

  constructor(stick: CapturedStick) {
    for (const e of stick.at) queueFor(this.#at, atKey(e.tty, e.command)).items.push(e);
    for (const e of stick.hilink) {
      queueFor(this.#hilink, hilinkKey(e.method, e.path)).items.push(e);
    }
    this.#timeline = [...stick.at, ...stick.hilink].sort((a, b) => a.atMs - b.atMs);
    this.#personalities = [...stick.personalities].sort((a, b) => a.atMs - b.atMs);
  }

  /** The next captured answer to `command` on `tty`, or null when the capture has none. */
  at(tty: string, command: string): ReplayAnswer<CapturedAtExchange> | null {
    const e = take(this.#at.get(atKey(tty, command)));
    return e === null ? null : { exchange: e, then: this.#after(e) };
  }

  /** The next captured answer to `method path`, or null when the capture has none. */
  hilink(method: string, path: string): ReplayAnswer<CapturedHilinkExchange> | null {
    const e = take(this.#hilink.get(hilinkKey(method, path)));
    return e === null ? null : { exchange: e, then: this.#after(e) };
  }

  /** Personality changes between the end of `e` and the stick's next exchange, not yet played
   * (the start personality, at or before the first exchange, is where the replay begins). */
  #after(e: CapturedAtExchange | CapturedHilinkExchange): ReplayAnswer<never>["then"] {
    const end = e.atMs + e.elapsedMs;
    const next = this.#timeline.find((x) => x.atMs > e.atMs)?.atMs ?? Infinity;
    const out: ReplayAnswer<never>["then"] = [];
    for (const p of this.#personalities) {
      if (p.atMs <= e.atMs || p.atMs > next || this.#played.has(p)) continue;
      this.#played.add(p);
      out.push({ personality: p, afterMs: Math.max(0, p.atMs - end) });
    }
    return out;
  }
}

interface Queue<E> {
  items: E[];
  next: number;
}

function queueFor<E>(map: Map<string, Queue<E>>, key: string): Queue<E> {
  let q = map.get(key);
  if (!q) map.set(key, q = { items: [], next: 0 });
  return q;
}

/** The next item, then the last again and again. */
function take<E>(q: Queue<E> | undefined): E | null {
  if (!q || q.items.length === 0) return null;
  const e = q.items[Math.min(q.next, q.items.length - 1)]!;
  q.next++;
  return e;
}

function atKey(tty: string, command: string): string {
  return `${tty}\n${command}`;
}

function hilinkKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
