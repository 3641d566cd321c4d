// Pure: no I/O. What the tty dialers (wvdial, pppd) share: a template bound to the udev symlink
// /dev/<stick> (its device unit dev-%i.device) and the instance naming for it.

import { pppInterfaceName } from "../pppd_peers.ts";
import { systemdEscape } from "../unit_names.ts";
import type { Dialer, UdevStart } from "./dialer.ts";

/** [Unit] lines binding a template to /dev/%I: unplugging stops it, replugging starts it. */
export const TTY_DEVICE_BINDING: readonly string[] = [
  "# Unplugging the stick stops the dialer; replugging starts it again through udev.",
  "BindsTo=dev-%i.device",
  "After=dev-%i.device",
  "# An unattended dialer never gives up; start limits belong in [Unit], not [Service].",
  "StartLimitIntervalSec=0",
];

/** "stickmode-dialer@uplink\x2da.service": the instance is systemd-escaped, so the template's
 * %I is the name again and dev-%i.device is the unit of /dev/<name>. */
export function templateInstance(template: string, stickName: string): string {
  return template.replace("@", `@${systemdEscape(stickName)}`);
}

/** What a tty dialer (wvdial, pppd) asks of a stick: its modem port, no more. */
export const TTY_NEEDS = {
  ports: ["modem"],
  layoutCodes: [],
  nameProblem: () => null,
  routes: false,
  skipReason: () => null,
  link: "ppp",
  linkMayKeepKernelName: false,
  // pppd's `ifname ppp-<name>` (pppd_peers.ts); null past IFNAMSIZ (the kernel's pppN then).
  linkInterface: pppInterfaceName,
  redialsOverAt: false,
} as const satisfies Partial<Dialer>;

/** A tty dialer's unit comes with the stick's modem tty, whose /dev/<name> its template binds to. */
export function onModemTty(wants: string | null): UdevStart {
  return wants === null ? { rules: [] } : { onModemTty: `ENV{SYSTEMD_WANTS}+="${wants}"` };
}
