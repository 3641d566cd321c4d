// Doing one step to one stick. Every step ends by finding the stick again on its USB port, so the
// controller's next observation sees what really happened (a step is never trusted by itself).

import type { Mode, Stick } from "../device/stick.ts";
import { waitForStick, waitForStickEarly } from "../device/wait_reenumeration.ts";
import { readStickAddress } from "../device/sysfs.ts";
import { bindOptionById } from "../device/option_new_id.ts";
import { leaveStorageMode } from "../device/usb/leave_storage_mode.ts";
import { parsePortLayout } from "../at/port_layout.ts";
import type { HuaweiModem } from "../at/huawei.ts";
import { setRadio } from "../at/radio.ts";
import { hilinkClientFor } from "./hilink_for_stick.ts";
import type { HilinkClient } from "../hilink/client.ts";
import { CODE_LOGIN_REQUIRED, HilinkError, HilinkRequestError } from "../hilink/errors.ts";
import { findRunAtTty, withModem } from "./at_port.ts";
import type { DriverContext } from "./driver_context.ts";
import type { StickSettings } from "../profile/resolve_stick_settings.ts";
import type { Observed, Step } from "./types.ts";

const SERIAL_MODES: readonly Mode[] = ["debug", "modem"];

/**
 * Runs one step on the stick and returns the stick as it is afterwards (a mode switch
 * re-enumerates it).
 *
 * @throws {Error} When the step fails: the typed error of the layer that failed (AtCommandError,
 * AtTimeoutError, HilinkError, ModeSwitchError, ...); the controller records its message as the
 * step's error.
 */
export async function executeStep(
  step: Step,
  observed: Observed,
  ctx: DriverContext,
): Promise<Stick> {
  const { stick } = observed;
  // A step re-enumerating the stick ends its plan (plan.ts), so the observation that follows
  // always took its confirmation first; a step never acts on an unconfirmed read.
  if (await ctx.settling.take(stick.portPath)) {
    throw new Error(`the stick changed while it was read; it is observed again at the next run`);
  }
  switch (step.action) {
    case "leave-storage": {
      const result = await leaveStorageMode({
        sysfsRoot: ctx.sysfsRoot,
        devRoot: ctx.devRoot,
        root: ctx.root,
        stick,
        // The plan chose AltMode for this very stick: its storage id is the port's knowledge.
        altSwitch: step.altMode ? { vendor: stick.vid, product: stick.pid } : null,
        systemWaitMs: ctx.systemModeswitchWaitMs,
        reenumerationTimeoutMs: ctx.reenumerationTimeoutMs,
      });
      return result.stick;
    }
    case "leave-hilink":
      await switchHilinkToDebug(stick, observed.resolved.settings, ctx);
      return cameBack(
        await waitForSerial(stick, ctx, "a serial personality after the HiLink switch"),
        ctx,
      );
    case "reboot-to-storage":
      return await rebootToStorage(stick, observed.resolved.settings, ctx);
    case "bind-option":
      await bindOptionById(ctx.sysfsRoot, stick);
      return await waitForStick({
        sysfsRoot: ctx.sysfsRoot,
        devRoot: ctx.devRoot,
        portPath: stick.portPath,
        expected: "its serial ports once option took its id",
        timeoutMs: ctx.reenumerationTimeoutMs,
        until: (s) => s.mode === "modem" && s.ttys.length > 0,
      });
    case "set-port-layout":
      await withAtWrites(observed, ctx, (m) => m.setPortLayout(parsePortLayout(step.to)));
      return stick;
    case "reset": {
      // The device as it is just before the reset: the stick counts as back only once sysfs
      // shows another address than this one (an older snapshot could already differ).
      const now = await readStickAddress(ctx, stick.portPath);
      const before = {
        portPath: stick.portPath,
        pid: now?.pid ?? stick.pid,
        devnum: now?.devnum ?? stick.devnum,
      };
      await withAtWrites(observed, ctx, (m) => m.reset());
      // The session's tty leaves with this enumeration; the stick comes back with new ones.
      ctx.atSessions.release(stick.portPath);
      return cameBack(await waitForSerial(before, ctx, "a serial mode after AT^RESET"), ctx);
    }
    case "unlock-sim": {
      const pin = await requirePin(observed, ctx);
      await withAtWrites(observed, ctx, (m) => m.enterPin(pin));
      return stick;
    }
    case "set-pin-lock": {
      const pin = await requirePin(observed, ctx);
      await withAtWrites(observed, ctx, (m) => m.setPinLock(step.enabled, pin));
      return stick;
    }
    case "set-apn":
      await withAtWrites(observed, ctx, (m) => m.setApn(step.cid, step.pdpType, step.to));
      return stick;
    case "set-radio":
      await withAtWrites(
        observed,
        ctx,
        (m) => setRadio(m.session, step.setting, m.options.timeoutMs),
      );
      return stick;
  }
}

