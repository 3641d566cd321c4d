// The USB devices libusb sees, inside a scope that owns the libusb context and device list (the
// device pointers are valid only inside it).

import { check, type Libusb, libusb } from "./libusb.ts";
import { DEVICE_DESCRIPTOR_SIZE, readDeviceIds } from "./descriptors.ts";
import { formatPortPath } from "../port_path.ts";

/** A USB device as libusb lists it: its address, port path and ids. */
export interface UsbDeviceRef {
  busnum: number;
  devnum: number;
  /** Kernel name from bus + port chain ("1-3"), null when libusb cannot tell. */
  portPath: string | null;
  /** Four lower-case hex digits. */
  vid: string;
  pid: string;
  pointer: Deno.PointerObject;
}

/** libusb's maximum hub depth is 7 (USB 3.0 spec). */
const MAX_PORT_DEPTH = 7;

function pointerAt(buffer: BigUint64Array, index = 0): Deno.PointerValue {
  return Deno.UnsafePointer.create(buffer[index] ?? 0n);
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/** Runs `fn` with every device on every bus; frees the list and the context afterwards. */
export async function withUsbDevices<T>(
  fn: (lib: Libusb, devices: UsbDeviceRef[]) => Promise<T> | T,
  lib: Libusb = libusb(),
): Promise<T> {
  const ctxOut = new BigUint64Array(1);
  check(lib, "libusb_init", lib.libusb_init(ctxOut));
  const ctx = pointerAt(ctxOut);
  const listOut = new BigUint64Array(1);
  try {
    const count = Number(
      check(lib, "libusb_get_device_list", Number(lib.libusb_get_device_list(ctx, listOut))),
    );
    const list = pointerAt(listOut);
    try {
      const devices: UsbDeviceRef[] = [];
      const view = list === null ? null : new Deno.UnsafePointerView(list);
      for (let i = 0; i < count && view !== null; i++) {
        const pointer = view.getPointer(i * 8);
        if (pointer !== null) devices.push(describe(lib, pointer));
      }
      return await fn(lib, devices);
    } finally {
      if (list !== null) lib.libusb_free_device_list(list, 1);
    }
  } finally {
    lib.libusb_exit(ctx);
  }
}

function describe(lib: Libusb, pointer: Deno.PointerObject): UsbDeviceRef {
  const descriptor = new Uint8Array(DEVICE_DESCRIPTOR_SIZE);
  check(lib, "libusb_get_device_descriptor", lib.libusb_get_device_descriptor(pointer, descriptor));
  const ids = readDeviceIds(descriptor);
  const busnum = lib.libusb_get_bus_number(pointer);
  const ports = new Uint8Array(MAX_PORT_DEPTH);
  const depth = lib.libusb_get_port_numbers(pointer, ports, ports.length);
  return {
    busnum,
    devnum: lib.libusb_get_device_address(pointer),
    portPath: depth > 0 ? formatPortPath(busnum, [...ports.subarray(0, depth)]) : null,
    vid: hex4(ids.vid),
    pid: hex4(ids.pid),
    pointer,
  };
}
