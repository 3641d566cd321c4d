// Pure: no I/O. USB port paths as the kernel names devices ("1-3", "1-1.2"): parsing, ordering,
// and the udev ID_PATH prefix derived from where the device sits in /sys/devices.

/** A USB port path parsed: the bus and the hub port chain of a kernel device name ("1-1.2"). */
export interface PortPath {
  bus: number;
  /** Hub port chain from the root hub down, e.g. [1, 2] for "1-1.2". */
  ports: number[];
}

const PORT_PATH = /^(\d+)-(\d+(?:\.\d+)*)$/;

/** Reads "1-1.2" as {bus: 1, ports: [1, 2]}; null for anything else (root hubs, interfaces). */
export function parsePortPath(name: string): PortPath | null {
  const m = PORT_PATH.exec(name);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { bus: Number(m[1]), ports: m[2].split(".").map(Number) };
}

/** The kernel name for a bus and a port chain (what libusb_get_port_numbers returns). */
export function formatPortPath(bus: number, ports: readonly number[]): string {
  return `${bus}-${ports.join(".")}`;
}

/** Numeric order: "1-2" before "1-10", bus first, then hub depth by depth. */
export function comparePortPaths(a: string, b: string): number {
  const pa = parsePortPath(a);
  const pb = parsePortPath(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa.bus !== pb.bus) return pa.bus - pb.bus;
  for (let i = 0; i < Math.min(pa.ports.length, pb.ports.length); i++) {
    const d = (pa.ports[i] ?? 0) - (pb.ports[i] ?? 0);
    if (d !== 0) return d;
  }
  return pa.ports.length - pb.ports.length;
}

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
const ROOT_HUB = /^usb\d+$/;

/**
 * udev's ID_PATH prefix for a USB device, the way systemd's path_id builds it: the host
 * controller nearest the root hub ("pci-0000:00:14.0" or "platform-3f980000.usb"), then
 * "usb-0:" and the port chain. `devicePath` is the resolved sysfs path relative to the sysfs
 * root ("devices/pci0000:00/0000:00:14.0/usb1/1-3"). Null when no controller is recognisable.
 */
export function idPathFor(devicePath: string, portPath: string): string | null {
  const parsed = parsePortPath(portPath);
  if (!parsed) return null;
  const parts = devicePath.split("/").filter((p) => p !== "");
  const hub = parts.findIndex((p) => ROOT_HUB.test(p));
  const controller = hub > 0 ? parts[hub - 1] : undefined;
  if (controller === undefined) return null;
  const usb = `usb-0:${parsed.ports.join(".")}`;
  if (PCI_ADDRESS.test(controller)) return `pci-${controller}-${usb}`;
  if (parts[0] === "devices" && parts[1] === "platform") return `platform-${controller}-${usb}`;
  return null;
}
