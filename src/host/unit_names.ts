// Pure: no I/O. The one rule for stick names, shared by the profile schema (validate) and the host
// renderers (apply), and systemd's escaping of a name into a unit instance. A stick name becomes
// /dev/<name> and /dev/<name>-at (udev SYMLINK), a systemd instance, a wvdial section, a pppd peer
// stickmode-<name> and a UUCP lock LCK..<name>: a name is accepted only if it works in all of them.

/** Longest stick name. */
export const STICK_NAME_MAX = 32;
/** Letters, digits, "_", "." and "-", starting with a letter or digit: no "." or ".." path, no
 * option-like "-x", nothing udev's SYMLINK would rewrite (it keeps [A-Za-z0-9#+-.:=@_/]). */
export const STICK_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
/** What the AT (PCUI) symlink adds to the name: /dev/gsm0-at. */
export const AT_LINK_SUFFIX = "-at";

// Names the kernel, udev or systemd already use directly under /dev: a SYMLINK there would fail
// ("Conflicting device node") or, worse, shadow a device. Exact names and numbered families.
const RESERVED_NAMES = new Set(
  [
    "autofs block bsg btrfs-control bus char console core cpu cpu_dma_latency cuse disk " +
    "dma_heap dri dvb fd full fuse gpiochip hpet hugepages hwrng initctl input kfd kmem kmsg " +
    "kvm log loop-control mapper mcelog mem mqueue net null nvram port ppp ptmx pts random " +
    "rfkill rtc serial shm snapshot snd stderr stdin stdout tty udmabuf uhid uinput urandom " +
    "usb userfaultfd v4l vfio vga_arbiter vhci vhost-net vhost-vsock watchdog zero " +
    "zfs",
  ].join("").split(" "),
);
// Kernel name families: every tty* (ttyUSB0, ttyACM0, ttyS0 ...), disks and partitions, loop
// and ram disks, consoles, frame buffers, video, hidraw, and the cdc-wdm and wwan ports a stick
// itself brings. Each ends in digits ([0-9]+, [0-9]* or [0-9].*), which namePrefixProblem needs.
const RESERVED_FAMILIES = new RegExp(
  "^(" + [
    "tty.*",
    "pty.*",
    "sd[a-z]{1,3}[0-9]*",
    "hd[a-z]{1,3}[0-9]*",
    "vd[a-z]{1,3}[0-9]*",
    "xvd[a-z]{1,3}[0-9]*",
    "nvme[0-9].*",
    "mmcblk[0-9].*",
    "mtd[0-9].*",
    "wwan[0-9].*",
    "spidev[0-9].*",
    "ng[0-9].*",
    "(sr|sg|md|nbd|zram|loop|ram|fb|video|media|hidraw|usbmon|lp|parport|tpm|tpmrm|rtc)[0-9]+",
    "(watchdog|gpiochip|event|dm-|i2c-|cdc-wdm|ptp|uio|mei)[0-9]+",
    "vcs[a-z]*[0-9]*",
  ].join("|") + ")$",
);

const quote = (v: string) => JSON.stringify(v);

/**
 * Why `name` cannot be a stick name, as "expected ..., found ..." (the profile's message style),
 * or null when it can. The profile schema and the host renderers both call this.
 */
export function stickNameProblem(name: string): string | null {
  if (!STICK_NAME_PATTERN.test(name)) {
    return `expected a device name like "uplink-a" (1-${STICK_NAME_MAX} letters, digits, "_", ` +
      `"." or "-", starting with a letter or digit), found ${quote(name)}`;
  }
  const clash = clashOf(name);
  return clash === null ? null : `expected a name that ${clash.expected}, found ${quote(name)}`;
}

/** A well-formed name that still cannot be used, and what it must not be. */
function clashOf(name: string): { expected: string; is: string } | null {
  if (name.endsWith(AT_LINK_SUFFIX)) {
    return {
      expected: `does not end in "${AT_LINK_SUFFIX}" (the AT port of stick "x" is /dev/x-at)`,
      is: `ends in "${AT_LINK_SUFFIX}"`,
    };
  }
  if (RESERVED_NAMES.has(name) || RESERVED_FAMILIES.test(name)) {
    return {
      expected: "the kernel does not use under /dev",
      is: "a kernel device name under /dev",
    };
  }
  return null;
}

/** Longest name prefix: room for up to four digits after it. */
export const NAME_PREFIX_MAX = STICK_NAME_MAX - 4;
/** The prefix's characters, length and last character (the JSON schema's pattern). */
export const NAME_PREFIX_SHAPE = /^([A-Za-z]|[A-Za-z0-9][A-Za-z0-9_.-]{0,26}[A-Za-z_.-])$/;

/**
 * Why `prefix` cannot be the udev.namePrefix, or null. Its names PREFIX0, PREFIX1 ... must pass
 * stickNameProblem: every reserved family above ends in [0-9]+ or [0-9]*, so PREFIX0 passing
 * means every PREFIXn passes. No final digit, so gsm1 + 0 never reads as a different prefix.
 */
export function namePrefixProblem(prefix: string): string | null {
  if (!NAME_PREFIX_SHAPE.test(prefix)) {
    return `expected a prefix like "gsm" (1-${NAME_PREFIX_MAX} letters, digits, "_", "." or ` +
      `"-", starting with a letter or digit, not ending in a digit), found ${quote(prefix)}`;
  }
  const clash = clashOf(`${prefix}0`);
  if (clash !== null) {
    return `expected a prefix whose names are allowed stick names, found ${quote(prefix)} ` +
      `("${prefix}0" is ${clash.is})`;
  }
  return null;
}

// systemd's unit name alphabet, kept as is (systemd.unit(5), "String Escaping"); ":" included.
const UNESCAPED = /^[A-Za-z0-9:_.]$/;

/**
 * What `systemd-escape STRING` prints: "/" becomes "-", a leading "." and every byte outside
 * [A-Za-z0-9:_.] become "\xNN" ("uplink-a" -> "uplink\x2da"), so %I gives the string back.
 */
export function systemdEscape(value: string): string {
  let out = "";
  let index = 0;
  for (const char of value) {
    if (char === "/") out += "-";
    else if (UNESCAPED.test(char) && !(index === 0 && char === ".")) out += char;
    else {
      for (const byte of new TextEncoder().encode(char)) {
        out += `\\x${byte.toString(16).padStart(2, "0")}`;
      }
    }
    index += char.length;
  }
  return out;
}

/** The device unit of a path, as `systemd-escape --path --suffix=device` names it, for a path
 * without "//", "/./" or a trailing "/" ("/dev/uplink-a" -> "dev-uplink\x2da.device"). */
export function deviceUnitName(path: string): string {
  return `${systemdEscape(path.replace(/^\/+/, ""))}.device`;
}
