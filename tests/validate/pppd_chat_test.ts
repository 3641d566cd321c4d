// The generated pppd route through real tools, simulated stick (host.md#pppd-peers-and-chat): the
// peer file's own `connect` command (real chat with the generated chat script) runs on the device
// the peer file names, and `pppd file PEER dryrun` parses the peer (rc 2 = option error; rc 4 =
// parsed, but this kernel has no PPP; rc 0 on hosts with PPP).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { run, skipReason } from "../host/tools.ts";
import { type DialerSetup, startDialerSetup } from "./_sim_dialer.ts";

const CHAT_SKIP = skipReason("chat against the simulated stick", ["chat", "sh"]);
const PPPD_SKIP = skipReason("pppd dryrun of the generated peer", ["pppd"], ["root"]);

const PEER = "/etc/ppp/peers/stickmode-gsm0";

/** The device line and the connect command (argv) of a pppd options file. */
function readPeer(text: string): { device: string; connect: string[] } {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const device = lines.find((l) => l.startsWith("/"));
  const connect = /^connect "(.*)"$/.exec(lines.find((l) => l.startsWith("connect ")) ?? "");
  if (!device || !connect) throw new Error(`Cannot find the device or connect line in:\n${text}`);
  return { device, connect: connect[1]!.split(/\s+/) };
}

/** Runs the peer's connect command as pppd would: stdin and stdout on the peer's device. */
async function runConnect(setup: DialerSetup) {
  const { device, connect } = readPeer(await Deno.readTextFile(setup.root + PEER));
  assertEquals(device, `${setup.deviceDir}/gsm0`);
  // The script path is absolute on the target host: read it from under the temp root.
  const argv = connect.map((arg, i) => connect[i - 1] === "-f" ? setup.root + arg : arg);
  return await run(["sh", "-c", 'exec "$@" 0<>"$0" >&0', device, ...argv], {
    timeoutMs: 30_000,
  });
}

Deno.test({
  name: "renderPppPeer() connect command dials the simulated stick with real chat",
  ignore: CHAT_SKIP !== null,
  async fn() {
    const setup = await startDialerSetup({ kind: "pppd", apn: "web.pt.lu" });
    try {
      const result = await runConnect(setup);
      assertEquals(result.code, 0, result.stderr);
      assertStringIncludes(result.stderr, "CONNECT");
      const commands = setup.modemCommands().map((e) => `${e.command} -> ${e.final}`);
      assertEquals(commands, [
        "AT -> OK",
        "ATH -> OK",
        "ATE1 -> OK",
        'AT+CGDCONT=1,"IP","web.pt.lu" -> OK',
        "ATD*99# -> CONNECT 150000000",
      ]);
    } finally {
      await setup.stop();
    }
  },
});

Deno.test({
  name: "renderChatScript() makes real chat abort on ERROR when the stick rejects the APN",
  ignore: CHAT_SKIP !== null,
  async fn() {
    const setup = await startDialerSetup({
      kind: "pppd",
      apn: "no.such.apn",
      rejectApns: ["no.such.apn"],
    });
    try {
      const result = await runConnect(setup);
      assertEquals(result.code, 11, result.stderr); // ERROR is the 8th ABORT string: 3 + 8
      const commands = setup.modemCommands();
      assertEquals(commands.at(-1)?.final, "ERROR");
      assert(!commands.some((e) => e.command.startsWith("ATD")), "never dialed");
    } finally {
      await setup.stop();
    }
  },
});

async function pppdDryrun(setup: DialerSetup) {
  return await run(["pppd", "file", setup.root + PEER, "dryrun"], { timeoutMs: 10_000 });
}

Deno.test({
  name: "renderPppPeer() output is accepted by real pppd dryrun on the simulated stick's tty",
  ignore: PPPD_SKIP !== null,
  async fn() {
    const setup = await startDialerSetup({ kind: "pppd", apn: "web.pt.lu" });
    try {
      const result = await pppdDryrun(setup);
      const output = result.stdout + result.stderr;
      assert(result.code === 0 || result.code === 4, `pppd exited ${result.code}: ${output}`);
      assert(!/unrecognized option|In file/.test(output), output);
    } finally {
      await setup.stop();
    }
  },
});

Deno.test({
  name: "pppd dryrun rejects the generated peer once its stick is unplugged (negative control)",
  ignore: PPPD_SKIP !== null,
  async fn() {
    const setup = await startDialerSetup({ kind: "pppd", apn: "web.pt.lu" });
    try {
      await Deno.remove(`${setup.deviceDir}/gsm0`);
      const result = await pppdDryrun(setup);
      assertEquals(result.code, 2, result.stdout + result.stderr);
      assertStringIncludes(result.stderr + result.stdout, `${setup.deviceDir}/gsm0`);
    } finally {
      await setup.stop();
    }
  },
});
