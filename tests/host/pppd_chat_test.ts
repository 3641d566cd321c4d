// The pppd route through the real tools (host.md#pppd-peers-and-chat): `chat` runs the script on a
// pty modem, and `pppd file PEER dryrun` parses the generated peer file (rc 2 = option
// error; rc 4 = parsed, but this kernel has no PPP; rc 0 on hosts with PPP).

import { renderChatScript, renderPppPeer } from "../../src/host/pppd_peers.ts";
import type { HostStick } from "../../src/host/host_stick.ts";
import { assertEquals } from "../assert.ts";
import { startModemResponder } from "./modem_responder.ts";
import { settings, stick, TWO_IDENTICAL, WITH_CREDENTIALS } from "./sticks.ts";
import { run, skipReason, which } from "./tools.ts";

const CHAT_SKIP = skipReason("chat against a pty modem", ["chat", "sh"]);
const PPPD_SKIP = skipReason("pppd dryrun", ["pppd"], ["root"]);

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs the generated chat script for `s` on a fresh pty modem; returns chat's rc and the wire. */
async function chatAgainstModem(
  s: HostStick,
  modem: { errorOn?: string; dialReply?: string } = {},
) {
  const responder = startModemResponder(modem);
  try {
    let result = { code: -1, stdout: "", stderr: "" };
    await withDir(async (dir) => {
      const script = `${dir}/stickmode-${s.name}`;
      await Deno.writeTextFile(script, renderChatScript(s, settings()));
      // chat talks on stdin/stdout, exactly as pppd's connect script does.
      result = await run(
        [
          "sh",
          "-c",
          'exec "$0" -s -v -f "$1" <>"$2" >&0',
          which("chat")!,
          script,
          responder.slavePath,
        ],
        { timeoutMs: 15_000 },
      );
    });
    return { ...result, wire: [...responder.received] };
  } finally {
    await responder.stop();
  }
}

Deno.test({
  name: "renderChatScript() dials the simulated modem with real chat: APN set, then ATD",
  ignore: CHAT_SKIP !== null,
  async fn() {
    const result = await chatAgainstModem(TWO_IDENTICAL[0]!);
    assertEquals(result.code, 0, result.stderr);
    assertEquals(result.wire, ["AT", "ATH", "ATE1", 'AT+CGDCONT=1,"IPV4V6","internet"', "ATD*99#"]);
  },
});

Deno.test({
  name: "renderChatScript() aborts with chat's ERROR code when the modem rejects the APN",
  ignore: CHAT_SKIP !== null,
  async fn() {
    const result = await chatAgainstModem(stick({ name: "gsm0" }), { errorOn: "CGDCONT" });
    // ERROR is the 8th ABORT string: chat exits 3 + 8.
    assertEquals(result.code, 11, result.stderr);
    assertEquals(result.wire.at(-1), 'AT+CGDCONT=1,"IP","web.pt.lu"');
  },
});

Deno.test({
  name: "renderChatScript() aborts with chat's NO CARRIER code when the dial fails",
  ignore: CHAT_SKIP !== null,
  async fn() {
    const result = await chatAgainstModem(stick({ name: "gsm0" }), { dialReply: "NO CARRIER" });
    assertEquals(result.code, 6, result.stderr); // 3rd ABORT string
  },
});

async function pppdDryrun(peerText: string, dir: string) {
  const peer = `${dir}/stickmode-gsm0.peer`;
  await Deno.writeTextFile(peer, peerText, { mode: 0o600 });
  return await run(["pppd", "file", peer, "dryrun"], { timeoutMs: 10_000 });
}

for (
  const [label, sticks] of [["the dummy login", TWO_IDENTICAL], [
    "APN credentials",
    WITH_CREDENTIALS,
  ]] as const
) {
  Deno.test({
    name: `renderPppPeer() is parsed by pppd dryrun with ${label}`,
    ignore: PPPD_SKIP !== null,
    async fn() {
      await withDir(async (dir) => {
        // The device line must name something that exists: /dev/<name> is a pty symlink here.
        const responder = startModemResponder();
        try {
          const s = { ...sticks[sticks.length - 1]!, name: "gsm0" };
          await Deno.symlink(responder.slavePath, `${dir}/gsm0`);
          const result = await pppdDryrun(renderPppPeer(s, settings({ deviceDir: dir })), dir);
          const output = result.stdout + result.stderr;
          if (result.code !== 0 && result.code !== 4) {
            throw new Error(`pppd exited ${result.code}: ${output}`);
          }
          assertEquals(/unrecognized option|In file/.test(output), false, output);
        } finally {
          await responder.stop();
        }
      });
    },
  });
}

Deno.test({
  name: "pppd dryrun check fails on an unknown option (the negative control)",
  ignore: PPPD_SKIP !== null,
  async fn() {
    await withDir(async (dir) => {
      await Deno.symlink("/dev/null", `${dir}/gsm0`);
      const text = renderPppPeer(stick({ name: "gsm0" }), settings({ deviceDir: dir })) +
        "nosuchoption\n";
      const result = await pppdDryrun(text, dir);
      assertEquals(result.code, 2, result.stderr);
    });
  },
});
