// Pure: no I/O. The pieces of a HiLink session: CSRF tokens scraped from the home page, the
// SessionID cookie, and the queue of verification tokens that rotates with every POST
// (docs/domain.md#session-tokens).

import { headerValue, headerValues, type HttpHeaders } from "../net/http_message.ts";

/** `<meta name="csrf_token" content="...">` tags of the home page; real pages carry two. */
export function scrapeCsrfTokens(html: string): string[] {
  const tokens: string[] = [];
  const tags = html.match(/<meta\b[^>]*>/gi) ?? [];
  for (const tag of tags) {
    if (!/\bname\s*=\s*["']csrf_token["']/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*["']([^"'\s]+)["']/i.exec(tag)?.[1];
    if (content !== undefined) tokens.push(content);
  }
  return tokens;
}

/** `SessionID=...` from `<SesInfo>` or a `Set-Cookie` value, as a cookie name and value. */
export function parseCookiePair(text: string): [string, string] | null {
  const pair = text.split(";")[0]!.trim();
  const eq = pair.indexOf("=");
  if (eq <= 0) return null;
  return [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
}

/** Name=value pairs for a `Cookie:` header. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Takes the cookies of every `Set-Cookie` header. */
  setFromHeaders(headers: HttpHeaders): void {
    for (const value of headerValues(headers, "set-cookie")) this.set(value);
  }

  /** Takes one `name=value` cookie (attributes after `;` are ignored). */
  set(text: string): void {
    const pair = parseCookiePair(text);
    if (pair) this.#cookies.set(pair[0], pair[1]);
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#cookies.clear();
  }

  /** The `Cookie:` header value, or null without cookies. */
  header(): string | null {
    if (this.#cookies.size === 0) return null;
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

const MAX_TOKENS = 16;

/**
 * Verification tokens for POSTs. The first is sent; a token the stick answered with replaces it.
 * After login the stick hands out `...one` and `...two`, which replace the whole queue. Firmware
 * that never rotates keeps its one token.
 */
export class TokenQueue {
  #tokens: string[] = [];

  /** Replaces the queue (at most 16 tokens kept). */
  replace(tokens: string[]): void {
    this.#tokens = tokens.slice(0, MAX_TOKENS);
  }

  /** The token the next POST carries, null before the session handshake. */
  current(): string | null {
    return this.#tokens[0] ?? null;
  }

  /** How many tokens are queued. */
  get size(): number {
    return this.#tokens.length;
  }

  /** After a POST that carried `used`: take the rotated tokens from the answer's headers. */
  rotate(used: string | null, headers: HttpHeaders, reset: boolean): void {
    const fresh = rotatedTokens(headers);
    if (reset && fresh.length > 0) return this.replace(fresh);
    const spent = used !== null && this.#tokens[0] === used;
    if (spent && (this.#tokens.length > 1 || fresh.length > 0)) this.#tokens.shift();
    this.replace([...this.#tokens, ...fresh].slice(-MAX_TOKENS));
  }
}

function rotatedTokens(headers: HttpHeaders): string[] {
  const one = headerValue(headers, "__RequestVerificationTokenone");
  if (one !== undefined) {
    const two = headerValue(headers, "__RequestVerificationTokentwo");
    return two === undefined ? [one] : [one, two];
  }
  const single = headerValue(headers, "__RequestVerificationToken");
  return single === undefined ? [] : [single];
}
