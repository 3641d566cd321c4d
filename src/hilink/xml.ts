// Pure: no I/O. The small XML dialect of the HiLink web API (docs/domain.md#t10):
//   <?xml version="1.0" encoding="UTF-8"?>
//   <response><DeviceName>E3372</DeviceName><Imsi></Imsi>...</response>
//   <response>OK</response>
//   <error><code>125002</code><message></message></error>
// and the request bodies stickmode sends: <request><mode>1</mode></request>.
// Only flat documents: a root whose children hold text. Nested lists are refused with a message.

/** The root elements of the HiLink dialect. */
export type HilinkRootName = "response" | "error" | "request";

/** A parsed flat document. */
export interface HilinkDocument {
  root: HilinkRootName;
  /** Child element name -> decoded text, in document order. */
  fields: Record<string, string>;
  /** Text directly inside the root, trimmed ("OK" in `<response>OK</response>`). */
  text: string;
}

/** What a stick answered: a `<response>` with fields, or an `<error>` with its code. */
export type HilinkReply =
  | { kind: "response"; fields: Record<string, string>; text: string }
  | { kind: "error"; code: number; message: string };

/** Malformed XML: says what was expected where. */
export class HilinkXmlError extends Error {
  override name = "HilinkXmlError";
  constructor(
    readonly detail: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(
      `Cannot parse HiLink XML: ${detail}${
        line === null ? "" : ` at line ${line}, column ${column}`
      }`,
    );
  }
}

/** The XML declaration every HiLink document starts with. */
export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Parses an answer of the web API: a `<response>` or an `<error>` envelope.
 * @throws {HilinkXmlError} when `xml` is not a flat `<response>` or an `<error>` with a
 *   numeric code
 */
export function parseHilinkReply(xml: string): HilinkReply {
  const doc = parseHilinkDocument(xml, ["response", "error"]);
  if (doc.root === "response") return { kind: "response", fields: doc.fields, text: doc.text };
  const raw = doc.fields["code"];
  if (raw === undefined) throw new HilinkXmlError('expected a "<code>" in "<error>"');
  // Real codes have 6 digits; a longer run of digits is no code (and would read as Infinity).
  if (!/^-?\d{1,9}$/.test(raw.trim())) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
    throw new HilinkXmlError(`expected a number in "<code>", found "${shown}"`);
  }
  return { kind: "error", code: Number(raw.trim()), message: doc.fields["message"] ?? "" };
}

/** Parses a `<request>` body (the simulator's side).
 * @throws {HilinkXmlError} when `xml` is not a flat `<request>`
 */
export function parseHilinkRequest(xml: string): Record<string, string> {
  return parseHilinkDocument(xml, ["request"]).fields;
}

/** Builds `<?xml ...?><request>...</request>` with every value escaped.
 * @throws {Error} when a field name is not an XML element name
 */
export function buildHilinkRequest(fields: Record<string, string | number>): string {
  return XML_PROLOG + buildElement("request", fields);
}

/** Builds `<?xml ...?><response>...</response>` (the simulator's side); text for `OK` answers. */
export function buildHilinkResponse(fields: Record<string, string | number> | string): string {
  if (typeof fields === "string") return `${XML_PROLOG}\n<response>${escapeXml(fields)}</response>`;
  return `${XML_PROLOG}\n${buildElement("response", fields, "\n")}\n`;
}

/** Builds the `<error>` envelope real sticks answer with HTTP 200. */
export function buildHilinkError(code: number): string {
  return `${XML_PROLOG}\n<error><code>${code}</code><message></message></error>\n`;
}

/** `text` with the five XML special characters escaped. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function buildElement(root: string, fields: Record<string, string | number>, sep = ""): string {
  const children = Object.entries(fields).map(([name, value]) => {
    if (!NAME.test(name) || NAME.exec(name)?.[0] !== name) {
      throw new Error(`Cannot build HiLink XML: "${name}" is not an element name`);
    }
    return `<${name}>${escapeXml(String(value))}</${name}>`;
  });
  return `<${root}>${sep}${children.join(sep)}${sep}</${root}>`;
}

/** Parses a flat document whose root is one of `roots`.
 * @throws {HilinkXmlError} when `xml` is malformed, nested, or has another root
 */
export function parseHilinkDocument(xml: string, roots: readonly HilinkRootName[]): HilinkDocument {
  const p = new Cursor(xml.replace(/^\uFEFF/, ""));
  p.skipMisc();
  if (p.startsWith("<?xml")) {
    p.skipPast("?>", 'expected "?>" to close the XML declaration');
    p.skipMisc();
  }
  const expected = roots.map((r) => `"<${r}>"`).join(" or ");
  const root = p.openTag(expected);
  if (!(roots as readonly string[]).includes(root.name)) {
    p.fail(`expected ${expected}, found "<${root.name}>"`, root.at);
  }
  const doc: HilinkDocument = { root: root.name as HilinkRootName, fields: {}, text: "" };
  if (!root.selfClosing) {
    let text = "";
    for (;;) {
      text += p.text();
      const tag = p.peekTag();
      if (tag === "close") {
        p.closeTag(root.name);
        break;
      }
      const child = p.openTag(`"</${root.name}>"`);
      if (child.name in doc.fields) p.fail(`duplicate element "<${child.name}>"`, child.at);
      let value = "";
      if (!child.selfClosing) {
        value = p.text();
        if (p.peekTag() === "open") {
          p.fail(`nested element inside "<${child.name}>" (only flat replies are supported)`);
        }
        p.closeTag(child.name);
      }
      doc.fields[child.name] = value;
    }
    doc.text = text.trim();
  }
  p.skipMisc();
  if (!p.atEnd()) p.fail(`expected the end of the document after "</${root.name}>"`);
  return doc;
}

