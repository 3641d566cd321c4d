import { chooseHttpTransport, plainTransport } from "../../src/net/http_transport.ts";
import { interfaceIndex } from "../../src/net/tcp_connect.ts";
import { assert, assertEquals } from "../assert.ts";
import { captureLogs } from "../hilink/sim_fixture.ts";

Deno.test("interfaceIndex() finds lo and returns 0 for a missing interface", () => {
  assert(interfaceIndex("lo") > 0);
  assertEquals(interfaceIndex("smnosuch0"), 0);
});

Deno.test("chooseHttpTransport() binds to an existing interface, else goes plain with a warning", async () => {
  const bound = chooseHttpTransport("lo");
  assertEquals([bound.kind, bound.interfaceName], ["bound", "lo"]);
  assertEquals(chooseHttpTransport(null).kind, "plain");
  const logs = await captureLogs(() => {
    const plain = chooseHttpTransport("smnosuch0");
    assertEquals([plain.kind, plain.interfaceName], ["plain", null]);
    return Promise.resolve();
  });
  assert(
    logs.some((l) => l.includes('Cannot bind to interface "smnosuch0": not on this host')),
    logs.join("\n"),
  );
});

Deno.test("plainTransport() speaks its own HTTP to an IPv4 address and leaves host names to fetch", async () => {
  const agents: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    agents.push(req.headers.get("user-agent") ?? "none");
    return new Response("ok");
  });
  try {
    const transport = plainTransport();
    for (const host of ["127.0.0.1", "localhost"]) {
      const url = new URL(`http://${host}:${server.addr.port}/api/device/information`);
      const res = await transport.request({ method: "GET", url, headers: [], body: null }, 2000);
      assertEquals(res.status, 200);
    }
    // fetch announces itself; our HTTP/1.1 over the libc socket sends no User-Agent.
    assertEquals([agents[0], agents[1]?.startsWith("Deno/")], ["none", true]);
  } finally {
    await server.shutdown();
  }
});
