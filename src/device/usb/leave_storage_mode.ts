// The whole "leave storage mode" step for one stick: let the system's usb_modeswitch act first
// when its rule covers the stick, else (or if it did not) send the Huawei message ourselves, then
// follow the port until the stick shows up in its new personality.

import type { Stick } from "../stick.ts";
import { log } from "../../log/logger.ts";
import { ReenumerationTimeoutError, waitForStick } from "../wait_reenumeration.ts";
import type { HuaweiMessage } from "./huawei_messages.ts";
import { type ModeSwitchOptions, sendHuaweiModeSwitch } from "./modeswitch.ts";
import { modeSwitchPlanFor } from "./modeswitch_plan.ts";
import {
  type AltSwitch,
  decideModeSwitch,
  detectSystemModeswitch,
  type ModeSwitchDecision,
} from "./system_modeswitch.ts";

/** What leaveStorageMode needs: the roots, the stick in storage mode and the wait bounds. */
export interface LeaveStorageModeOptions extends ModeSwitchOptions {
  sysfsRoot: string;
  devRoot: string;
  /** Prefix of system files (udev rules, usb_modeswitch config); "/" normally. */
  root: string;
  /** The stick as discovered, in storage mode. */
  stick: Stick;
  /** Overrides the plan's message. */
  message?: HuaweiMessage;
  /** What the port is known to hold (names.json, or learnt in this run): a stick that takes the
   * AltMode switch gets it at once, never after the system's usb_modeswitch. */
  altSwitch?: AltSwitch | null;
  /** Time the system's usb_modeswitch gets before stickmode sends its own message. */
  systemWaitMs?: number;
  /** Time the stick gets to come back after our message. No source measures it: be generous. */
  reenumerationTimeoutMs: number;
  pollMs?: number;
}

/** The stick after the switch, who switched it (udev's usb_modeswitch or stickmode) and why. */
export interface LeaveStorageModeResult {
  stick: Stick;
  switchedBy: "system" | "stickmode";
  decision: ModeSwitchDecision;
}

/**
 * Moves a stick out of storage mode, by the system's usb_modeswitch or by stickmode.
 *
 * @returns The stick in its new personality.
 * @throws {ModeSwitchError} When the switch message cannot be sent.
 * @throws {ReenumerationTimeoutError} When the stick does not come back out of storage mode.
 */
export async function leaveStorageMode(
  options: LeaveStorageModeOptions,
): Promise<LeaveStorageModeResult> {
  const { stick } = options;
  const left = (s: Stick) => s.mode !== "storage";
  const follow = {
    sysfsRoot: options.sysfsRoot,
    devRoot: options.devRoot,
    portPath: stick.portPath,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  };
  const system = await detectSystemModeswitch(options.root);
  const altSwitch = options.altSwitch ?? null;
  const decision = decideModeSwitch(system, stick, options.systemWaitMs, altSwitch);
  log.info("Leaving storage mode", {
    port: stick.portPath,
    action: decision.action,
    reason: decision.reason,
  });
  if (decision.action === "wait-for-system") {
    try {
      const after = await waitForStick({
        ...follow,
        until: left,
        expected: "a non-storage mode",
        timeoutMs: decision.waitMs,
      });
      return { stick: after, switchedBy: "system", decision };
    } catch (e) {
      if (!(e instanceof ReenumerationTimeoutError)) throw e;
      log.warn(
        "Cannot leave storage mode through the system's usb_modeswitch: not switched within " +
          `${e.ms} ms (last seen ${e.lastSeen}); sending the message`,
        { port: stick.portPath },
      );
    }
  }
  const plan = await modeSwitchPlanFor(stick.vid, stick.pid, options.root, altSwitch);
  const message = options.message ?? plan.message;
  const switchOptions: ModeSwitchOptions = {};
  if (options.lib) switchOptions.lib = options.lib;
  if (options.timeoutMs !== undefined) switchOptions.timeoutMs = options.timeoutMs;
  await sendHuaweiModeSwitch({ portPath: stick.portPath }, message, switchOptions);
  log.info("Sent the Huawei mode-switch message", {
    port: stick.portPath,
    message,
    source: plan.source,
  });
  const after = await waitForStick({
    ...follow,
    until: left,
    expected: plan.targetProducts.length > 0
      ? `a non-storage mode (usb-modeswitch-data expects ${plan.targetProducts.join(",")})`
      : "a non-storage mode",
    timeoutMs: options.reenumerationTimeoutMs,
  });
  return { stick: after, switchedBy: "stickmode", decision };
}
