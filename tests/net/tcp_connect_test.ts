// connectTcp() decides by the socket's own state (writable, SO_ERROR, getpeername), never by
// errno alone: errno is read by a second FFI call and was seen stale (EAGAIN for a loopback
// connect that was in progress). A connect that fails at once is still reported as it failed.

import { assertEquals, assertRejects } from "../assert.ts";
import { connectTcp } from "../../src/net/tcp_connect.ts";
import { NetError } from "../../src/net/net_error.ts";

const bounded = (host: string, port: number) => ({
  host,
  port,
  interfaceName: null,
  deadline: performance.now() + 2000,
  timeoutMs: 2000,
});

Deno.test("connectTcp() connects to loopback, many times over, and is refused by a closed port", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) accepted.push(conn);
  })();
  try {
    for (let i = 0; i < 200; i++) {
      (await connectTcp(bounded("127.0.0.1", listener.addr.port))).close();
    }
    const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = closed.addr.port;
    closed.close();
    const e = await assertRejects(() => connectTcp(bounded("127.0.0.1", port)), NetError);
    assertEquals(e.failure, "refused");
  } finally {
    listener.close();
    await accepting.catch(() => {});
    for (const c of accepted) c.close();
  }
});

Deno.test("connectTcp() reports a connect the kernel refuses at once with its errno, not as connected", async () => {
  // The limited broadcast address: TCP refuses it before any packet leaves (ENETUNREACH).
  const e = await assertRejects(() => connectTcp(bounded("255.255.255.255", 9)), NetError);
  assertEquals([e.failure, e.detail], ["unreachable", "ENETUNREACH"]);
});
