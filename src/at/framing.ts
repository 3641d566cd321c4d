// Pure: no I/O. Splits the byte stream of an AT port into lines: CR, LF, CRLF and Huawei's
// `\r\r\n` all end a line; empty lines vanish; a partial line waits for more bytes.

export class LineSplitter {
  #partial = "";

  /** Feeds bytes, returns the lines they completed. Bytes map 1:1 to chars (latin1). */
  push(bytes: Uint8Array): string[] {
    let text = this.#partial;
    for (const b of bytes) text += String.fromCharCode(b);
    const parts = text.split(/[\r\n]/);
    this.#partial = parts.pop() ?? "";
    return parts.filter((p) => p.length > 0);
  }

  /** What arrived after the last line end (a prompt, or a line still being sent). */
  get partial(): string {
    return this.#partial;
  }

  clear(): void {
    this.#partial = "";
  }
}

/** A line no AT answer contains: control bytes or bytes outside printable ASCII. */
export function isGarbled(line: string): boolean {
  // deno-lint-ignore no-control-regex
  return /[\x00-\x08\x0b-\x1f\x7f-\xff]/.test(line);
}
