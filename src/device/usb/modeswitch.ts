// Sending the Huawei mode-switch message, the way usb_modeswitch does (docs/domain.md#t7):
// find the device, insist that interface 0 is mass storage, detach usb-storage, claim interface
// 0, write the 31-byte CBW to its bulk OUT endpoint, release, close. The stick then drops off the
// bus; follow it with waitForStick().

import {
  check,
  type Libusb,
  LIBUSB_ERROR_NO_DEVICE,
  LIBUSB_ERROR_NOT_FOUND,
  LIBUSB_ERROR_NOT_SUPPORTED,
  LibusbError,
  libusbErrorName,
} from "./libusb.ts";
import { type InterfaceDescriptor, readConfigInterfaces } from "./descriptors.ts";
import { CBW_LENGTH, type HuaweiMessage, huaweiMessageBytes } from "./huawei_messages.ts";
import { type UsbDeviceRef, withUsbDevices } from "./usb_devices.ts";
import { isCatalogued } from "../catalog.ts";

/** The device to switch: its bus address, or its port path to look the address up by. */
export type ModeSwitchTarget = { busnum: number; devnum: number } | { portPath: string };

/** Bounds and the libusb to use for a mode switch. */
export interface ModeSwitchOptions {
  /** Bound on the bulk transfer (libusb enforces it). Default 1000 ms as usb_modeswitch. */
  timeoutMs?: number;
  /** A libusb other than the default (tests). */
  lib?: Libusb;
}

/** The device a switch message was sent to, its ids and the message sent. */
export interface ModeSwitchResult {
  portPath: string | null;
  busnum: number;
  devnum: number;
  vid: string;
  pid: string;
  message: HuaweiMessage;
  endpoint: number;
  bytesSent: number;
  /** The stick left the bus during the transfer (it may still have taken the message). */
  deviceLeft: boolean;
}

/** The switch could not be sent: names the device and the step. */
export class ModeSwitchError extends Error {
  override name = "ModeSwitchError";
  constructor(readonly device: string, readonly step: string, detail: string) {
    super(`Cannot send the Huawei mode-switch message to ${device}: ${step}: ${detail}`);
  }
}

const CLASS_MASS_STORAGE = 8;
const TRANSFER_BULK = 2;
const DIRECTION_IN = 0x80;

function describeTarget(target: ModeSwitchTarget): string {
  return "portPath" in target
    ? `port "${target.portPath}"`
    : `bus ${target.busnum} device ${target.devnum}`;
}

function isTarget(target: ModeSwitchTarget, d: UsbDeviceRef): boolean {
  return "portPath" in target
    ? d.portPath === target.portPath
    : d.busnum === target.busnum && d.devnum === target.devnum;
}

/**
 * Sends `message` ("new" = HuaweiNewMode, "alt" = HuaweiAltMode) to one stick.
 *
 * @throws {ModeSwitchError} When the device is not found, not a Huawei stick in storage mode, or
 * the transfer fails; the message names the device and the step.
 * @throws {LibusbMissingError} When libusb cannot be loaded.
 */
