// Secrets never reach a log line, a report or a child's argv: every text bound for output passes
// through redact(). Known secret values are masked wherever they appear, and AT commands that
// carry a PIN or PUK are masked by shape even before the value is known.

const MASK = "****";
const secrets = new Set<string>();

/** Remembers a secret value (PIN, password) so redact() masks it everywhere. */
export function registerSecret(value: string): void {
  if (value.length >= 2) secrets.add(value);
}

// AT+CPIN="1234", AT^CPIN="puk","pin", AT+CLCK="SC",1,"1234", AT+CPWD="SC","old","new"
const AT_SECRET_ARGS = /(AT[+^](?:CPIN|CLCK|CPWD)[=][^\r\n]*)/gi;

function maskQuotedArgs(command: string): string {
  // Keep the facility name of CLCK/CPWD ("SC"), mask every other quoted argument.
  let first = true;
  const keepFirst = /^AT[+^](CLCK|CPWD)/i.test(command);
  return command.replace(/"[^"]*"/g, (q) => {
    if (first && keepFirst) {
      first = false;
      return q;
    }
    first = false;
    return `"${MASK}"`;
  });
}

/** `text` with every registered secret masked, and the PIN/PUK arguments of AT commands. */
export function redact(text: string): string {
  return maskSecrets(text.replace(AT_SECRET_ARGS, (m) => maskQuotedArgs(m)), secrets);
}

/** `text` with every occurrence of each non-empty value in `values` replaced by "****": the one
 * way a secret is masked, in log lines (redact) and in host file diffs (the passwords a file holds,
 * known to the caller). */
export function maskSecrets(text: string, values: Iterable<string>): string {
  let out = text;
  for (const s of values) if (s.length > 0) out = out.split(s).join(MASK);
  return out;
}

const secretEnvNames = new Set<string>();

/** Remembers that environment variable `name` holds a secret (a profile's pinEnv, passwordEnv),
 * whether or not this run ever reads it. */
export function registerSecretEnv(name: string): void {
  secretEnvNames.add(name);
}

/** Our environment without the variables named as secret sources or holding a registered secret:
 * what child processes (systemctl, udevadm) get, so their /proc/<pid>/environ carries none. */
export function secretFreeEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  for (const [name, value] of Object.entries(env)) {
    if (secretEnvNames.has(name) || [...secrets].some((s) => value.includes(s))) delete env[name];
  }
  return env;
}

/** What is registered: secret values and the names of variables that hold secrets. */
export interface SecretRegistry {
  secrets: string[];
  envNames: string[];
}

/** A copy of what is registered now, for restoreSecretRegistry(). */
export function secretRegistry(): SecretRegistry {
  return { secrets: [...secrets], envNames: [...secretEnvNames] };
}

/**
 * Puts the registry back as `saved` had it: one process that runs the CLI several times (the
 * tests run main() in-process) keeps one run's secrets from masking the next run's output.
 */
export function restoreSecretRegistry(saved: SecretRegistry): void {
  secrets.clear();
  for (const s of saved.secrets) secrets.add(s);
  secretEnvNames.clear();
  for (const n of saved.envNames) secretEnvNames.add(n);
}
