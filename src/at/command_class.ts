// Pure: no I/O. Sorts AT commands into those that only read and those that change the stick, so
// a command log can prove that a second run wrote nothing and read-only code cannot write.

/** Whether a command only reads the stick ("read") or changes it ("write"). */
export type CommandClass = "read" | "write";

/** `AT+CGDCONT=1,"IP","x"` -> "+CGDCONT"; `AT^SETPORT?` -> "^SETPORT"; basic commands -> null. */
export function commandName(command: string): string | null {
  const m = /^AT([+^][A-Z0-9]+)/i.exec(command.trim());
  return m ? m[1]!.toUpperCase() : null;
}

// Extended commands whose action form (no "?", no "=?") still only reads.
const READING_ACTIONS = new Set([
  "+CGSN",
  "+GSN",
  "+CGMI",
  "+GMI",
  "+CGMM",
  "+GMM",
  "+CGMR",
  "+GMR",
  "+CIMI",
  "+CSQ",
  "^FHVER",
  "^GETPORTMODE",
  "^HCSQ",
  "^SYSINFO",
  "^SYSINFOEX",
  "+CNUM",
]);
// Basic commands that only read: AT, ATI (and ATI0..9).
const READING_BASIC = /^AT(I\d?)?$/i;

/** Sorts a command into "read" or "write"; anything not known to only read counts as "write". */
export function classifyAtCommand(command: string): CommandClass {
  const text = command.trim().toUpperCase();
  if (READING_BASIC.test(text)) return "read";
  const name = commandName(text);
  if (name === null) return "write"; // ATZ, ATE0, ATD*99#, ATH ...: change the port's state
  const rest = text.slice(2 + name.length);
  if (rest === "?" || rest === "=?") return "read";
  if (rest === "" && READING_ACTIONS.has(name)) return "read";
  // AT+CLCK="SC",2 queries the lock; AT+CRSM=176,... is READ BINARY on the SIM.
  if (name === "+CLCK" && /^="[A-Z0-9]+",2(,|$)/.test(rest)) return "read";
  if (name === "+CRSM" && /^=(176|178|192|242),/.test(rest)) return "read";
  return "write";
}
