// A stateful HiLink web API on loopback (or inside a test's network namespace): home page with
// csrf_token meta tags, api/webserver/token, api/webserver/SesTokInfo, SessionID cookies, one-use
// verification tokens that rotate with every POST, login with both password types and a lockout,
// the mode switch that makes a stick re-enumerate, and switches for the faults real sticks show.
// Answers look like a real stick's: XML with the prolog, errors as HTTP 200 `<error>` envelopes.

import { buildHilinkResponse, HilinkXmlError, parseHilinkRequest } from "../hilink/xml.ts";
import { cookieValue, fail, type HeaderMap, ok, randomText } from "./hilink_sim_answers.ts";
import {
  deviceInformationFields,
  type HilinkSimDevice,
  monitoringStatusFields,
} from "./hilink_sim_device.ts";
import { judgeLogin, type SimCredentials } from "./hilink_sim_login.ts";

export type { HilinkSimDevice } from "./hilink_sim_device.ts";

/** Where the firmware hands out its first token (docs/domain.md#session-tokens). */
export type HilinkTokenSource = "meta" | "token" | "sestokinfo";

/** How a simulated HiLink web server is made. */
export interface HilinkSimOptions {
  hostname?: string;
  /** 0 picks a free port. */
  port?: number;
  device: HilinkSimDevice;
  tokenSource?: HilinkTokenSource;
  credentials?: SimCredentials;
  /** Wrong logins before every attempt answers 108007. */
  maxLoginAttempts?: number;
  /** Called after `POST api/device/mode` was answered, so a fleet can re-enumerate the stick. */
  onModeSwitch?: (mode: number) => void | Promise<void>;
  /** Called after `POST api/device/control` was answered (1 = reboot). */
  onControl?: (control: number) => void | Promise<void>;
}

/** Faults the server acts out while their switch is on. */
export interface HilinkSimFaults {
  /** The next POST answers 125002 and its session is forgotten (one shot). */
  tokenExpired: boolean;
  /** Device endpoints answer 100003 until the session logged in. */
  loginRequired: boolean;
  /** Every API endpoint answers 100004. */
  busy: boolean;
  /** Requests are accepted and never answered (until close). */
  stall: boolean;
}

/** One request the server saw, for assertions. */
export interface HilinkSimRequest {
  method: string;
  /** Path without the leading slash: "api/device/information", "" for the home page. */
  endpoint: string;
  session: string | null;
  /** Error code answered, null for a normal answer. */
  code: number | null;
}

interface Session {
  tokens: Set<string>;
  loggedIn: boolean;
}

const PROTECTED = new Set(["api/device/information", "api/device/mode", "api/device/control"]);

/** A simulated HiLink web API on a real HTTP server (loopback or a test's namespace). */
export class HilinkSimServer {
  readonly faults: HilinkSimFaults = {
    tokenExpired: false,
    loginRequired: false,
    busy: false,
    stall: false,
  };
  readonly requests: HilinkSimRequest[] = [];
  /** Modes asked for through api/device/mode, in order. */
  readonly modeSwitches: number[] = [];
  readonly controls: number[] = [];
  readonly #sessions = new Map<string, Session>();
  readonly #injected = new Map<string, { code: number; remaining: number }>();
  readonly #stalled: (() => void)[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #credentials: SimCredentials;
  #failedLogins = 0;

