// The data call's I/O loop: feeds the supervisor (supervisor.ts) timer, status and link events and
// performs what it asks for: the dial, the status query and the hang-up as short locked exchanges
// on the PCUI port (pcui_exchange.ts), the link check (port, interface, carrier) and the policy
// rule. Runs until `signal` aborts; then the call is ended and the rule deleted. One log line per
// event, for journald; the password never reaches one (ndis_call.ts registers it).

import { AtCommandError, AtParseError, AtTimeoutError, PortVanishedError } from "../at/errors.ts";
import { ndisDial, ndisHangUp, ndisQuery } from "../at/ndis_call.ts";
import { ErrnoError } from "../ffi/errno.ts";
import { ExpectedError } from "../errors/expected.ts";
import { ncmInterfaceName } from "../host/ncm_names.ts";
import { log } from "../log/logger.ts";
import type { DataCallTarget, FindOptions, LocatedStick } from "./find_stick.ts";
import { locateStick } from "./find_stick.ts";
import { restartDhcp } from "./dhcp_restart.ts";
import { pickInterface, readCarrier } from "./link_state.ts";
import { withPcui } from "./pcui_exchange.ts";
import { interfaceAddress, keepPolicyRule } from "./policy_rule_keeper.ts";
import {
  initialState,
  nextWake,
  step,
  type SupervisorAction,
  type SupervisorEvent,
  type SupervisorOptions,
  type SupervisorState,
} from "./supervisor.ts";

/** How the data call runs. */
export interface DataCallOptions extends FindOptions {
  /** UUCP lock directory. */
  lockDir: string;
  /** Deadline of each AT command (the dial, the query, the hang-up). */
  atTimeoutMs: number;
  /** Ask networkd to configure the interface again each time the call comes up (dhcp_restart.ts). */
  restartDhcp: boolean;
  supervisor: SupervisorOptions;
  /** Aborting it ends the call. */
  signal: AbortSignal;
}

/** Supervises the data call of `target` until `options.signal` aborts; ends it then. */
export async function runDataCall(target: DataCallTarget, options: DataCallOptions) {
  await new DataCallLoop(target, options).run();
}

class DataCallLoop {
  #state: SupervisorState = initialState(performance.now());
  #located: LocatedStick | null = null;
  /** The interface the call was last seen on: its disappearance is a drop. */
  #interface: string | null = null;
  #onlineSince = 0;
  /** The interface had a carrier during this call: from then on, losing it is a drop. */
  #carrierSeen = false;

  constructor(readonly target: DataCallTarget, readonly options: DataCallOptions) {}