/** AT writes with the stick's dialer stopped (if it runs) and every lock name held. */
async function withAtWrites(
  observed: Observed,
  ctx: DriverContext,
  work: (modem: HuaweiModem) => Promise<void>,
): Promise<void> {
  const { stick } = observed;
  const tty = stick.ttys.find((t) => t.devPath === observed.modem?.tty) ??
    await findRunAtTty(stick, ctx);
  if (!tty) {
    throw new Error(`Cannot find the AT port of stick "${stick.portPath}": no tty answers AT`);
  }
  const name = ctx.installedName(stick.portPath);
  const paused = name ? await ctx.dialer.pause(name) : false;
  try {
    await withModem(stick, tty, ctx, work);
  } finally {
    if (paused && name) await ctx.dialer.resume(name);
  }
}

/** The web API reboot, then the stick caught as it re-enumerates in storage mode. A reboot may
 * cut its own answer short: the wait on the bus, not the HTTP answer, says whether it worked. */
async function rebootToStorage(
  stick: Stick,
  settings: StickSettings,
  ctx: DriverContext,
): Promise<Stick> {
  try {
    await withHilink(stick, settings, ctx, (client) => client.reboot());
  } catch (e) {
    if (!(e instanceof HilinkRequestError)) throw e;
  }
  return await waitForStick({
    sysfsRoot: ctx.sysfsRoot,
    devRoot: ctx.devRoot,
    portPath: stick.portPath,
    expected: "storage mode after the web API reboot",
    timeoutMs: ctx.reenumerationTimeoutMs,
    leaving: stick.devnum,
    until: (s) => s.mode === "storage" && s.devnum !== stick.devnum,
  });
}

async function switchHilinkToDebug(
  stick: Stick,
  settings: StickSettings,
  ctx: DriverContext,
): Promise<void> {
  await withHilink(stick, settings, ctx, (client) => client.switchToDebugMode());
}

/** One web API request, logged in first when the profile names a password. */
async function withHilink(
  stick: Stick,
  settings: StickSettings,
  ctx: DriverContext,
  work: (client: HilinkClient) => Promise<unknown>,
): Promise<void> {
  // The observation's client (its session and tokens); its last use: the stick switches or
  // reboots, and a failure must not leave a half-used session to the next look.
  const client = hilinkClientFor(stick, settings, ctx);
  const password = await ctx.secrets.hilinkPassword(settings);
  try {
    if (password !== null) await client.login(settings.hilink.username, password);
    await work(client);
  } catch (e) {
    // Without a password source the operator's fix is in the profile: say which key.
    if (password === null && e instanceof HilinkError && e.code === CODE_LOGIN_REQUIRED) {
      throw new Error(`${e.message}: set hilink.passwordFile or hilink.passwordEnv`);
    }
    throw e;
  } finally {
    ctx.hilinkClients.release(stick.portPath);
  }
}

/** A stick back on the bus from this step, on a new address: nothing sent before the step can be
 * answered on its new ttys (the next session opens without a quiet period, at_sessions.ts). */
function cameBack(stick: Stick, ctx: DriverContext): Stick {
  ctx.atSessions.sawAppear(stick);
  return stick;
}

/** Follows the port until the stick is back with ttys in a serial personality. Returns at the
 * first read that shows it there; the look that confirms it runs on while the observation that
 * follows starts (ctx.settling, taken by observeStick). */
async function waitForSerial(
  before: Pick<Stick, "portPath" | "pid" | "devnum">,
  ctx: DriverContext,
  expected: string,
): Promise<Stick> {
  const early = await waitForStickEarly({
    sysfsRoot: ctx.sysfsRoot,
    devRoot: ctx.devRoot,
    portPath: before.portPath,
    expected,
    timeoutMs: ctx.reenumerationTimeoutMs,
    leaving: before.devnum,
    // A new device address proves the stick re-enumerated (the old ttys may linger briefly).
    until: (s) =>
      SERIAL_MODES.includes(s.mode) && s.ttys.length > 0 &&
      (s.devnum !== before.devnum || s.pid !== before.pid),
  });
  ctx.settling.expect(before.portPath, early.settled);
  return early.stick;
}

async function requirePin(observed: Observed, ctx: DriverContext): Promise<string> {
  const pin = await ctx.secrets.pin(observed.resolved.settings);
  if (pin === null) {
    throw new Error(
      `Cannot unlock the SIM of stick "${observed.stick.portPath}": the profile names no PIN source for it`,
    );
  }
  return pin;
}