  private constructor(readonly options: HilinkSimOptions) {
    this.#credentials = options.credentials ??
      { username: "admin", password: "admin", passwordType: 4 };
    this.#server = Deno.serve(
      { hostname: options.hostname ?? "127.0.0.1", port: options.port ?? 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  /** Starts listening at once. */
  static start(options: HilinkSimOptions): HilinkSimServer {
    return new HilinkSimServer(options);
  }

  /** The address it listens on. */
  get hostname(): string {
    return this.#server.addr.hostname;
  }

  /** The port it listens on. */
  get port(): number {
    return this.#server.addr.port;
  }

  /** Base URL for HilinkClient: "http://127.0.0.1:PORT". */
  get url(): string {
    return `http://${this.hostname}:${this.port}`;
  }

  /** Every request to `endpoint` answers `code`, `times` times (default: until cleared). */
  injectError(endpoint: string, code: number, times = Infinity): void {
    this.#injected.set(endpoint.replace(/^\//, ""), { code, remaining: times });
  }

  /** Ends every injectError(). */
  clearInjectedErrors(): void {
    this.#injected.clear();
  }

  /** Stops answering: the stick is unreachable from now on. */
  async close(): Promise<void> {
    for (const release of this.#stalled.splice(0)) release();
    await this.#server.shutdown();
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const endpoint = url.pathname.replace(/^\/+/, "");
    const sessionId = cookieValue(req.headers.get("cookie"), "SessionID");
    const entry: HilinkSimRequest = {
      method: req.method,
      endpoint,
      session: sessionId,
      code: null,
    };
    this.requests.push(entry);
    if (this.faults.stall) {
      await new Promise<void>((resolve) => this.#stalled.push(resolve));
      return new Response("stopped", { status: 503 });
    }
    const answer = await this.#route(req, endpoint, sessionId);
    entry.code = answer.code;
    return answer.response;
  }

  async #route(req: Request, endpoint: string, sessionId: string | null) {
    if (endpoint === "" || endpoint === "html/home.html") return ok(this.#homePage());
    if (!endpoint.startsWith("api/")) {
      return { code: null, response: new Response("", { status: 404 }) };
    }
    const injected = this.#injected.get(endpoint);
    if (injected && injected.remaining > 0) {
      injected.remaining--;
      return fail(injected.code);
    }
    if (this.faults.busy) return fail(100004);
    const session = sessionId === null ? undefined : this.#sessions.get(sessionId);
    if (req.method === "POST") return await this.#post(req, endpoint, sessionId, session);
    if (this.faults.loginRequired && PROTECTED.has(endpoint) && !session?.loggedIn) {
      return fail(100003);
    }
    return this.#get(endpoint, session);
  }

  #homePage(): { body: string; headers: HeaderMap } {
    const [id, session] = this.#newSession();
    const metas = this.options.tokenSource === undefined || this.options.tokenSource === "meta"
      ? [...session.tokens].map((t) => `<meta name="csrf_token" content="${t}"/>`).join("\n")
      : "";
    const body =
      `<!DOCTYPE html>\n<html><head>\n<meta http-equiv="X-UA-Compatible" content="IE=edge"/>\n` +
      `${metas}\n<title>${this.options.device.model}</title></head><body></body></html>\n`;
    const headers = {
      "Set-Cookie": `SessionID=${id}; path=/; HttpOnly`,
      "Content-Type": "text/html",
    };
    return { body, headers };
  }

  #get(endpoint: string, session: Session | undefined) {
    const d = this.options.device;
    switch (endpoint) {
      case "api/webserver/token": {
        if (this.options.tokenSource === "sestokinfo") return fail(100002);
        const [id, s] = this.#newSession(1);
        const headers = { "Set-Cookie": `SessionID=${id}; path=/; HttpOnly` };
        return ok({ body: buildHilinkResponse({ token: [...s.tokens][0]! }), headers });
      }
      case "api/webserver/SesTokInfo": {
        const [id, s] = this.#newSession(1);
        return ok(buildHilinkResponse({ SesInfo: `SessionID=${id}`, TokInfo: [...s.tokens][0]! }));
      }
      case "api/user/state-login":
        return ok(buildHilinkResponse({
          State: session?.loggedIn ? 0 : -1,
          Username: session?.loggedIn ? this.#credentials.username : "",
          password_type: this.#credentials.passwordType,
        }));
      case "api/device/information":
        return ok(buildHilinkResponse(deviceInformationFields(d)));
      case "api/monitoring/status":
        return ok(buildHilinkResponse(monitoringStatusFields(d)));
      default:
        return fail(100002);
    }
  }

  async #post(req: Request, endpoint: string, sessionId: string | null, session?: Session) {
    const token = req.headers.get("__RequestVerificationToken");
    if (this.faults.tokenExpired) {
      this.faults.tokenExpired = false;
      if (sessionId !== null) this.#sessions.delete(sessionId);
      return fail(125002);
    }
    if (!session || token === null || !session.tokens.delete(token)) return fail(125002);
    const fresh = randomText(32);
    session.tokens.add(fresh);
    const rotated = { "__RequestVerificationToken": fresh };
    let fields: Record<string, string>;
    try {
      fields = parseHilinkRequest(await req.text());
    } catch (e) {
      if (!(e instanceof HilinkXmlError)) throw e;
      return fail(100005, rotated);
    }
    if (endpoint === "api/user/login") return this.#login(session, fields, token, rotated);
    if (this.faults.loginRequired && PROTECTED.has(endpoint) && !session.loggedIn) {
      return fail(100003, rotated);
    }
    if (endpoint === "api/device/mode") {
      const mode = Number(fields["mode"]);
      if (![0, 1, 2].includes(mode) || fields["mode"]?.trim() === "") return fail(100005, rotated);
      this.modeSwitches.push(mode);
      this.#after(() => this.options.onModeSwitch?.(mode));
      return ok({ body: buildHilinkResponse("OK"), headers: rotated });
    }
    if (endpoint === "api/device/control") {
      const control = Number(fields["Control"]);
      if (![1, 2, 3, 4].includes(control)) return fail(100005, rotated);
      this.controls.push(control);
      this.#after(() => this.options.onControl?.(control));
      return ok({ body: buildHilinkResponse("OK"), headers: rotated });
    }
    return fail(100002, rotated);
  }

  #login(session: Session, fields: Record<string, string>, token: string, rotated: HeaderMap) {
    const max = this.options.maxLoginAttempts ?? 3;
    if (this.#failedLogins >= max) return fail(108007, rotated);
    if (session.loggedIn) return fail(108003, rotated);
    const code = judgeLogin(this.#credentials, fields, token);
    if (code !== null) {
      this.#failedLogins++;
      return fail(this.#failedLogins >= max ? 108007 : code, rotated);
    }
    this.#failedLogins = 0;
    session.loggedIn = true;
    const one = randomText(32);
    const two = randomText(32);
    session.tokens = new Set([one, two]);
    const headers = { "__RequestVerificationTokenone": one, "__RequestVerificationTokentwo": two };
    return ok({ body: buildHilinkResponse("OK"), headers });
  }

  #newSession(tokenCount = 2): [string, Session] {
    const id = randomText(128);
    const session: Session = { tokens: new Set(), loggedIn: false };
    for (let i = 0; i < tokenCount; i++) session.tokens.add(randomText(32));
    this.#sessions.set(id, session);
    return [id, session];
  }

  /** Runs a callback after the answer went out, as a stick re-enumerates after answering. */
  #after(fn: () => void | Promise<void> | undefined): void {
    setTimeout(() => {
      Promise.resolve().then(fn).catch((e) =>
        console.error(
          `Cannot run the HiLink simulator's callback: ${e instanceof Error ? e.message : e}`,
        )
      );
    }, 0);
  }
}
