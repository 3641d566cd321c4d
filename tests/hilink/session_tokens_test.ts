import {
  CookieJar,
  parseCookiePair,
  scrapeCsrfTokens,
  TokenQueue,
} from "../../src/hilink/session_tokens.ts";
import type { HttpHeaders } from "../../src/net/http_message.ts";
import { assertEquals } from "../assert.ts";

Deno.test("scrapeCsrfTokens() finds both meta csrf_token tags of a home page", () => {
  const html = `<html><head>
<meta http-equiv="X-UA-Compatible" content="IE=edge"/>
<meta name="csrf_token" content="hT7jNvM2pXZQb1Wc5yKf8uLs0DgR4eAo"/>
<meta content='Zk3Lw9' name='csrf_token'>
</head></html>`;
  assertEquals(scrapeCsrfTokens(html), ["hT7jNvM2pXZQb1Wc5yKf8uLs0DgR4eAo", "Zk3Lw9"]);
  assertEquals(scrapeCsrfTokens("<html><head><title>x</title></head></html>"), []);
});

Deno.test("parseCookiePair() reads SesInfo and Set-Cookie forms", () => {
  assertEquals(parseCookiePair("SessionID=ab/c=d; path=/; HttpOnly"), ["SessionID", "ab/c=d"]);
  assertEquals(parseCookiePair("SessionID=xyz"), ["SessionID", "xyz"]);
  assertEquals(parseCookiePair("garbage"), null);
});

Deno.test("CookieJar keeps the latest value per name for the Cookie header", () => {
  const jar = new CookieJar();
  assertEquals(jar.header(), null);
  jar.setFromHeaders([["Set-Cookie", "SessionID=one; path=/"], ["set-cookie", "lang=en"]]);
  jar.set("SessionID=two");
  assertEquals(jar.header(), "SessionID=two; lang=en");
  jar.clear();
  assertEquals(jar.header(), null);
});

Deno.test("TokenQueue replaces a spent token with the one the stick answered", () => {
  const q = new TokenQueue();
  q.replace(["t1"]);
  q.rotate("t1", [["__RequestVerificationToken", "t2"]], false);
  assertEquals([q.current(), q.size], ["t2", 1]);
});

Deno.test("TokenQueue keeps the only token when firmware does not rotate", () => {
  const q = new TokenQueue();
  q.replace(["t1"]);
  q.rotate("t1", [], false);
  assertEquals([q.current(), q.size], ["t1", 1]);
});

Deno.test("TokenQueue pops the first of two home-page tokens per POST", () => {
  const q = new TokenQueue();
  q.replace(["m1", "m2"]);
  q.rotate("m1", [], false);
  assertEquals([q.current(), q.size], ["m2", 1]);
});

Deno.test("TokenQueue takes ...one and ...two after login (reset)", () => {
  const q = new TokenQueue();
  q.replace(["t1", "t2"]);
  const headers: HttpHeaders = [
    ["__requestverificationtokenone", "L1"],
    ["__requestverificationtokentwo", "L2"],
  ];
  q.rotate("t1", headers, true);
  assertEquals([q.current(), q.size], ["L1", 2]);
  q.rotate("L1", [["__RequestVerificationToken", "n1"]], false);
  assertEquals([q.current(), q.size], ["L2", 2]);
});
