// Binding the kernel's option driver to a stick by its USB id (new_id), for a stick the driver's
// own table does not list: the Brovi E3372-325 (3566:2001) shows its serial interfaces only then
// (OpenWrt forum thread 153556). The same write the host's udev rule makes at each plug; here
// for a stick reconciled before that rule exists.

import { pathUnder } from "../ffi/path_under.ts";

/** Where the option driver takes ids, under the sysfs root (usb-serial drivers are "option1"). */
export const OPTION_NEW_ID_PATH = "/bus/usb-serial/drivers/option1/new_id";

/**
 * Adds `vid pid ff` (vendor-specific interfaces only) to option's ids. An id the driver already
 * holds is not an error.
 *
 * @throws {Error} When the driver's new_id cannot be written (option not loaded, not root).
 */
export async function bindOptionById(
  sysfsRoot: string,
  stick: { portPath: string; vid: string; pid: string },
): Promise<void> {
  const path = pathUnder(sysfsRoot, OPTION_NEW_ID_PATH);
  try {
    await Deno.writeTextFile(path, `${stick.vid} ${stick.pid} ff\n`, { create: false });
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return;
    const state = e instanceof Deno.errors.NotFound
      ? "not there (is the option module loaded?)"
      : e instanceof Error
      ? e.message
      : String(e);
    throw new Error(
      `Cannot bind the option driver to stick "${stick.portPath}" (${stick.vid}:${stick.pid}): ` +
        `"${path}" ${state}`,
    );
  }
}
