// One HiLink web session with one stick: the token handshake, GET and POST with the verification
// token and its rotation, one session reload + retry on 125002, and every failure turned into a
// HilinkError or HilinkRequestError that names the stick, the endpoint and the URL.

import { log } from "../log/logger.ts";
import type { HttpHeaders, HttpResponse } from "../net/http_message.ts";
import { chooseHttpTransport, type HttpTransport } from "../net/http_transport.ts";
import { NetError } from "../net/net_error.ts";
import {
  CODE_NOT_SUPPORTED,
  CODE_SESSION_ERROR,
  HilinkError,
  HilinkRequestError,
  type HilinkTarget,
} from "./errors.ts";
import { CookieJar, scrapeCsrfTokens, TokenQueue } from "./session_tokens.ts";
import { buildHilinkRequest, HilinkXmlError, parseHilinkReply } from "./xml.ts";

/** Where and how a HilinkConnection reaches its stick. */
export interface HilinkConnectionOptions {
  /** The stick's web server; HiLink LTE sticks answer at http://192.168.8.1. */
  baseUrl?: string;
  /** Label for messages and logs, usually the USB port path ("1-3"). */
  stick?: string;
  /** The stick's network interface; requests are bound to it when it exists here. */
  interfaceName?: string | null;
  /** Deadline of each request (connect + send + receive). */
  timeoutMs?: number;
  /** Overrides the transport chosen from `interfaceName`. */
  transport?: HttpTransport;
}

/** A `<response>`: its child fields, and the text directly inside it. */
export interface HilinkAnswer {
  fields: Record<string, string>;
  text: string;
}

/** What a POST sends: fields, or a function that builds them from the token the POST carries. */
export type HilinkBody =
  | Record<string, string | number>
  | ((token: string) => Promise<Record<string, string | number>>);

