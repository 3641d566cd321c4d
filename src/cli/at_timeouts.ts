// Pure: no I/O. How long `stickmode at` waits for each command's answer.

/** The wait for an ordinary command, unless --timeout says otherwise. */
export const DEFAULT_AT_TIMEOUT_MS = 3000;

/** Commands whose answers take far longer than a register read: the network scan (AT+COPS=?)
 * takes tens of seconds and up to about three minutes on a weak signal; a manual operator
 * selection waits for the network's registration answer. */
const SLOW_COMMANDS: readonly { pattern: RegExp; ms: number }[] = [
  { pattern: /^AT\+COPS=\?$/i, ms: 180_000 },
  { pattern: /^AT\+COPS=\d/i, ms: 120_000 },
];

/** The deadline for `command`: --timeout when given (every command), else the command's own. */
export function atTimeoutFor(command: string, explicitMs: number | null): number {
  if (explicitMs !== null) return explicitMs;
  const text = command.trim();
  return SLOW_COMMANDS.find((s) => s.pattern.test(text))?.ms ?? DEFAULT_AT_TIMEOUT_MS;
}
