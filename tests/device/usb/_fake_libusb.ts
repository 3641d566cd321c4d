// Test helper: builds the simulator's fake libusb (src/sim/fake_libusb.ts) once per test process
// and runs code with the fake's environment (FAKE_LIBUSB_*) set, restoring it afterwards.

import { type Libusb, libusb, LIBUSB_ENV } from "../../../src/device/usb/libusb.ts";
import { buildFakeLibusb as build, FAKE_LIBUSB_ENV } from "../../../src/sim/fake_libusb.ts";
import { SimFleet, type SimFleetOptions } from "../../../src/sim/fleet.ts";

let built: Promise<string> | undefined;

export function hasGcc(): boolean {
  try {
    return new Deno.Command("gcc", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Path of the built fake (in a temp dir removed at process exit). */
export function buildFakeLibusb(): Promise<string> {
  built ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    const out = await build(dir);
    if (out === null) throw new Error("Cannot build the fake libusb: no C compiler (cc, gcc)");
    return out;
  })();
  return built;
}

export interface FakeRun {
  lib: Libusb;
  /** Lines the fake recorded so far. */
  log(): Promise<string[]>;
  dir: string;
}

/** Runs `fn` against the fake with a device list and optional FAKE_LIBUSB_* settings. */
export async function withFakeLibusb(
  devices: string,
  env: Record<string, string>,
  fn: (run: FakeRun) => Promise<void>,
): Promise<void> {
  const path = await buildFakeLibusb();
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const settings: Record<string, string> = {
    FAKE_LIBUSB_DEVICES: `${dir}/devices`,
    FAKE_LIBUSB_LOG: `${dir}/calls.log`,
    ...env,
  };
  await Deno.writeTextFile(`${dir}/devices`, devices);
  for (const [k, v] of Object.entries(settings)) Deno.env.set(k, v);
  try {
    await fn({
      lib: libusb(path),
      dir,
      log: async () => {
        try {
          return (await Deno.readTextFile(`${dir}/calls.log`)).trim().split("\n").filter((l) =>
            l !== ""
          );
        } catch (e) {
          if (e instanceof Deno.errors.NotFound) return [];
          throw e;
        }
      },
    });
  } finally {
    for (const k of Object.keys(settings)) Deno.env.delete(k);
    await Deno.remove(dir, { recursive: true });
  }
}

/** A simulated fleet whose storage-mode sticks the agent's own libusb code reaches through the
 * fake: `env` is what a run of the agent needs (runMain's env), `logFile` the fake's call log. */
export interface LibusbFleet {
  fleet: SimFleet;
  env: Record<string, string>;
  logFile: string;
}

/** Starts a fleet with `options` and the fake libusb, runs `fn`, stops and removes everything. */
export async function withLibusbFleet(
  options: Omit<SimFleetOptions, "fakeLibusb">,
  fn: (run: LibusbFleet) => Promise<void>,
): Promise<void> {
  const lib = await buildFakeLibusb();
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const devicesFile = `${dir}/usb-devices`;
  const logFile = `${dir}/usb-calls.log`;
  try {
    const fleet = await SimFleet.start({ ...options, fakeLibusb: { devicesFile, logFile } });
    try {
      const env = {
        [LIBUSB_ENV]: lib,
        [FAKE_LIBUSB_ENV.devices]: devicesFile,
        [FAKE_LIBUSB_ENV.log]: logFile,
      };
      await fn({ fleet, env, logFile });
    } finally {
      await fleet.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
