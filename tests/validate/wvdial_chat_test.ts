// The generated wvdial.conf through the real wvdial 1.61 in chat mode (host.md#chat-mode), against
// the simulated stick's modem port: wvdial inits and dials exactly as it would from
// stickmode-dialer@gsm0.service, and stops at CONNECT instead of starting pppd. Success is the log
// line "Carrier detected.  Chatmode finished." (wvdial's rc is 0 also after giving up).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { run, skipReason, which } from "../host/tools.ts";
import { type DialerSetup, iniValue, startDialerSetup } from "./_sim_dialer.ts";

const SKIP = skipReason("wvdial chat mode against the simulated stick", ["wvdial", "sh"]);

/** `wvdial --chat --config FILE gsm0 0<>MODEM >&0 2>LOG`, MODEM being the file's own Modem. */
async function wvdialChat(setup: DialerSetup) {
  const config = `${setup.root}/etc/stickmode/wvdial.conf`;
  const modem = iniValue(await Deno.readTextFile(config), "Dialer gsm0", "Modem");
  assertEquals(modem, `${setup.deviceDir}/gsm0`);
  const log = `${setup.root}/wvdial.log`;
  const result = await run(
    [
      "sh",
      "-c",
      'exec "$0" --chat --config "$1" gsm0 0<>"$2" >&0 2>"$3"',
      which("wvdial")!,
      config,
      modem,
      log,
    ],
    { timeoutMs: 30_000 },
  );
  return { code: result.code, log: await Deno.readTextFile(log) };
}

Deno.test({
  name: "renderWvdialConf() output makes real wvdial set the APN and dial the simulated stick",
  ignore: SKIP !== null,
  async fn() {
    const setup = await startDialerSetup({ kind: "wvdial", apn: "web.pt.lu" });
    try {
      const { code, log } = await wvdialChat(setup);
      assertStringIncludes(log, "Carrier detected.  Chatmode finished.");
      assertEquals(code, 0, log);
      const commands = setup.modemCommands().map((e) => `${e.command} -> ${e.final}`);
      assertEquals(commands, [
        "ATZ -> OK",
        'AT+CGDCONT=1,"IP","web.pt.lu" -> OK',
        "ATD*99# -> CONNECT 150000000",
      ]);
      assertEquals(setup.sim.state.apn.get(1)?.apn, "web.pt.lu");
    } finally {
      await setup.stop();
    }
  },
});

Deno.test({
  name:
    "renderWvdialConf() output: real wvdial stops before dialing when the stick rejects the APN",
  ignore: SKIP !== null,
  async fn() {
    const setup = await startDialerSetup({
      kind: "wvdial",
      apn: "no.such.apn",
      rejectApns: ["no.such.apn"],
    });
    try {
      const { code, log } = await wvdialChat(setup);
      assert(!log.includes("Chatmode finished."), log);
      assertStringIncludes(log, "Bad init string.");
      assertEquals(code, 1, log);
      const commands = setup.modemCommands();
      assert(commands.some((e) => e.command.includes('"no.such.apn"') && e.final === "ERROR"));
      assert(!commands.some((e) => e.command.startsWith("ATD")), "never dialed");
    } finally {
      await setup.stop();
    }
  },
});
