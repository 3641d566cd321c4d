// The logger's line format: journal priority prefixes, JSON lines, redaction in both formats.

import { assert, assertEquals } from "../assert.ts";
import { configureLogger, formatLogLine, log, resetLogger } from "../../src/log/logger.ts";
import { registerSecret, restoreSecretRegistry, secretRegistry } from "../../src/log/redact.ts";
import { parseJournalStream } from "../../src/log/journal.ts";

const TEXT = { json: false, color: false, journal: false };

Deno.test("formatLogLine starts each line with its sd-daemon priority only for the journal", () => {
  const journal = { ...TEXT, journal: true };
  assertEquals(formatLogLine("error", "e", {}, journal), "<3>error e");
  assertEquals(formatLogLine("warn", "w", { stick: "gsm0" }, journal), "<4>warn  w stick=gsm0");
  assertEquals(formatLogLine("info", "i", {}, journal), "<6>info  i");
  assertEquals(formatLogLine("debug", "d", {}, journal), "<7>debug d");
  assertEquals(formatLogLine("warn", "a\nb", {}, journal), "<4>warn  a\n<4>b");
  assertEquals(formatLogLine("warn", "w", {}, TEXT), "warn  w");
});

Deno.test("formatLogLine in JSON gives one parseable object with time, level, message, fields", () => {
  const now = new Date("2026-12-01T10:00:00.000Z");
  const line = formatLogLine("info", "AT send", {
    tty: "/dev/ttyUSB1",
    ms: 12,
    skipped: undefined,
    level: "x",
  }, { ...TEXT, json: true, now });
  assertEquals(JSON.parse(line), {
    time: "2026-12-01T10:00:00.000Z",
    level: "info",
    message: "AT send",
    tty: "/dev/ttyUSB1",
    ms: 12,
    "field.level": "x",
  });
  const journal = formatLogLine("warn", "w", {}, { ...TEXT, json: true, journal: true, now });
  assert(journal.startsWith("<4>{"), journal);
  assertEquals(JSON.parse(journal.slice(3)).level, "warn");
});

Deno.test("formatLogLine in JSON masks PINs and registered secrets, and stays valid JSON", () => {
  const saved = secretRegistry();
  try {
    registerSecret('pa"ss\\word');
    const line = formatLogLine("debug", 'login with pa"ss\\word', {
      command: 'AT+CPIN="1234"',
      note: 'secret pa"ss\\word here',
    }, { ...TEXT, json: true });
    const object = JSON.parse(line);
    assertEquals(object.message, "login with ****");
    assertEquals(object.command, 'AT+CPIN="****"');
    assertEquals(object.note, "secret **** here");
    assert(!line.includes("1234") && !line.includes("word"), line);
  } finally {
    restoreSecretRegistry(saved);
  }
});

Deno.test("log writes through the configured format and level until resetLogger", () => {
  const lines: string[] = [];
  try {
    configureLogger({ level: "warn", json: true, journal: true, sink: (l) => lines.push(l) });
    log.info("hidden");
    log.warn("shown", { n: 1 });
    assertEquals(lines.length, 1);
    assertEquals(JSON.parse(lines[0]!.replace(/^<4>/, "")).message, "shown");
  } finally {
    resetLogger();
  }
  assertEquals(formatLogLine("info", "x", {}, TEXT), "info  x");
});

Deno.test("parseJournalStream reads device:inode and refuses anything else", () => {
  assertEquals(parseJournalStream("64769:1234"), { dev: 64769, ino: 1234 });
  assertEquals(parseJournalStream(undefined), null);
  assertEquals(parseJournalStream(""), null);
  assertEquals(parseJournalStream("8:x"), null);
  assertEquals(parseJournalStream("1:2:3"), null);
});
