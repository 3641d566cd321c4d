// Pure: no I/O. One recovery-ladder decision as the apply report carries it (docs/recovery.md).

/** One stick's recovery decision in a run, for the apply report (`recovery`) and the journal. */
export interface RecoveryEntry {
  portPath: string;
  name: string | null;
  /** at-silent: answers no AT; link-down: registered without a data link. */
  symptom: "at-silent" | "link-down";
  /** When a run first saw the symptom. */
  since: string;
  /** waiting: not for long enough yet; rung: one ran (ok says how); manual: nothing left. */
  action: "waiting" | "rung" | "manual";
  /** The rung that ran ("usb-reset" ...), else null. */
  rung: string | null;
  ok: boolean | null;
  message: string;
}
