// The I/O of the recovery ladder's rungs on one stick. Each returns when its action is done (the
// stick may still be re-enumerating: the next run looks again) and throws an Error naming the
// stick and the rung when it could not be done.

import { AtSession } from "../at/session.ts";
import { runHostCommand } from "../host/host_command.ts";
import type { Rung } from "./recovery_plan.ts";
import { pathExists } from "../ffi/path_exists.ts";

/** The stick a rung acts on. */
export interface RungTarget {
  /** Its name (or its port when it has none), for messages. */
  name: string;
  portPath: string;
  /** Its PCUI tty, for the AT rungs; null when it shows none. */
  pcui: string | null;
}

/** Where and how long the rungs act. */
export interface RungContext {
  sysfsRoot: string;
  lockDir: string;
  atTimeoutMs: number;
  /** Bound on the USB rungs' waits and on uhubctl (default 10 s). */
  waitMs?: number;
}

/** What each rung does, for the report and the journal. */
export const RUNG_ACTIONS: Readonly<Record<Rung, string>> = {
  "radio-restart": "restart the radio (AT+CFUN=1,1)",
  "stick-reset": "restart the stick (AT^RESET)",
  "usb-reset": "reset the USB port (sysfs authorized 0 -> 1)",
  "driver-rebind": "unbind and bind its USB interfaces' drivers",
  "hub-power-cycle": "power-cycle its hub port (uhubctl)",
};

/** Runs `rung` on `target`. */
export async function runRung(rung: Rung, target: RungTarget, ctx: RungContext): Promise<void> {
  const cannot = (detail: string) =>
    new Error(`Cannot ${RUNG_ACTIONS[rung]} of stick "${target.name}": ${detail}`);
  try {
    switch (rung) {
      case "radio-restart":
        return await atReboot(target, ctx, "AT+CFUN=1,1");
      case "stick-reset":
        return await atReboot(target, ctx, "AT^RESET");
      case "usb-reset":
        return await usbReset(target.portPath, ctx);
      case "driver-rebind":
        return rebindDrivers(target.portPath, ctx.sysfsRoot);
      case "hub-power-cycle":
        return await hubPowerCycle(target.portPath, ctx.waitMs ?? 10_000);
    }
  } catch (e) {
    throw cannot(e instanceof Error ? e.message : String(e));
  }
}

async function atReboot(target: RungTarget, ctx: RungContext, command: string): Promise<void> {
  if (target.pcui === null) throw new Error("it shows no PCUI port");
  const session = await AtSession.open(target.pcui, {
    lockDir: ctx.lockDir,
    defaultTimeoutMs: ctx.atTimeoutMs,
  });
  try {
    await session.command(command, { allowWrite: true });
  } finally {
    session.close();
  }
}

/** The device's directory in the (fake) sysfs tree. */
function deviceDir(sysfsRoot: string, portPath: string): string {
  return `${sysfsRoot}/bus/usb/devices/${portPath}`;
}

/** authorized 0: the kernel disconnects the device; once its interfaces are gone (bounded), 1
 * connects it afresh. A device that left the bus by itself meanwhile comes back on its own. */
async function usbReset(portPath: string, ctx: RungContext): Promise<void> {
  const dir = deviceDir(ctx.sysfsRoot, portPath);
  Deno.writeTextFileSync(`${dir}/authorized`, "0", { create: false });
  const deadline = performance.now() + (ctx.waitMs ?? 10_000);
  while (pathExists(`${dir}/${portPath}:1.0`) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
  }
  try {
    Deno.writeTextFileSync(`${dir}/authorized`, "1", { create: false });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/** Each interface with a driver bound: its name to the driver's unbind, then to its bind. */
function rebindDrivers(portPath: string, sysfsRoot: string): void {
  const dir = deviceDir(sysfsRoot, portPath);
  const bound: Array<{ iface: string; driver: string }> = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.name.startsWith(`${portPath}:`)) continue;
    const link = `${dir}/${entry.name}/driver`;
    if (pathExists(link)) bound.push({ iface: entry.name, driver: Deno.realPathSync(link) });
  }
  if (bound.length === 0) throw new Error("no interface of it has a driver bound");
  for (const { iface, driver } of bound) Deno.writeTextFileSync(`${driver}/unbind`, iface);
  for (const { iface, driver } of bound) Deno.writeTextFileSync(`${driver}/bind`, iface);
}

/** uhubctl's hub location and port of a USB port path: "1-1.2" is port 2 of hub "1-1", "1-3"
 * port 3 of root hub "1". */
export function hubPortOf(portPath: string): { hub: string; port: string } {
  const cut = Math.max(portPath.lastIndexOf("."), portPath.lastIndexOf("-"));
  return { hub: portPath.slice(0, cut), port: portPath.slice(cut + 1) };
}

async function hubPowerCycle(portPath: string, timeoutMs: number): Promise<void> {
  const { hub, port } = hubPortOf(portPath);
  const argv = ["uhubctl", "-l", hub, "-p", port, "-a", "cycle"];
  const r = await runHostCommand(argv, timeoutMs);
  if (r.kind === "not-installed") throw new Error("uhubctl is not installed");
  if (r.kind === "timed-out") {
    throw new Error(`"${argv.join(" ")}" timed out after ${timeoutMs} ms`);
  }
  if (r.code !== 0) throw new Error(`"${argv.join(" ")}" exited ${r.code}`);
}
