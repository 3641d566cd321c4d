// Splits a SYSTEMD_WANTS property value into unit names with systemd's own parser: PID 1
// (src/core/device.c, device_add_udev_wants) calls extract_first_word(EXTRACT_UNQUOTE) from
// libsystemd-shared in systemd 233-257; 258 added EXTRACT_RETAIN_ESCAPE (PR #35869). Called through
// FFI on the library installed here, so the test sees what this host's systemd would start.

export interface SystemdShared {
  path: string;
  version: number;
}

/** The installed libsystemd-shared-<version>.so, or null. */
export function systemdShared(): SystemdShared | null {
  for (const dir of ["/usr/lib", "/lib"]) {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    for (const triplet of entries.filter((e) => e.name.endsWith("-linux-gnu"))) {
      const sub = `${dir}/${triplet.name}/systemd`;
      try {
        for (const lib of Deno.readDirSync(sub)) {
          const m = /^libsystemd-shared-(\d+)\.so$/.exec(lib.name);
          if (m) return { path: `${sub}/${lib.name}`, version: Number(m[1]) };
        }
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
  }
  return null;
}

// ExtractFlags of systemd 252 (src/basic/extract-word.h): EXTRACT_KEEP_QUOTE = 1 << 4,
// EXTRACT_UNQUOTE = 1 << 5. splitWants() checks the value on a quoted word before using it.
const EXTRACT_UNQUOTE = 1 << 5;

/** The unit names PID 1 of systemd <= 257 reads from a SYSTEMD_WANTS value. */
export function splitWants(shared: SystemdShared, value: string): string[] {
  if (shared.version >= 258) {
    throw new Error(`systemd ${shared.version} keeps backslashes in SYSTEMD_WANTS: not modelled`);
  }
  const lib = Deno.dlopen(shared.path, {
    extract_first_word: { parameters: ["pointer", "pointer", "pointer", "i32"], result: "i32" },
  });
  try {
    const split = (text: string): string[] => {
      const buffer = new TextEncoder().encode(text + "\0");
      const cursor = new BigUint64Array([
        BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer))),
      ]);
      const words: string[] = [];
      for (let i = 0; i < 64; i++) {
        const word = new BigUint64Array(1);
        const r = lib.symbols.extract_first_word(
          Deno.UnsafePointer.of(cursor),
          Deno.UnsafePointer.of(word),
          null,
          EXTRACT_UNQUOTE,
        );
        if (r < 0) throw new Error(`extract_first_word failed on ${JSON.stringify(text)}: ${r}`);
        if (r === 0) return words;
        const pointer = Deno.UnsafePointer.create(word[0]!);
        if (pointer === null) throw new Error("extract_first_word returned no word");
        words.push(new Deno.UnsafePointerView(pointer).getCString());
      }
      throw new Error(`more than 64 words in ${JSON.stringify(text)}`);
    };
    // The flag value is private ABI: a quoted word must come back unquoted, or the value is wrong.
    const probe = split("'a b'");
    if (probe.length !== 1 || probe[0] !== "a b") {
      throw new Error(`EXTRACT_UNQUOTE is not 1 << 5 in ${shared.path}: got ${probe}`);
    }
    return split(value);
  } finally {
    lib.close();
  }
}