/** Where a HiLink LTE stick's web server answers. */
export const DEFAULT_BASE_URL = "http://192.168.8.1";
/** Deadline of one request (connect, send and receive) unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** One web session with one stick; requests run one at a time, each within `timeoutMs`. */
export class HilinkConnection {
  readonly baseUrl: string;
  readonly stick: string | undefined;
  readonly timeoutMs: number;
  readonly transport: HttpTransport;
  readonly #cookies = new CookieJar();
  readonly #tokens = new TokenQueue();
  #sessionOpen = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: HilinkConnectionOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.stick = options.stick;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transport = options.transport ?? chooseHttpTransport(options.interfaceName ?? null);
  }

  /** GETs `endpoint` (opening the session first when needed).
   * @throws {HilinkError} when the stick answers with an `<error>` code
   * @throws {HilinkRequestError} when no usable answer arrives in time
   */
  get(endpoint: string): Promise<HilinkAnswer> {
    return this.#serial(() => this.#withSessionRetry(() => this.#getOnce(endpoint)));
  }

  /** POSTs `<request>` built from `body`; a function body sees the token it is sent with.
   * @throws {HilinkError} when the stick answers with an `<error>` code
   * @throws {HilinkRequestError} when no usable answer arrives in time
   */
  post(endpoint: string, body: HilinkBody, options: { resetTokens?: boolean } = {}) {
    return this.#serial(() =>
      this.#withSessionRetry(() => this.#postOnce(endpoint, body, options.resetTokens ?? false))
    );
  }

  /** Drops cookies and tokens and runs the handshake again.
   * @throws {HilinkError} when the token endpoint answers with an error code
   * @throws {HilinkRequestError} when the handshake gets no usable answer
   */
  reloadSession(): Promise<void> {
    return this.#serial(() => this.#openSession());
  }

  /** One request at a time: a token is good for one POST, so requests must not interleave. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #withSessionRetry<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#sessionOpen) await this.#openSession();
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof HilinkError) || e.code !== CODE_SESSION_ERROR) throw e;
      log.info(`Reloading the HiLink session: ${e.message}`);
      await this.#openSession();
      return await fn();
    }
  }

  /** Home page meta csrf_token, else api/webserver/token, else api/webserver/SesTokInfo. */
  async #openSession(): Promise<void> {
    this.#cookies.clear();
    this.#tokens.replace([]);
    this.#sessionOpen = false;
    const home = await this.#homePageTokens();
    if (home.length === 0) this.#tokens.replace(await this.#apiToken());
    else this.#tokens.replace(home);
    this.#sessionOpen = true;
  }

  async #homePageTokens(): Promise<string[]> {
    let res = await this.#exchange("GET", "", null, []);
    const location = res.headers.find(([n]) => n.toLowerCase() === "location")?.[1];
    if (res.status >= 300 && res.status < 400 && location !== undefined) {
      const path = new URL(location, this.baseUrl + "/").pathname.replace(/^\//, "");
      res = await this.#exchange("GET", path, null, []);
    }
    return res.status === 200 ? scrapeCsrfTokens(new TextDecoder().decode(res.body)) : [];
  }

  async #apiToken(): Promise<string[]> {
    try {
      const token = (await this.#getOnce("api/webserver/token")).fields["token"]?.trim();
      if (token) return [token];
    } catch (e) {
      // Firmware without this endpoint answers 100002 or a redirect; anything else is real.
      const unsupported = e instanceof HilinkError ||
        (e instanceof HilinkRequestError && e.failure !== "timeout" && e.failure !== "unreachable");
      if (!unsupported) throw e;
    }
    const endpoint = "api/webserver/SesTokInfo";
    const answer = await this.#getOnce(endpoint);
    const session = answer.fields["SesInfo"]?.trim();
    if (session) this.#cookies.set(session);
    const token = answer.fields["TokInfo"]?.trim();
    if (!token) {
      throw new HilinkRequestError(
        "malformed",
        this.#target("GET", endpoint),
        'no "<TokInfo>" in the answer',
      );
    }
    return [token];
  }

  async #getOnce(endpoint: string): Promise<HilinkAnswer> {
    const res = await this.#exchange("GET", endpoint, null, []);
    return this.#interpret(this.#target("GET", endpoint), res);
  }

  async #postOnce(endpoint: string, body: HilinkBody, resetTokens: boolean) {
    const token = this.#tokens.current();
    const fields = typeof body === "function" ? await body(token ?? "") : body;
    const headers: HttpHeaders = [["Content-Type", "application/xml"]];
    if (token !== null) headers.push(["__RequestVerificationToken", token]);
    const res = await this.#exchange("POST", endpoint, buildHilinkRequest(fields), headers);
    this.#tokens.rotate(token, res.headers, resetTokens);
    return this.#interpret(this.#target("POST", endpoint), res);
  }

  async #exchange(
    method: "GET" | "POST",
    endpoint: string,
    body: string | null,
    extra: HttpHeaders,
  ): Promise<HttpResponse> {
    const target = this.#target(method, endpoint);
    const headers: HttpHeaders = [];
    const cookie = this.#cookies.header();
    if (cookie !== null) headers.push(["Cookie", cookie]);
    headers.push(...extra);
    const url = new URL(endpoint, this.baseUrl + "/");
    const started = performance.now();
    let res: HttpResponse;
    try {
      res = await this.transport.request({ method, url, headers, body }, this.timeoutMs);
    } catch (e) {
      throw e instanceof NetError ? asRequestError(e, target) : e;
    }
    const ms = Math.round(performance.now() - started);
    log.debug(`HiLink ${method} /${endpoint}`, { stick: this.stick, status: res.status, ms });
    this.#cookies.setFromHeaders(res.headers);
    return res;
  }

  #interpret(target: HilinkTarget, res: HttpResponse): HilinkAnswer {
    // Some firmware answers an unknown endpoint with a redirect or the home page (huawei-lte-api
    // reads both as 100002). A redirect is never followed (it may name another host) and is
    // reported as what it is; callers asking "is this supported?" read it as no.
    if (res.status >= 300 && res.status < 400) throw redirectError(target, res);
    if (res.status !== 200) {
      const detail = `the stick answered HTTP ${res.status}${
        res.statusText ? " " + res.statusText : ""
      }`;
      throw new HilinkRequestError("http-status", target, detail);
    }
    const text = new TextDecoder().decode(res.body);
    if (/^\s*(<!doctype html|<html)/i.test(text)) throw new HilinkError(CODE_NOT_SUPPORTED, target);
    try {
      const reply = parseHilinkReply(text);
      if (reply.kind === "error") throw new HilinkError(reply.code, target);
      return { fields: reply.fields, text: reply.text };
    } catch (e) {
      if (!(e instanceof HilinkXmlError)) throw e;
      throw new HilinkRequestError("malformed", target, `malformed XML (${e.message})`);
    }
  }

  #target(method: "GET" | "POST", endpoint: string): HilinkTarget {
    return {
      method,
      endpoint: endpoint === "" ? "/" : endpoint,
      url: this.baseUrl,
      stick: this.stick,
      interfaceName: this.transport.interfaceName ?? undefined,
    };
  }
}

function redirectError(target: HilinkTarget, res: HttpResponse): HilinkRequestError {
  const location = res.headers.find(([n]) => n.toLowerCase() === "location")?.[1];
  const to = location === undefined ? "without a Location" : `to ${JSON.stringify(location)}`;
  const state = `HTTP ${res.status} redirect ${to}`;
  return new HilinkRequestError("redirect", target, state);
}

function asRequestError(e: NetError, target: HilinkTarget): HilinkRequestError {
  switch (e.failure) {
    case "timeout":
      return new HilinkRequestError("timeout", target, `no answer within ${e.timeoutMs} ms`);
    case "refused":
      return new HilinkRequestError(
        "unreachable",
        target,
        "nothing listens (ECONNREFUSED)",
      );
    case "unreachable":
      return new HilinkRequestError("unreachable", target, `unreachable (${e.detail})`);
    case "protocol":
      return new HilinkRequestError(
        "malformed",
        target,
        `the answer is not HTTP (${e.detail})`,
      );
    case "too-large":
      return new HilinkRequestError("too-large", target, e.detail);
  }
}
