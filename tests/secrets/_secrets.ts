// Test helper for the secret checks: distinctive secret values, a fleet that needs all three
// (a PIN-locked SIM, a HiLink stick behind a login, an APN with a password), the profile naming
// their sources, and a walk that finds every file holding one.

import { assert } from "../assert.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import type { FleetStickSpec } from "../../src/sim/fleet_stick.ts";
import { faultProfileText, modemStick } from "../faults/_harness.ts";

/** Values that occur nowhere else (not in an IMEI, ICCID or port number of the fleet). */
export const PIN = "739152";
export const APN_PASSWORD = "apn-Pw-Xr5Tq";
export const HILINK_PASSWORD = "HiL1nk-Pw-Zq8";
export const SECRETS = [PIN, APN_PASSWORD, HILINK_PASSWORD];
export const HILINK_PASSWORD_ENV = "STICKMODE_TEST_HILINK_PASSWORD";

/** 1-1: SIM locked with PIN; 1-2: stick firmware left in HiLink mode, web login required. */
export const SECRET_FLEET: FleetStickSpec[] = [
  modemStick("1-1", 1, { pin: PIN }),
  {
    portPath: "1-2",
    start: "hilink",
    firmware: "21",
    hilinkFirmware: false,
    index: 2,
    latencyMs: 5,
    resetDelayMs: 150,
    switchDelayMs: 150,
    hilinkPassword: HILINK_PASSWORD,
  },
];

/** Writes the PIN and APN password files (0600) into `dir`; returns the profile text. */
export async function secretProfile(
  fleet: SimFleet,
  dir: string,
  dialer: "wvdial" | "pppd" = "wvdial",
  apn = "web.pt.lu",
): Promise<string> {
  await Deno.writeTextFile(`${dir}/sim-pin`, `${PIN}\n`, { mode: 0o600 });
  await Deno.writeTextFile(`${dir}/apn-password`, `${APN_PASSWORD}\n`, { mode: 0o600 });
  for (const s of fleet.sticks) s.hilink.faults.loginRequired = true;
  return faultProfileText(fleet, {
    apn: `{ name: ${apn}, pdpType: IP, user: web, passwordFile: ${dir}/apn-password }`,
    sim: `{ policy: disable-lock, pinFile: ${dir}/sim-pin }`,
    hilink: `passwordEnv: ${HILINK_PASSWORD_ENV}`,
    dialer: `{ kind: ${dialer}, baud: 460800, phone: "*99#", autoReconnect: true }`,
  });
}

export function assertNoSecret(where: string, text: string): void {
  for (const s of SECRETS) {
    assert(!text.includes(s), `${where} contains the secret "${s}":\n${text}`);
  }
}

export interface SecretFile {
  path: string;
  mode: number;
  uid: number | null;
}

/** Every regular file under `dir` holding a secret, with its mode and owner. */
export async function filesHoldingSecrets(dir: string): Promise<SecretFile[]> {
  const out: SecretFile[] = [];
  const walk = async (path: string) => {
    for await (const e of Deno.readDir(path)) {
      const full = `${path}/${e.name}`;
      if (e.isDirectory) await walk(full);
      if (!e.isFile) continue;
      const text = new TextDecoder().decode(await Deno.readFile(full));
      if (!SECRETS.some((s) => text.includes(s))) continue;
      const info = await Deno.lstat(full);
      out.push({ path: full.slice(dir.length), mode: (info.mode ?? 0) & 0o7777, uid: info.uid });
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
