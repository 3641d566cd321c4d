// Read-only observation of one stick: discovery data plus what its AT port or web API says. Asks
// only what the plan can use: four AT reads on a converged stick (ATI, AT^SETPORT?, AT^CPIN?,
// AT+CGDCONT?), more only when the answer could change a decision.

import type { Stick } from "../device/stick.ts";
import { parseAti } from "../at/parse_identity.ts";
import { firmwareFamilyOf } from "../at/firmware_family.ts";
import { formatPortLayout } from "../at/port_layout.ts";
import { AtCommandError } from "../at/errors.ts";
import type { HuaweiModem } from "../at/huawei.ts";
import { hilinkClientFor } from "./hilink_for_stick.ts";
import { layoutsEqual } from "./port_layout.ts";
import { findAtTty, withModem } from "./at_port.ts";
import type { DriverContext } from "./driver_context.ts";
import type { Observed, ObservedHilink, ObservedModem } from "./types.ts";

export async function observeStick(stick: Stick, ctx: DriverContext): Promise<Observed> {
  const none = { stick, modem: null, hilink: null, problem: null };
  switch (stick.mode) {
    case "storage":
    case "unknown":
      return none;
    case "hilink":
      return await observeHilink(stick, ctx);
    case "debug":
    case "modem":
      break;
  }
  const tty = await findAtTty(stick, ctx);
  if (!tty) return { ...none, problem: `no tty of stick ${stick.portPath} answered AT` };
  try {
    const modem = await withModem(stick, tty, ctx, (m) => readModem(stick, m, ctx));
    return { ...none, modem };
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { ...none, problem: e.message };
  }
}

async function readModem(stick: Stick, m: HuaweiModem, ctx: DriverContext) {
  const ati = parseAti((await m.session.command("ATI")).lines.join("\n"));
  const imei = ati.imei ?? null;
  const iccid = ctx.matchesByIccid ? await m.readIccid() : null;
  const settings = ctx.settingsFor({ imei, iccid, portPath: stick.portPath });
  const layout = await m.readPortLayout();
  const portLayout = layout ? formatPortLayout(layout) : null;
  const layoutOk = portLayout !== null && layoutsEqual(portLayout, settings.portLayout);
  // The offered codes matter only when the layout must change (or in the volatile debug mode).
  const codes = layoutOk && stick.mode === "modem" ? [] : await m.listPortLayoutCodes();
  const pin = await m.readPin();
  const wantsLock = settings.sim.policy === "disable-lock" || settings.sim.policy === "enable-lock";
  const pinLock = wantsLock && pin.state === "READY" ? await m.readPinLock() : null;
  const apn = await m.readApn().catch((e) => {
    // A locked or missing SIM may refuse the context list: "no APN known", not a fault.
    if (e instanceof AtCommandError) return [];
    throw e;
  });
  const modem: ObservedModem = {
    tty: m.tty,
    model: ati.model ?? null,
    firmware: ati.revision ?? null,
    imei,
    iccid,
    firmwareFamily: firmwareFamilyOf(null, ati.revision ?? null),
    portLayout,
    portCodes: codes === null ? null : codes.map((c) => c.code),
    pin: { state: pin.state, attemptsLeft: pin.attemptsLeft },
    pinLock,
    apn: apn.map((c) => ({ cid: c.cid, type: c.type, apn: c.apn })),
  };
  return modem;
}

async function observeHilink(stick: Stick, ctx: DriverContext): Promise<Observed> {
  const { client, settings } = hilinkClientFor(stick, ctx);
  try {
    const info = await client.deviceInformation();
    const hilink: ObservedHilink = {
      url: settings.hilink.url,
      model: info.deviceName ?? null,
      firmware: info.softwareVersion ?? null,
      imei: info.imei ?? null,
      classify: info.classify ?? null,
    };
    return { stick, modem: null, hilink, problem: null };
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { stick, modem: null, hilink: null, problem: e.message };
  }
}
