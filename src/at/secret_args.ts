// Pure: no I/O. The PINs and PUKs inside an AT command, quoted or not (`AT+CPIN=1234` works on
// some firmware), so the session can register them as secrets before anything is logged.

// Index of the first secret argument per command; earlier ones are a facility and a mode.
const FIRST_SECRET: Readonly<Record<string, number>> = {
  "+CPIN": 0,
  "^CPIN": 0,
  "+CLCK": 2,
  "+CPWD": 1,
};

/** The PIN and PUK arguments of `command` (digits, quoted or not); [] for a command without any. */
export function secretArgsOf(command: string): string[] {
  const m = /^AT([+^][A-Z]+)=(.*)$/i.exec(command.trim());
  if (!m) return [];
  const first = FIRST_SECRET[m[1]!.toUpperCase()];
  if (first === undefined) return [];
  return m[2]!.split(",").slice(first)
    .map((arg) => arg.trim().replace(/^"|"$/g, ""))
    .filter((arg) => /^\d{4,}$/.test(arg));
}