/** A position in the text with the few moves the dialect needs. */
class Cursor {
  #pos = 0;
  constructor(readonly src: string) {}

  atEnd(): boolean {
    return this.#pos >= this.src.length;
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.#pos);
  }

  fail(detail: string, at = this.#pos): never {
    const before = this.src.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    throw new HilinkXmlError(detail, line, column);
  }

  found(): string {
    if (this.atEnd()) return "the end of the document";
    return `"${this.src.slice(this.#pos, this.#pos + 12).replace(/\s+/g, " ")}"`;
  }

  skipPast(end: string, detail: string): void {
    const i = this.src.indexOf(end, this.#pos);
    if (i < 0) this.fail(detail);
    this.#pos = i + end.length;
  }

  /** Whitespace and comments between elements. */
  skipMisc(): void {
    for (;;) {
      while (!this.atEnd() && /\s/.test(this.src[this.#pos]!)) this.#pos++;
      if (!this.startsWith("<!--")) return;
      this.skipPast("-->", 'expected "-->" to close the comment');
    }
  }

  peekTag(): "open" | "close" | "none" {
    if (this.startsWith("</")) return "close";
    if (this.startsWith("<")) return "open";
    return "none";
  }

  openTag(expected: string): { name: string; selfClosing: boolean; at: number } {
    const at = this.#pos;
    if (!this.startsWith("<") || this.startsWith("</")) {
      this.fail(`expected ${expected}, found ${this.found()}`);
    }
    if (!NAME.test(this.src.slice(this.#pos + 1, this.#pos + 2))) {
      this.fail(`expected ${expected}, found ${this.found()}`);
    }
    this.#pos++;
    const name = this.#name(`expected an element name after "<"`);
    this.#skipAttributes();
    if (this.startsWith("/>")) {
      this.#pos += 2;
      return { name, selfClosing: true, at };
    }
    if (!this.startsWith(">")) this.fail(`expected ">" to close "<${name}", found ${this.found()}`);
    this.#pos++;
    return { name, selfClosing: false, at };
  }

  closeTag(name: string): void {
    if (!this.startsWith("</")) this.fail(`expected "</${name}>", found ${this.found()}`);
    const at = this.#pos;
    this.#pos += 2;
    const found = this.#name(`expected "</${name}>"`);
    if (found !== name) this.fail(`expected "</${name}>", found "</${found}>"`, at);
    while (!this.atEnd() && /\s/.test(this.src[this.#pos]!)) this.#pos++;
    if (!this.startsWith(">")) {
      this.fail(`expected ">" to close "</${name}", found ${this.found()}`);
    }
    this.#pos++;
  }

  /** Character data up to the next tag, entities and CDATA decoded, comments dropped. */
  text(): string {
    let out = "";
    for (;;) {
      if (this.atEnd()) this.fail("expected a closing tag, found the end of the document");
      if (this.startsWith("<![CDATA[")) {
        const start = this.#pos + 9;
        this.skipPast("]]>", 'expected "]]>" to close CDATA');
        out += this.src.slice(start, this.#pos - 3);
      } else if (this.startsWith("<!--")) {
        this.skipPast("-->", 'expected "-->" to close the comment');
      } else if (this.startsWith("<")) {
        return out;
      } else if (this.startsWith("&")) {
        out += this.#entity();
      } else {
        out += this.src[this.#pos++];
      }
    }
  }

  #entity(): string {
    const end = this.src.indexOf(";", this.#pos);
    const body = end < 0 ? "" : this.src.slice(this.#pos + 1, end);
    let decoded: string | undefined = ENTITIES[body];
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
      if (code <= 0x10ffff) decoded = String.fromCodePoint(code);
    }
    if (decoded === undefined || body.length > 10) {
      this.fail(`expected an entity (&amp; &lt; &gt; &quot; &apos; &#N;), found ${this.found()}`);
    }
    this.#pos = end + 1;
    return decoded;
  }

  #name(detail: string): string {
    const m = NAME.exec(this.src.slice(this.#pos, this.#pos + 256));
    if (!m) this.fail(`${detail}, found ${this.found()}`);
    this.#pos += m[0].length;
    return m[0];
  }

  /** Attributes are not part of the dialect's data; skip them, quotes respected. */
  #skipAttributes(): void {
    for (;;) {
      while (!this.atEnd() && /\s/.test(this.src[this.#pos]!)) this.#pos++;
      if (this.atEnd() || this.startsWith(">") || this.startsWith("/>")) return;
      this.#name("expected an attribute name");
      if (!this.startsWith("=")) {
        this.fail(`expected "=" after the attribute name, found ${this.found()}`);
      }
      this.#pos++;
      const quote = this.src[this.#pos];
      if (quote !== '"' && quote !== "'") {
        this.fail(`expected a quoted attribute value, found ${this.found()}`);
      }
      this.#pos++;
      this.skipPast(quote, `expected ${quote} to close the attribute value`);
    }
  }
}