  async run(): Promise<void> {
    const { signal } = this.options;
    log.info("Data call starting", { stick: this.target.name, port: this.target.portPath });
    for (;;) {
      const wake = nextWake(this.#state);
      if (wake === null) return;
      if (!signal.aborted) await sleepUntil(wake, signal);
      await this.#feed({ kind: signal.aborted ? "stop" : "timer", at: performance.now() });
    }
  }

  async #feed(first: SupervisorEvent): Promise<void> {
    const queue = [first];
    while (queue.length > 0) {
      const t = step(this.#state, queue.shift()!, this.options.supervisor);
      this.#state = t.state;
      for (const action of t.actions) queue.push(...await this.#perform(action));
      if (this.options.signal.aborted && this.#state.phase.kind !== "stopped") {
        queue.push({ kind: "stop", at: performance.now() });
      }
    }
  }

  async #perform(action: SupervisorAction): Promise<SupervisorEvent[]> {
    const at = () => performance.now();
    const stick = this.target.name;
    switch (action.kind) {
      case "dial":
        return [await this.#dial()];
      case "query":
        return [await this.#query()];
      case "check-link":
        return this.#state.phase.kind === "online" ? await this.#checkLink() : [];
      case "online": {
        this.#onlineSince = at();
        log.info("Data call online", { stick, tty: this.#located?.pcui.devPath });
        const events = await this.#checkLink();
        // Once per call: networkd's client may be asleep in its back-off, or hold a stale lease.
        if (events.length === 0 && this.#interface !== null && this.options.restartDhcp) {
          await restartDhcp(stick, this.#interface);
        }
        return events;
      }
      case "hangup":
        await this.#hangUp();
        return [];
      case "drop":
        log.warn("Data call dropped", {
          stick,
          why: action.why,
          upMs: this.#onlineSince ? Math.round(at() - this.#onlineSince) : undefined,
          retryInMs: action.retryInMs,
        });
        this.#onlineSince = 0;
        // Found again at the next dial: the tty and the interface may have changed.
        this.#located = null;
        this.#interface = null;
        this.#carrierSeen = false;
        return [];
      case "exit":
        await this.#keepRule(null);
        log.info("Data call ended", { stick });
        return [];
    }
  }

  async #dial(): Promise<SupervisorEvent> {
    const { name, dial } = this.target;
    try {
      this.#located = await locateStick(this.target, this.options);
      const tty = this.#located.pcui;
      log.info("Dialling", { stick: name, tty: tty.devPath, apn: dial.apn, auth: dial.auth });
      const r = await withPcui(
        name,
        tty,
        this.options,
        (s) => ndisDial(s, dial, this.options.atTimeoutMs),
      );
      if (r.kind === "busy") return { kind: "dial-failed", at: performance.now(), why: r.reason };
      return { kind: "dial-ok", at: performance.now() };
    } catch (e) {
      if (!(e instanceof ExpectedError)) throw e;
      return { kind: "dial-failed", at: performance.now(), why: e.message };
    }
  }

  async #query(): Promise<SupervisorEvent> {
    const now = () => performance.now();
    const located = this.#located;
    if (located === null) return { kind: "link-lost", at: now(), why: "the stick is not found" };
    try {
      const r = await withPcui(
        this.target.name,
        located.pcui,
        this.options,
        (s) => ndisQuery(s, this.options.atTimeoutMs),
      );
      if (r.kind === "busy") {
        log.debug("Status check skipped: the PCUI port is busy", { stick: this.target.name });
        return { kind: "busy", at: now() };
      }
      return { kind: "status", at: now(), connected: r.value.ipv4 === true };
    } catch (e) {
      if (e instanceof PortVanishedError || (e instanceof ErrnoError && e.errno === 2)) {
        return { kind: "link-lost", at: now(), why: `the PCUI port vanished (${e.message})` };
      }
      if (
        e instanceof AtTimeoutError || e instanceof AtParseError || e instanceof AtCommandError
      ) {
        return { kind: "unanswered", at: now(), why: e.message };
      }
      if (e instanceof ExpectedError) return { kind: "unanswered", at: now(), why: e.message };
      throw e;
    }
  }

  /** The port still there with the same PCUI tty, the interface there and its carrier kept;
   * then the policy rule kept. The carrier may follow the call some time after ^NDISSTAT: 1
   * (cdc_ncm reports the stick's NETWORK_CONNECTION; huawei_cdc_ncm keeps it on throughout): no
   * carrier is a drop once it was seen during the call, or when it has not come within the
   * connect timeout. */
  async #checkLink(): Promise<SupervisorEvent[]> {
    const now = performance.now();
    const known = this.#located?.pcui ?? null;
    const located = await locateStick(this.target, this.options, known).catch(() => null);
    if (located === null || located.pcui.devPath !== this.#located?.pcui.devPath) {
      return [{ kind: "link-lost", at: now, why: "the stick left its USB port" }];
    }
    const ifname = pickInterface(ncmInterfaceName(this.target.name), located.stick.netInterface);
    if (ifname === null) {
      if (this.#interface !== null) {
        return [{ kind: "link-lost", at: now, why: `interface "${this.#interface}" is gone` }];
      }
    } else {
      if (this.#interface !== ifname) {
        log.info("Watching interface", { stick: this.target.name, interface: ifname });
      }
      this.#interface = ifname;
      const link = readCarrier(ifname);
      if (link === "up") this.#carrierSeen = true;
      if (link === "absent") {
        return [{ kind: "link-lost", at: now, why: `interface "${ifname}" is gone` }];
      }
      const waited = now - this.#onlineSince > this.options.supervisor.connectTimeoutMs;
      if (link === "down" && (this.#carrierSeen || waited)) {
        return [{ kind: "link-lost", at: now, why: `no carrier on "${ifname}"` }];
      }
    }
    await this.#keepRule(ifname === null ? null : await interfaceAddress(ifname));
    return [];
  }

  async #keepRule(address: string | null): Promise<void> {
    if (this.target.table === null) return;
    try {
      await keepPolicyRule(this.target.name, address, this.target.table);
    } catch (e) {
      if (!(e instanceof ExpectedError)) throw e;
      log.warn(`Cannot keep the policy rule of stick "${this.target.name}": ${e.message}`);
    }
  }

  async #hangUp(): Promise<void> {
    const stick = this.target.name;
    try {
      const located = this.#located ?? await locateStick(this.target, this.options);
      const r = await withPcui(
        stick,
        located.pcui,
        this.options,
        (s) => ndisHangUp(s, this.options.atTimeoutMs),
      );
      if (r.kind === "busy") log.warn(`Cannot end the data call of "${stick}": ${r.reason}`);
      else log.info("Hung up", { stick, tty: located.pcui.devPath });
    } catch (e) {
      if (!(e instanceof ExpectedError)) throw e;
      // ERROR to AT^NDISDUP=1,0 when there is no call (ModemManager ignores it too).
      log.info("Hang-up not taken", { stick, why: e.message });
    }
  }
}

/** Resolves at `wake` (performance.now() time) or when `signal` aborts, whichever is first. */
function sleepUntil(wake: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, wake - performance.now()));
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
