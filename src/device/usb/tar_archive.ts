// Pure: no I/O. Finding one regular file in a ustar/GNU tar archive (usb-modeswitch-data ships
// its device files as /usr/share/usb_modeswitch/configPack.tar.gz). No links, no sparse files.

const BLOCK = 512;
const decoder = new TextDecoder();

function field(header: Uint8Array, offset: number, length: number): string {
  const bytes = header.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end >= 0 ? bytes.subarray(0, end) : bytes);
}

/** Entry names and contents of regular files, in archive order. */
export function* tarEntries(archive: Uint8Array): Generator<{ name: string; data: Uint8Array }> {
  let at = 0;
  while (at + BLOCK <= archive.length) {
    const header = archive.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return; // end-of-archive marker
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = field(header, 345, 155);
    const base = field(header, 0, 100);
    const name = (prefix ? `${prefix}/${base}` : base).replace(/^\.\//, "");
    if (Number.isNaN(size)) throw new RangeError(`Cannot read tar entry "${name}": bad size`);
    if (type === "0" || type === "\0") {
      yield { name, data: archive.subarray(at + BLOCK, at + BLOCK + size) };
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
}

/** The first regular file whose name `accept`s, or null. */
export function findTarEntry(
  archive: Uint8Array,
  accept: (name: string) => boolean,
): { name: string; data: Uint8Array } | null {
  for (const entry of tarEntries(archive)) if (accept(entry.name)) return entry;
  return null;
}
