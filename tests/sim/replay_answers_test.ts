// ReplayBook: per tty and command (per method and path) the captured answers in captured order,
// the last one again after them; personality changes handed out once, after the exchange the
// capture saw them follow.

import { assertEquals } from "../assert.ts";
import { ReplayBook } from "../../src/sim/replay_answers.ts";
import type { CapturedStick } from "../../src/capture/capture_format.ts";
import { validCapture } from "../capture/_capture.ts";

function stick(): CapturedStick {
  const s = validCapture().sticks[0]!;
  const at = (tty: string, atMs: number, command: string, response: string) => ({
    tty,
    atMs,
    command,
    response,
    elapsedMs: 10,
    timedOut: false,
  });
  s.at = [
    at("ttyUSB1", 0, "AT^SETPORT?", "first"),
    at("ttyUSB0", 5, "AT^SETPORT?", "other tty"),
    at("ttyUSB1", 100, "AT^RESET", "OK"),
    at("ttyUSB1", 900, "AT^SETPORT?", "second"),
  ];
  s.hilink = [
    { atMs: 1000, method: "GET", path: "/api/x?a=1", status: 200, body: "x1", elapsedMs: 1 },
    { atMs: 1001, method: "GET", path: "/api/x?a=1", status: 200, body: "x2", elapsedMs: 1 },
  ];
  s.personalities = [
    { atMs: 0, vid: "12d1", pid: "1506", mode: "modem" },
    { atMs: 600, vid: "12d1", pid: "1506", mode: "modem" },
  ];
  return s;
}

Deno.test("ReplayBook gives a command's answers in captured order per tty, then the last again", () => {
  const book = new ReplayBook(stick());
  const answers = [1, 2, 3].map(() => book.at("ttyUSB1", "AT^SETPORT?")?.exchange.response);
  assertEquals(answers, ["first", "second", "second"]);
  assertEquals(book.at("ttyUSB0", "AT^SETPORT?")?.exchange.response, "other tty");
  assertEquals(book.at("ttyUSB1", "at^setport?"), null);
  assertEquals(book.at("ttyUSB2", "AT^SETPORT?"), null);
});

Deno.test("ReplayBook answers HiLink per method and full path, in order", () => {
  const book = new ReplayBook(stick());
  assertEquals(book.hilink("GET", "/api/x?a=1")?.exchange.body, "x1");
  assertEquals(book.hilink("GET", "/api/x?a=1")?.exchange.body, "x2");
  assertEquals(book.hilink("GET", "/api/x?a=1")?.exchange.body, "x2");
  assertEquals(book.hilink("GET", "/api/x"), null);
  assertEquals(book.hilink("POST", "/api/x?a=1"), null);
});

Deno.test("ReplayBook hands out a personality change once, after the exchange it followed", () => {
  const book = new ReplayBook(stick());
  assertEquals(book.at("ttyUSB1", "AT^SETPORT?")?.then, []);
  const reset = book.at("ttyUSB1", "AT^RESET");
  // The start personality (at 0) is where the replay begins; the one at 600 follows the reset.
  assertEquals(reset?.then.map((t) => [t.personality.atMs, t.afterMs]), [[600, 490]]);
  assertEquals(book.at("ttyUSB1", "AT^RESET")?.then, []);
});