export function sendHuaweiModeSwitch(
  target: ModeSwitchTarget,
  message: HuaweiMessage,
  options: ModeSwitchOptions = {},
): Promise<ModeSwitchResult> {
  const label = describeTarget(target);
  const run = async (lib: Libusb, devices: UsbDeviceRef[]) => {
    const device = devices.find((d) => isTarget(target, d));
    if (!device) {
      throw new ModeSwitchError(
        label,
        "find device",
        `not on the bus (${devices.length} USB devices seen)`,
      );
    }
    const who = `${label} (${device.vid}:${device.pid})`;
    if (!isCatalogued(device.vid, device.pid)) {
      throw new ModeSwitchError(who, "check vendor", `not a Huawei device`);
    }
    const iface0 = readInterfaceZero(lib, device, who);
    if (iface0.class !== CLASS_MASS_STORAGE) {
      throw new ModeSwitchError(
        who,
        "check interface 0",
        `class ${hex2(iface0.class)}, expected 08 (mass storage): the stick is not in storage mode`,
      );
    }
    const out = iface0.endpoints.find((e) =>
      e.transferType === TRANSFER_BULK && !(e.address & DIRECTION_IN)
    );
    if (!out) throw new ModeSwitchError(who, "find bulk OUT endpoint", "interface 0 has none");
    return await transfer(lib, device, who, out.address, message, options.timeoutMs ?? 1000);
  };
  return options.lib ? withUsbDevices(run, options.lib) : withUsbDevices(run);
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

function readInterfaceZero(lib: Libusb, device: UsbDeviceRef, who: string): InterfaceDescriptor {
  const out = new BigUint64Array(1);
  step(
    who,
    "read configuration",
    () =>
      check(
        lib,
        "libusb_get_active_config_descriptor",
        lib.libusb_get_active_config_descriptor(device.pointer, out),
      ),
  );
  const config = Deno.UnsafePointer.create(out[0] ?? 0n);
  if (config === null) {
    throw new ModeSwitchError(who, "read configuration", "no active configuration");
  }
  try {
    const iface0 = readConfigInterfaces(config).find((i) => i.number === 0);
    if (!iface0) {
      throw new ModeSwitchError(who, "check interface 0", "the device has no interface 0");
    }
    return iface0;
  } finally {
    lib.libusb_free_config_descriptor(config);
  }
}

/** Runs a libusb step, turning its LibusbError into a ModeSwitchError naming the step. */
function step<T>(who: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LibusbError) {
      throw new ModeSwitchError(who, what, `${e.call} failed: ${e.codeName}`);
    }
    throw e;
  }
}

async function transfer(
  lib: Libusb,
  device: UsbDeviceRef,
  who: string,
  endpoint: number,
  message: HuaweiMessage,
  timeoutMs: number,
): Promise<ModeSwitchResult> {
  const handleOut = new BigUint64Array(1);
  step(who, "open", () => check(lib, "libusb_open", lib.libusb_open(device.pointer, handleOut)));
  const handle = Deno.UnsafePointer.create(handleOut[0] ?? 0n);
  let claimed = false;
  try {
    const active = lib.libusb_kernel_driver_active(handle, 0);
    if (active === 1) {
      const rc = lib.libusb_detach_kernel_driver(handle, 0);
      if (rc !== LIBUSB_ERROR_NOT_FOUND && rc !== LIBUSB_ERROR_NOT_SUPPORTED) {
        step(who, "detach usb-storage", () => check(lib, "libusb_detach_kernel_driver", rc));
      }
    }
    step(
      who,
      "claim interface 0",
      () => check(lib, "libusb_claim_interface", lib.libusb_claim_interface(handle, 0)),
    );
    claimed = true;
    const data = huaweiMessageBytes(message);
    const actual = new Int32Array(1);
    // data and actual stay referenced until the worker-thread call resolves.
    const rc = await lib.libusb_bulk_transfer(
      handle,
      endpoint,
      data,
      data.length,
      actual,
      timeoutMs,
    );
    const deviceLeft = rc === LIBUSB_ERROR_NO_DEVICE;
    if (rc < 0 && !deviceLeft) {
      throw new ModeSwitchError(
        who,
        `send to endpoint 0x${hex2(endpoint)}`,
        `libusb_bulk_transfer failed: ${libusbErrorName(lib, rc)} (timeout ${timeoutMs} ms)`,
      );
    }
    const bytesSent = actual[0] ?? 0;
    if (!deviceLeft && bytesSent !== CBW_LENGTH) {
      throw new ModeSwitchError(
        who,
        `send to endpoint 0x${hex2(endpoint)}`,
        `sent ${bytesSent} of ${CBW_LENGTH} bytes`,
      );
    }
    return {
      portPath: device.portPath,
      busnum: device.busnum,
      devnum: device.devnum,
      vid: device.vid,
      pid: device.pid,
      message,
      endpoint,
      bytesSent,
      deviceLeft,
    };
  } finally {
    // The stick may already be gone: release and close are best effort by then.
    if (claimed) lib.libusb_release_interface(handle, 0);
    lib.libusb_close(handle);
  }
}
