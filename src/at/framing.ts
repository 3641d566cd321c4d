// Pure: no I/O. Splits the byte stream of an AT port into lines: CR, LF, CRLF and Huawei's
// `\r\r\n` all end a line; empty lines vanish; a partial line waits for more bytes, but only up
// to a cap: a port that never sends a line end (diag, GPS, wrong baud rate) must not grow it
// forever, so a line longer than the cap is dropped whole and counted.

/**
 * Longest line kept. Real answers are far shorter: the longest the simulator sends is a
 * ^DSFLOWRPT line (about 90 bytes), AT^SETPORT=? and ATI answer one short line per item, and
 * AT+COPS=? in a crowded cell or an SMS PDU line stays under 1 KiB.
 */
export const MAX_LINE_BYTES = 4096;

/** Turns the bytes of an AT port into lines, dropping (and counting) any line longer than the cap.
 */
export class LineSplitter {
  readonly #maxLine: number;
  #partial = "";
  /** Inside a line already longer than the cap: its bytes are dropped up to the next line end. */
  #dropping = false;
  #dropped = 0;

  constructor(maxLine = MAX_LINE_BYTES) {
    this.#maxLine = maxLine;
  }

  /** Feeds bytes, returns the lines they completed. Bytes map 1:1 to chars (latin1). */
  push(bytes: Uint8Array): string[] {
    const parts = latin1(bytes).split(/[\r\n]/);
    const tail = parts.pop() ?? "";
    const lines: string[] = [];
    // An index loop: entries() made an iterator and a pair per line (most of the AT path's garbage).
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const line = i === 0 ? this.#partial + part : part;
      // While dropping, #partial is "": the line is this part, the rest of an over-long line.
      if ((i === 0 && this.#dropping) || line.length > this.#maxLine) this.#dropped += line.length;
      else if (line.length > 0) lines.push(line);
      if (i === 0) {
        this.#dropping = false;
        this.#partial = "";
      }
    }
    const open = this.#partial + tail; // #partial is "" once a line end was seen
    if (this.#dropping) {
      this.#dropped += tail.length;
    } else if (open.length > this.#maxLine) {
      this.#dropped += open.length;
      this.#partial = "";
      this.#dropping = true;
    } else {
      this.#partial = open;
    }
    return lines;
  }

  /** What arrived after the last line end (a prompt, or a line still being sent). */
  get partial(): string {
    return this.#partial;
  }

  /** Bytes of over-long lines dropped so far (they never became lines). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Forgets the partial line (the dropped count stays). */
  clear(): void {
    this.#partial = "";
    this.#dropping = false;
  }
}

/** A line no AT answer contains: control bytes or bytes outside printable ASCII. */
export function isGarbled(line: string): boolean {
  // deno-lint-ignore no-control-regex
  return /[\x00-\x08\x0b-\x1f\x7f-\xff]/.test(line);
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    // apply() takes the bytes as they are; a spread would copy them into an array first.
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return text;
}
