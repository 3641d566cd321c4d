// The HiLink web API of a replayed stick: a real HTTP server on loopback answering each method
// and path (query included) with the captured status, content type, Location and body, in
// captured order, after the captured time (scaled). Anything the capture never saw gets 404 and
// is reported.

import type { ReplayBook } from "./replay_answers.ts";
import type { CapturedPersonality } from "../capture/capture_format.ts";

/** What the server needs from its stick. */
export interface ReplayHilinkHost {
  book: ReplayBook;
  /** Waits `ms` captured milliseconds, scaled; resolves early when the replay stops. */
  delay(ms: number): Promise<void>;
  /** A request the capture has no answer for ("GET /api/x"). */
  unanswered(request: string): void;
  /** The personality changes the capture saw after an answer. */
  reenumerate(then: Array<{ personality: CapturedPersonality; afterMs: number }>): void;
}

const NULL_BODY = new Set([204, 205, 304]);

/** A loopback HTTP server answering from one stick's captured HiLink exchanges. */
export class ReplayHilinkServer {
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  constructor(host: ReplayHilinkHost, hostname = "127.0.0.1") {
    this.#server = Deno.serve({ hostname, port: 0, onListen: () => {} }, async (req) => {
      const url = new URL(req.url);
      const path = `${url.pathname}${url.search}`;
      await req.body?.cancel();
      const answer = host.book.hilink(req.method, path);
      if (answer === null) {
        host.unanswered(`${req.method} ${path}`);
        return new Response("not in the capture\n", { status: 404 });
      }
      const e = answer.exchange;
      await host.delay(e.elapsedMs);
      if (answer.then.length > 0) host.reenumerate(answer.then);
      // fetch's Response takes 200-599 only, and no body with the "null body" statuses.
      const status = e.status >= 200 ? e.status : 502;
      // A redirect goes back with its captured Location (firmware that sends its home page on).
      const headers: Record<string, string> = {
        ...(e.contentType === undefined ? {} : { "content-type": e.contentType }),
        ...(e.location === undefined ? {} : { location: e.location }),
      };
      return new Response(NULL_BODY.has(status) ? null : e.body, { status, headers });
    });
  }

  /** Base URL, "http://127.0.0.1:PORT/". */
  get url(): string {
    return `http://${this.#server.addr.hostname}:${this.#server.addr.port}/`;
  }

  /** Stops listening; requests in flight are cut. */
  async close(): Promise<void> {
    await this.#server.shutdown();
  }
}
