// The HTTP side of the simulated HiLink web API: answers shaped as a real stick sends them (XML
// with an HTML content type, errors as HTTP 200 `<error>` envelopes), its SessionID cookie and the
// random session and token strings.

import { buildHilinkError } from "../hilink/xml.ts";

/** Extra response headers. */
export type HeaderMap = Record<string, string>;

const XML_HEADERS = { "Content-Type": "text/html; charset=UTF-8" };

/** A normal answer: `answer` is the XML body, or the body with extra headers. */
export function ok(answer: string | { body: string; headers: HeaderMap }) {
  const { body, headers } = typeof answer === "string" ? { body: answer, headers: {} } : answer;
  return { code: null, response: new Response(body, { headers: { ...XML_HEADERS, ...headers } }) };
}

/** Real sticks answer errors with HTTP 200 and an `<error>` envelope. */
export function fail(code: number, headers: HeaderMap = {}) {
  return {
    code,
    response: new Response(buildHilinkError(code), { headers: { ...XML_HEADERS, ...headers } }),
  };
}

/** The value of cookie `name` in a Cookie header, null when absent. */
export function cookieValue(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return null;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `length` random letters and digits: session ids and verification tokens. */
export function randomText(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
}
