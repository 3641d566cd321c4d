// Drops and re-establishes one stick's data link, for `stickmode reconnect`. Two ways, chosen by
// where the run writes: with --root / the stick's dialer unit of its own kind is restarted
// (systemctl restart): a PPP dialer hangs up and dials again, and an NCM unit's data call ends its
// call on SIGTERM (AT^NDISDUP=1,0) and dials again on start (AT^NDISDUP=1,1), so the unit that
// owns the call also owns the new one. Under another --root the host's units are not ours to
// touch: an NCM stick gets AT^NDISDUP=1,0 then 1,1 directly on its PCUI port (locked for that
// exchange only, as the data call shares it), and its data-call supervisor, if one runs, sees the
// call up again; a PPP stick there cannot be reconnected. Every wait is bounded by one deadline.

import { AtCommandError } from "../at/errors.ts";
import { comparePortPaths } from "../device/port_path.ts";
import { ndisDial, ndisHangUp, ndisQuery } from "../at/ndis_call.ts";
import { dialerFor, type DialerKind, DIALERS } from "../host/dialers/mod.ts";
import { runHostCommand } from "../host/host_command.ts";
import type { Profile } from "../profile/schema.ts";
import { loadStickMemory } from "../reconcile/memory_file.ts";
import { createStickResolver } from "../reconcile/resolve_stick.ts";
import { findDataCallTarget, type FindOptions, locateStick } from "./find_stick.ts";
import { interfaceAddress } from "./interface_address.ts";
import { withPcui } from "./pcui_exchange.ts";

/** How a stick's link was re-established. */
export type ReconnectMethod = "unit-restart" | "at";

/** One stick's reconnect: the addresses around it, or why it failed. */
export interface ReconnectResult {
  name: string;
  kind: DialerKind | null;
  method: ReconnectMethod | null;
  /** The interface the address was read from, or null when the kernel has none. */
  interface: string | null;
  before: string | null;
  after: string | null;
  ok: boolean;
  error: string | null;
}

/** Where and how long a reconnect works. */
export interface ReconnectOptions extends FindOptions {
  lockDir: string;
  atTimeoutMs: number;
  /** The whole reconnect of one stick, from hang-up to address. */
  timeoutMs: number;
  pollMs: number;
}

/** The names names.json knows, in port order: what `--all` reconnects. */
export function knownStickNames(root: string): string[] {
  const { memory } = loadStickMemory(root);
  return Object.keys(memory).sort(comparePortPaths).map((port) => memory[port]!.name);
}

/** The kernel's interface of a stick of `kind` named `name` (its dialer names it). */
function linkInterface(name: string, kind: DialerKind): string {
  return dialerFor(kind).linkInterface(name) ?? `ppp-${name}`;
}

/**
 * Reconnects stick `name` (see the file comment for how); never throws for a stick that cannot
 * be reconnected: the result says why, naming the stick and the step.
 */
export async function reconnectStick(
  name: string,
  profile: Profile,
  options: ReconnectOptions,
): Promise<ReconnectResult> {
  const result: ReconnectResult = {
    name,
    kind: null,
    method: null,
    interface: null,
    before: null,
    after: null,
    ok: false,
    error: null,
  };
  const { memory } = loadStickMemory(options.root);
  const port = Object.keys(memory).find((p) => memory[p]!.name === name);
  if (port === undefined) {
    result.error = `Cannot reconnect "${name}": no stick of that name in names.json ` +
      `(run stickmode apply first)`;
    return result;
  }
  const kind = createStickResolver(profile, memory)(port, null).settings.dialer.kind;
  result.kind = kind;
  const ifname = linkInterface(name, kind);
  result.before = await interfaceAddress(ifname);
  const deadline = performance.now() + options.timeoutMs;
  try {
    if (options.root === "/") {
      result.method = "unit-restart";
      await restartUnit(DIALERS[kind].unitInstance(name), options.timeoutMs);
    } else if (dialerFor(kind).redialsOverAt) {
      result.method = "at";
      await redialNcm(name, profile, options, deadline);
    } else {
      throw new Error(
        `Cannot reconnect "${name}": its ${kind} dialer runs under systemd, restarted only ` +
          `with --root /`,
      );
    }
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    return result;
  }
  result.after = await waitForAddress(ifname, deadline, options.pollMs);
  result.interface = result.after !== null || result.before !== null ? ifname : null;
  result.ok = true;
  return result;
}

async function restartUnit(unit: string, timeoutMs: number): Promise<void> {
  const r = await runHostCommand(["systemctl", "restart", unit], timeoutMs);
  if (r.kind === "not-installed") throw new Error(`Cannot restart "${unit}": no systemctl`);
  if (r.kind === "timed-out") {
    throw new Error(`Cannot restart "${unit}": timed out after ${timeoutMs} ms`);
  }
  if (r.code !== 0) throw new Error(`Cannot restart "${unit}": systemctl exited ${r.code}`);
}

/** AT^NDISDUP=1,0 then 1,1 on the PCUI port, then the call's state until it is up. */
async function redialNcm(
  name: string,
  profile: Profile,
  options: ReconnectOptions,
  deadline: number,
): Promise<void> {
  const target = await findDataCallTarget(name, profile, options);
  const { pcui } = await locateStick(target, options);
  const exchange = <T>(what: string, work: Parameters<typeof withPcui<T>>[3]) =>
    pcuiUntil(name, pcui, options, deadline, what, work);
  await exchange("hang up", async (session) => {
    try {
      await ndisHangUp(session, options.atTimeoutMs);
    } catch (e) {
      // ERROR: no call to end (the link was down already); dialling is what matters.
      if (!(e instanceof AtCommandError)) throw e;
    }
    await ndisDial(session, target.dial, options.atTimeoutMs);
  });
  for (;;) {
    const stat = await exchange("read the call state", (s) => ndisQuery(s, options.atTimeoutMs));
    if (stat.ipv4 === true) return;
    if (performance.now() + options.pollMs > deadline) {
      throw new Error(`Cannot reconnect "${name}": the call is not up after the dial`);
    }
    await sleep(options.pollMs);
  }
}

/** One PCUI exchange, retried while another process holds the port, until the deadline. */
async function pcuiUntil<T>(
  name: string,
  pcui: Parameters<typeof withPcui>[1],
  options: ReconnectOptions,
  deadline: number,
  what: string,
  work: Parameters<typeof withPcui<T>>[3],
): Promise<T> {
  for (;;) {
    const r = await withPcui(name, pcui, options, work);
    if (r.kind === "done") return r.value;
    if (performance.now() + options.pollMs > deadline) {
      throw new Error(`Cannot ${what} on stick "${name}": ${r.reason}`);
    }
    await sleep(options.pollMs);
  }
}

/** The interface's address once it has one; null when the kernel has no such interface or the
 * deadline passes first. */
async function waitForAddress(ifname: string, deadline: number, pollMs: number) {
  for (;;) {
    const address = await interfaceAddress(ifname);
    if (address !== null || performance.now() + pollMs > deadline) return address;
    if (!interfaceExists(ifname)) return null;
    await sleep(pollMs);
  }
}

function interfaceExists(ifname: string): boolean {
  try {
    Deno.statSync(`/sys/class/net/${ifname}`);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
