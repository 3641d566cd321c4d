// Read-only observation of one stick: discovery data plus what its AT port (through the one
// reader, at/read_modem.ts) or web API says. Asks only what the plan can use: four AT reads on a
// converged stick (ATI, AT^SETPORT?, AT^CPIN?, AT+CGDCONT?), more only when the answer could
// change a decision; plus at most three telemetry reads (at/telemetry.ts) on a non-PPP port.

import type { Stick } from "../device/stick.ts";
import type { HuaweiModem } from "../at/huawei.ts";
import { readModemState } from "../at/read_modem.ts";
import { radioNeeds } from "./radio_plan.ts";
import { hilinkClientFor } from "./hilink_for_stick.ts";
import { layoutsEqual } from "./layout_decisions.ts";
import { findRunAtTty, withModem } from "./at_port.ts";
import type { DriverContext } from "./driver_context.ts";
import type { ResolvedStick } from "./resolve_stick.ts";
import type { Observed, ObservedHilink, ObservedModem } from "./types.ts";

/**
 * Observes `stick`. `prior` is the stick's resolution from an earlier observation in this run;
 * an observation that fails keeps it (or the port's memory), never a fresh guess.
 */
export async function observeStick(
  stick: Stick,
  ctx: DriverContext,
  prior: ResolvedStick | null = null,
): Promise<Observed> {
  let observed: Observed | null = null;
  let failure: unknown = null;
  try {
    observed = await observeNow(stick, ctx, prior);
  } catch (e) {
    failure = e;
  }
  // A stick a step found back on the bus at its first look is confirmed while this observation
  // runs; one that changed under that look is observed again as it is now, and nothing learnt
  // from the first look (an answer, or the error of a tty that went away) counts.
  const moved = await ctx.settling.take(stick.portPath);
  if (moved !== null) {
    ctx.atSessions.release(stick.portPath);
    ctx.atSessions.sawAppear(moved);
    return await observeStick(moved, ctx, prior);
  }
  if (observed === null) throw failure;
  // What names.json knows of the port rides along: the plan needs it in storage mode, where
  // the stick itself says nothing of its firmware.
  return { ...observed, altSwitch: ctx.rememberedAltSwitch(stick.portPath) };
}

async function observeNow(
  stick: Stick,
  ctx: DriverContext,
  prior: ResolvedStick | null,
): Promise<Observed> {
  const fallback = prior ?? ctx.resolve(stick.portPath, null);
  const none = { stick, modem: null, hilink: null, problem: null, resolved: fallback };
  switch (stick.mode) {
    case "storage":
    case "unknown":
      return none;
    case "hilink":
      return await observeHilink(stick, ctx, fallback);
    case "debug":
    case "modem":
      break;
  }
  const tty = await findRunAtTty(stick, ctx);
  if (!tty) {
    return {
      ...none,
      problem: `Cannot find the AT port of stick "${stick.portPath}": no tty answered AT`,
    };
  }
  try {
    // Telemetry never on the modem port: PPP may be dialling there.
    const telemetry = tty.role !== "modem";
    return await withModem(stick, tty, ctx, (m) => readModem(stick, m, ctx, telemetry));
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { ...none, problem: e.message };
  }
}

async function readModem(
  stick: Stick,
  m: HuaweiModem,
  ctx: DriverContext,
  telemetry: boolean,
): Promise<Observed> {
  const id = await m.identity({ hardware: false, iccid: ctx.matchesByIccid });
  const resolved = ctx.resolve(stick.portPath, { imei: id.imei, iccid: id.iccid });
  const { settings } = resolved;
  const state = await readModemState(m, id, {
    // What the firmware offers matters only when the layout must change (or in the volatile
    // debug mode, which a reset leaves).
    offer: (layout) =>
      stick.mode !== "modem" || layout === null || !layoutsEqual(layout, settings.portLayout),
    pinLock: (sim) =>
      sim === "READY" &&
      (settings.sim.policy === "disable-lock" || settings.sim.policy === "enable-lock"),
    telemetry,
    // Radio settings only for a profile that asks for them; the offer only when they differ.
    ...radioNeeds(settings.radio),
  });
  const { model, firmware, imei, iccid } = id;
  const modem: ObservedModem = { tty: m.tty, model, firmware, imei, iccid, ...state };
  return { stick, modem, hilink: null, problem: null, resolved };
}

/** The web API is found with the settings known before the read (memory or port match). */
async function observeHilink(
  stick: Stick,
  ctx: DriverContext,
  fallback: ResolvedStick,
): Promise<Observed> {
  const client = hilinkClientFor(stick, fallback.settings, ctx);
  try {
    const info = await client.deviceInformation();
    const hilink: ObservedHilink = {
      url: fallback.settings.hilink.url,
      model: info.deviceName ?? null,
      firmware: info.softwareVersion ?? null,
      imei: info.imei ?? null,
      classify: info.classify ?? null,
    };
    // The ICCID is not in the device information: keep what was known of it.
    const read = { imei: info.imei ?? null, iccid: fallback.identity.iccid ?? null };
    return {
      stick,
      modem: null,
      hilink,
      problem: null,
      resolved: ctx.resolve(stick.portPath, read),
    };
  } catch (e) {
    ctx.hilinkClients.release(stick.portPath); // the next look starts a fresh session
    if (!(e instanceof Error)) throw e;
    return { stick, modem: null, hilink: null, problem: e.message, resolved: fallback };
  }
}
