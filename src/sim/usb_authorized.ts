// A simulated stick's USB `authorized` attribute acted out (the USB port reset of the recovery
// ladder): the kernel disconnects a device the host writes 0 to, and connects it afresh on 1
// (Documentation/usb/authorization.rst). The fake tree is plain files, so the attribute is polled;
// a 0 reboots the simulated stick as a USB port reset (clearing a hang), and the fleet writes its
// tree again, authorized 1, once the stick is back.

/** Where the attribute of the device on `portPath` is in a (fake) sysfs tree. */
export function authorizedPath(sysfsRoot: string, portPath: string): string {
  return `${sysfsRoot}/bus/usb/devices/${portPath}/authorized`;
}

/** Calls `onDeauthorized` whenever the attribute reads 0, every `pollMs`; returns the stopper. */
export function watchAuthorized(
  sysfsRoot: string,
  portPath: string,
  onDeauthorized: () => void,
  pollMs = 25,
): () => void {
  const path = authorizedPath(sysfsRoot, portPath);
  const timer = setInterval(() => {
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch {
      return; // off the bus: no device, no attribute
    }
    if (text.trim() === "0") onDeauthorized();
  }, pollMs);
  return () => clearInterval(timer);
}
