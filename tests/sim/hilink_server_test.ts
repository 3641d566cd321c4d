// The simulator on its own, through plain fetch: answers shaped like a real stick's, one-use
// tokens, and the request log.

import { parseHilinkReply, XML_PROLOG } from "../../src/hilink/xml.ts";
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { withSim } from "../hilink/sim_fixture.ts";

async function openSession(url: string): Promise<{ cookie: string; tokens: string[] }> {
  const res = await fetch(url + "/");
  const html = await res.text();
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const tokens = [...html.matchAll(/name="csrf_token" content="([^"]+)"/g)].map((m) => m[1]!);
  return { cookie, tokens };
}

async function post(
  url: string,
  endpoint: string,
  cookie: string,
  token: string | null,
  body: string,
) {
  const headers: Record<string, string> = { Cookie: cookie, "Content-Type": "application/xml" };
  if (token !== null) headers["__RequestVerificationToken"] = token;
  const res = await fetch(`${url}/${endpoint}`, { method: "POST", headers, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const MODE_1 = `${XML_PROLOG}<request><mode>1</mode></request>`;

Deno.test("HilinkSimServer answers with the prolog and errors as HTTP 200 envelopes", async () => {
  await withSim({}, async (sim) => {
    const info = await fetch(`${sim.url}/api/device/information`);
    const text = await info.text();
    assertEquals(info.status, 200);
    assertEquals(
      text.startsWith(`${XML_PROLOG}\n<response>\n<DeviceName>E3372</DeviceName>`),
      true,
    );
    const unknown = await fetch(`${sim.url}/api/net/net-mode-list`);
    assertEquals(unknown.status, 200);
    assertEquals(parseHilinkReply(await unknown.text()), {
      kind: "error",
      code: 100002,
      message: "",
    });
  });
});

Deno.test("HilinkSimServer accepts each token once and rotates it in a header", async () => {
  await withSim({}, async (sim) => {
    const { cookie, tokens } = await openSession(sim.url);
    assertEquals(tokens.length, 2);
    const first = await post(sim.url, "api/device/mode", cookie, tokens[0]!, MODE_1);
    assertStringIncludes(first.text, "<response>OK</response>");
    const fresh = first.headers.get("__RequestVerificationToken");
    assertEquals(fresh?.length, 32);
    const replay = await post(sim.url, "api/device/mode", cookie, tokens[0]!, MODE_1);
    assertStringIncludes(replay.text, "<code>125002</code>");
    const none = await post(sim.url, "api/device/mode", cookie, null, MODE_1);
    assertStringIncludes(none.text, "<code>125002</code>");
    const next = await post(sim.url, "api/device/mode", cookie, fresh!, MODE_1);
    assertStringIncludes(next.text, "OK");
    assertEquals(sim.modeSwitches, [1, 1]);
    assertEquals(
      sim.requests.map((r) => [r.method, r.endpoint, r.code]),
      [
        ["GET", "", null],
        ["POST", "api/device/mode", null],
        ["POST", "api/device/mode", 125002],
        ["POST", "api/device/mode", 125002],
        ["POST", "api/device/mode", null],
      ],
    );
  });
});

Deno.test("HilinkSimServer answers 100005 to a malformed body or an unknown mode", async () => {
  await withSim({}, async (sim) => {
    const { cookie, tokens } = await openSession(sim.url);
    const garbage = await post(sim.url, "api/device/mode", cookie, tokens[0]!, "<request><mode>");
    assertStringIncludes(garbage.text, "<code>100005</code>");
    const token = garbage.headers.get("__RequestVerificationToken")!;
    const bad = await post(
      sim.url,
      "api/device/mode",
      cookie,
      token,
      `<request><mode>9</mode></request>`,
    );
    assertStringIncludes(bad.text, "<code>100005</code>");
    assertEquals(sim.modeSwitches, []);
  });
});
