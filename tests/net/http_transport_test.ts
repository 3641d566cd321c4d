import { chooseHttpTransport } from "../../src/net/http_transport.ts";
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
