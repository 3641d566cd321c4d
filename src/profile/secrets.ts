// Reads PINs and passwords from the files or environment variables a profile names, only when a
// stick needs them. A file group or others can read is refused; every value read is registered
// with the redactor, and no message ever contains one.

import { ExpectedError } from "../errors/expected.ts";
import { isSimPin } from "../at/sim_pin.ts";
import { registerSecret } from "../log/redact.ts";
import { describeRefusal, type ReadRefusal, readRegularFile } from "./read_bounded.ts";
import type { Profile } from "./schema.ts";

/** Which secret a message is about. */
export type SecretKind = "SIM PIN" | "APN password" | "HiLink password";

/** Where one secret comes from (at most one of these is set; the schema sees to it). */
export interface SecretSource {
  file?: string | undefined;
  env?: string | undefined;
  inline?: string | undefined;
}

/** A secret that cannot be read; `detail` is "expected ..., found ...", never the value. */
export class SecretError extends ExpectedError {
  override name = "SecretError";
  constructor(readonly kind: SecretKind, readonly from: string, readonly detail: string) {
    super(`Cannot read ${kind} from ${from}: ${detail}`);
  }
}

/**
 * Reads one secret; null when no source is configured.
 *
 * @throws {SecretError} When the source cannot be read or holds no valid secret (never shown).
 */
export async function readSecret(kind: SecretKind, source: SecretSource): Promise<string | null> {
  let value: string;
  if (source.inline !== undefined) value = source.inline;
  else if (source.file !== undefined) value = await readSecretFile(kind, source.file);
  else if (source.env !== undefined) value = readSecretEnv(kind, source.env);
  else return null;
  registerSecret(value);
  if (kind === "SIM PIN" && !isSimPin(value)) {
    const from = source.file !== undefined
      ? `"${source.file}"`
      : `environment variable "${source.env}"`;
    throw new SecretError(kind, from, "expected 4 to 8 digits, found something else (not shown)");
  }
  return value;
}

/** The cap on a secret file: a PIN or password is one short line. */
export const MAX_SECRET_BYTES = 4096;

async function readSecretFile(kind: SecretKind, path: string): Promise<string> {
  const from = `"${path}"`;
  const read = await readRegularFile(path, MAX_SECRET_BYTES, "4 KiB");
  if (!read.ok) throw new SecretError(kind, from, secretRefusal(read.refusal));
  // fstat of the open file, so the mode checked is the mode of what was read.
  const mode = (read.info.mode ?? 0) & 0o777;
  if ((mode & 0o077) !== 0) {
    const octal = mode.toString(8).padStart(4, "0");
    throw new SecretError(
      kind,
      from,
      `expected a file only its owner can read (mode 0600 or stricter), found mode ${octal} ` +
        `(run chmod 600 ${from})`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
  } catch {
    throw new SecretError(kind, from, "expected UTF-8 text, found other bytes (not shown)");
  }
  const firstLine = text.split(/\r?\n/)[0]?.trim() ?? "";
  if (firstLine === "") {
    throw new SecretError(kind, from, "expected the secret on the first line, found an empty line");
  }
  return firstLine;
}

/** "expected ..., found ..." for a secret file that was not read. */
function secretRefusal(r: ReadRefusal): string {
  switch (r.why) {
    case "missing":
      return "expected a file, found none";
    case "denied":
      return "expected a file stickmode may read, found permission denied";
    case "kind":
      return `expected a regular file, found a ${r.kind}`;
    case "too-large":
      return `expected at most ${r.limit}, found a larger file`;
    case "error":
      return `expected a readable regular file, found an error (${r.detail})`;
    default:
      return `expected a regular file, found ${describeRefusal(r)}`;
  }
}

function readSecretEnv(kind: SecretKind, name: string): string {
  const value = Deno.env.get(name);
  const from = `environment variable "${name}"`;
  if (value === undefined) {
    throw new SecretError(kind, from, "expected it to be set, found it unset");
  }
  if (value === "") throw new SecretError(kind, from, "expected a value, found an empty string");
  return value;
}

/** The SIM PIN for a stick's resolved sim settings, or null when its policy needs none. */
export function resolveSimPin(
  sim: {
    policy: string;
    pin?: string | undefined;
    pinFile?: string | undefined;
    pinEnv?: string | undefined;
  },
): Promise<string | null> {
  if (sim.policy === "none") return Promise.resolve(null);
  return readSecret("SIM PIN", { inline: sim.pin, file: sim.pinFile, env: sim.pinEnv });
}

/** The APN password, or null when the profile names no source. */
export function resolveApnPassword(
  apn: { passwordFile?: string | undefined; passwordEnv?: string | undefined },
): Promise<string | null> {
  return readSecret("APN password", { file: apn.passwordFile, env: apn.passwordEnv });
}

/** The HiLink web password, or null when the profile names no source. */
export function resolveHilinkPassword(
  hilink: { passwordFile?: string | undefined; passwordEnv?: string | undefined },
): Promise<string | null> {
  return readSecret("HiLink password", { file: hilink.passwordFile, env: hilink.passwordEnv });
}

/** Every environment variable the profile names as a secret source, defaults and overrides. */
export function secretEnvNames(profile: Profile): string[] {
  const names = [profile.defaults, ...profile.sticks].flatMap((s) => [
    s.sim?.pinEnv,
    s.apn?.passwordEnv,
    s.hilink?.passwordEnv,
  ]);
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}
