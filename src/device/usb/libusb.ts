// The one place libusb-1.0 is opened. Symbols are the C prototypes the Huawei mode-switch needs
// (usb_modeswitch's sequence). libusb returns its error codes instead of setting errno, so only
// the bulk transfer, which carries its own timeout, runs off the JS thread.

import { ExpectedError } from "../../errors/expected.ts";

/** The libusb-1.0 symbols stickmode calls, for Deno.dlopen (C prototypes in the comments). */
export const LIBUSB_SYMBOLS = {
  // int libusb_init(libusb_context **ctx);
  libusb_init: { parameters: ["buffer"], result: "i32" },
  // void libusb_exit(libusb_context *ctx);
  libusb_exit: { parameters: ["pointer"], result: "void" },
  // ssize_t libusb_get_device_list(libusb_context *ctx, libusb_device ***list);
  libusb_get_device_list: { parameters: ["pointer", "buffer"], result: "isize" },
  // void libusb_free_device_list(libusb_device **list, int unref_devices);
  libusb_free_device_list: { parameters: ["pointer", "i32"], result: "void" },
  // int libusb_get_device_descriptor(libusb_device *dev, struct libusb_device_descriptor *desc);
  libusb_get_device_descriptor: { parameters: ["pointer", "buffer"], result: "i32" },
  // uint8_t libusb_get_bus_number(libusb_device *dev);
  libusb_get_bus_number: { parameters: ["pointer"], result: "u8" },
  // uint8_t libusb_get_device_address(libusb_device *dev);
  libusb_get_device_address: { parameters: ["pointer"], result: "u8" },
  // int libusb_get_port_numbers(libusb_device *dev, uint8_t *port_numbers, int port_numbers_len);
  libusb_get_port_numbers: { parameters: ["pointer", "buffer", "i32"], result: "i32" },
  // int libusb_get_active_config_descriptor(libusb_device *dev,
  //                                         struct libusb_config_descriptor **config);
  libusb_get_active_config_descriptor: { parameters: ["pointer", "buffer"], result: "i32" },
  // void libusb_free_config_descriptor(struct libusb_config_descriptor *config);
  libusb_free_config_descriptor: { parameters: ["pointer"], result: "void" },
  // int libusb_open(libusb_device *dev, libusb_device_handle **dev_handle);
  libusb_open: { parameters: ["pointer", "buffer"], result: "i32" },
  // void libusb_close(libusb_device_handle *dev_handle);
  libusb_close: { parameters: ["pointer"], result: "void" },
  // int libusb_kernel_driver_active(libusb_device_handle *dev_handle, int interface_number);
  libusb_kernel_driver_active: { parameters: ["pointer", "i32"], result: "i32" },
  // int libusb_detach_kernel_driver(libusb_device_handle *dev_handle, int interface_number);
  libusb_detach_kernel_driver: { parameters: ["pointer", "i32"], result: "i32" },
  // int libusb_claim_interface(libusb_device_handle *dev_handle, int interface_number);
  libusb_claim_interface: { parameters: ["pointer", "i32"], result: "i32" },
  // int libusb_release_interface(libusb_device_handle *dev_handle, int interface_number);
  libusb_release_interface: { parameters: ["pointer", "i32"], result: "i32" },
  // int libusb_bulk_transfer(libusb_device_handle *dev_handle, unsigned char endpoint,
  //     unsigned char *data, int length, int *actual_length, unsigned int timeout);
  // (worker thread; bounded by its own timeout)
  libusb_bulk_transfer: {
    parameters: ["pointer", "u8", "buffer", "i32", "buffer", "u32"],
    result: "i32",
    nonblocking: true,
  },
  // const char *libusb_error_name(int errcode);
  libusb_error_name: { parameters: ["i32"], result: "pointer" },
} as const;

/** The loaded libusb symbols. */
export type Libusb = Deno.DynamicLibrary<typeof LIBUSB_SYMBOLS>["symbols"];

/** The shared library loaded unless STICKMODE_LIBUSB names another. */
export const LIBUSB_SONAME = "libusb-1.0.so.0";
/** Environment variable that points stickmode at another libusb build (tests: a fake). */
export const LIBUSB_ENV = "STICKMODE_LIBUSB";

/** libusb cannot be loaded: says which Debian package brings it. */
export class LibusbMissingError extends ExpectedError {
  override name = "LibusbMissingError";
  constructor(readonly path: string, detail: string) {
    super(
      `Cannot load libusb "${path}": install the Debian package "libusb-1.0-0" ` +
        `(or set ${LIBUSB_ENV}): ${detail}`,
    );
  }
}

/** A libusb call returned an error code. */
export class LibusbError extends Error {
  override name = "LibusbError";
  constructor(readonly call: string, readonly code: number, readonly codeName: string) {
    super(`Cannot call ${call}: ${codeName}`);
  }
}

const opened = new Map<string, Libusb>();

/** The path stickmode loads: $STICKMODE_LIBUSB, else the soname. */
export function libusbPath(): string {
  return Deno.env.get(LIBUSB_ENV) || LIBUSB_SONAME;
}

/**
 * Opens libusb once per path.
 *
 * @throws {LibusbMissingError} When the library cannot be loaded.
 */
export function libusb(path = libusbPath()): Libusb {
  let lib = opened.get(path);
  if (lib === undefined) {
    try {
      lib = Deno.dlopen(path, LIBUSB_SYMBOLS).symbols;
    } catch (e) {
      throw new LibusbMissingError(path, e instanceof Error ? e.message : String(e));
    }
    opened.set(path, lib);
  }
  return lib;
}

// libusb.h enum libusb_error, for when libusb_error_name is unavailable.
const ERROR_NAMES: Record<number, string> = {
  [-1]: "LIBUSB_ERROR_IO",
  [-2]: "LIBUSB_ERROR_INVALID_PARAM",
  [-3]: "LIBUSB_ERROR_ACCESS",
  [-4]: "LIBUSB_ERROR_NO_DEVICE",
  [-5]: "LIBUSB_ERROR_NOT_FOUND",
  [-6]: "LIBUSB_ERROR_BUSY",
  [-7]: "LIBUSB_ERROR_TIMEOUT",
  [-8]: "LIBUSB_ERROR_OVERFLOW",
  [-9]: "LIBUSB_ERROR_PIPE",
  [-10]: "LIBUSB_ERROR_INTERRUPTED",
  [-11]: "LIBUSB_ERROR_NO_MEM",
  [-12]: "LIBUSB_ERROR_NOT_SUPPORTED",
  [-99]: "LIBUSB_ERROR_OTHER",
};
/** libusb's return code for a device that is gone. */
export const LIBUSB_ERROR_NO_DEVICE = -4;
/** libusb's return code for an entity (interface, kernel driver) that does not exist. */
export const LIBUSB_ERROR_NOT_FOUND = -5;
/** libusb's return code for an operation the platform does not support. */
export const LIBUSB_ERROR_NOT_SUPPORTED = -12;

/** "LIBUSB_ERROR_BUSY" for -6, asking the library first. */
export function libusbErrorName(lib: Libusb, code: number): string {
  const p = lib.libusb_error_name(code);
  if (p !== null) return Deno.UnsafePointerView.getCString(p);
  return ERROR_NAMES[code] ?? `libusb error ${code}`;
}

/**
 * `code` when it is not negative.
 *
 * @throws {LibusbError} When `code` is negative (a libusb error).
 */
export function check(lib: Libusb, call: string, code: number): number {
  if (code < 0) throw new LibusbError(call, code, libusbErrorName(lib, code));
  return code;
}
