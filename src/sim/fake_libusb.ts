// Builds the fake libusb (fake_libusb_source.ts) with the host's C compiler into a directory the
// caller owns, and names the environment it reads. The simulated fleet watches the fake's call log
// (SimFleetOptions.fakeLibusb), so the agent's own libusb code switches simulated sticks.

import { FAKE_LIBUSB_C } from "./fake_libusb_source.ts";

/** The variables the fake reads: its device list and the file it logs each call to. */
export const FAKE_LIBUSB_ENV = {
  devices: "FAKE_LIBUSB_DEVICES",
  log: "FAKE_LIBUSB_LOG",
} as const;

const COMPILERS = ["cc", "gcc"] as const;

/**
 * Compiles the fake into `<dir>/fake_libusb.so` with the first C compiler found (cc, gcc).
 * @returns its path, or null when no C compiler is installed
 * @throws {Error} when the compiler refuses the source
 */
export async function buildFakeLibusb(dir: string): Promise<string | null> {
  const source = `${dir}/fake_libusb.c`;
  const out = `${dir}/fake_libusb.so`;
  await Deno.writeTextFile(source, FAKE_LIBUSB_C);
  for (const compiler of COMPILERS) {
    let r: Deno.CommandOutput;
    try {
      r = await new Deno.Command(compiler, {
        args: ["-Wall", "-Werror", "-shared", "-fPIC", "-o", out, source],
        stdin: "null",
        stdout: "null",
        stderr: "piped",
        signal: AbortSignal.timeout(60_000),
      }).output();
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    if (!r.success) {
      throw new Error(
        `Cannot build the fake libusb with ${compiler}: ${new TextDecoder().decode(r.stderr)}`,
      );
    }
    return out;
  }
  return null;
}
