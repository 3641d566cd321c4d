// Pure: no I/O. What discovery knows about one USB stick, shared by status, reconcile and the sim.

/** USB personality of a Huawei stick (docs/domain.md#usb-personalities). */
export type Mode = "storage" | "hilink" | "debug" | "modem" | "unknown";

/** What a tty of a stick is for: the dialer takes `modem`, stickmode talks on `pcui`. */
export type TtyRole = "modem" | "pcui" | "diag" | "unknown";

/** One USB interface of a stick, as sysfs lists it. */
export interface UsbInterface {
  /** bInterfaceNumber, two hex digits as sysfs writes it ("00"). */
  number: string;
  /** class/subclass/protocol, two lower-case hex digits each. */
  class: string;
  subclass: string;
  protocol: string;
  /** Bound kernel driver from uevent DRIVER=, or null. */
  driver: string | null;
}

/** A tty a stick exposes, with the role its interface plays. */
export interface StickTty {
  /** Kernel name, e.g. "ttyUSB0". */
  name: string;
  role: TtyRole;
  /** Interface number it hangs off ("00"). */
  interfaceNumber: string;
  /** Path under --dev-root, e.g. "/dev/ttyUSB0". */
  devPath: string;
}

/** A Huawei stick as discovered in sysfs: where it sits, its ids, mode, interfaces and ttys. */
export interface Stick {
  /** Kernel USB device name = physical port path ("1-3", "1-1.2"): survives mode switches. */
  portPath: string;
  /** udev ID_PATH prefix of the device ("pci-0000:00:14.0-usb-0:3"), null when not derivable. */
  idPath: string | null;
  /** Four lower-case hex digits. */
  vid: string;
  pid: string;
  mode: Mode;
  manufacturer: string | null;
  product: string | null;
  serial: string | null;
  busnum: number | null;
  devnum: number | null;
  interfaces: UsbInterface[];
  ttys: StickTty[];
  /** Network interface of a HiLink/NCM function, e.g. "eth1", or null. */
  netInterface: string | null;
}
