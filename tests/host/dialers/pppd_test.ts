import { PPPD } from "../../../src/host/dialers/pppd.ts";
import { renderChatScript, renderPppPeer } from "../../../src/host/pppd_peers.ts";
import { assert, assertEquals } from "../../assert.ts";
import { settings, stick, TWO_IDENTICAL, WITH_CREDENTIALS } from "../sticks.ts";

Deno.test("PPPD.files() is a peer and a chat script per stick, sorted by stick name", () => {
  const s = settings({ dialerKind: "pppd" });
  const files = PPPD.files(TWO_IDENTICAL, s);
  assertEquals(files.map((f) => [f.path, f.mode, f.reload]), [
    ["/etc/ppp/peers/stickmode-gsm0", 0o644, null],
    ["/etc/chatscripts/stickmode-gsm0", 0o644, null],
    ["/etc/ppp/peers/stickmode-gsm1", 0o644, null],
    ["/etc/chatscripts/stickmode-gsm1", 0o644, null],
  ]);
  const gsm1 = TWO_IDENTICAL.find((x) => x.name === "gsm1")!;
  assertEquals(files[2]!.content, renderPppPeer(gsm1, s));
  assertEquals(files[3]!.content, renderChatScript(gsm1, s));
});

Deno.test("PPPD.files() makes the peer holding a password 0600, the chat script stays public", () => {
  const [peer, chat] = PPPD.files(WITH_CREDENTIALS, settings({ dialerKind: "pppd" }));
  assertEquals([peer!.mode, peer!.secrets], [0o600, ["s3cr3t-Pa55"]]);
  assertEquals([chat!.mode, chat!.secrets], [0o644, []]);
  assert(!chat!.content.includes("s3cr3t-Pa55"));
});

Deno.test("PPPD unit calls the stick's peer and does not restart on bad options", () => {
  assertEquals(PPPD.unitTemplate, "stickmode-ppp@.service");
  const body = PPPD.unitBody(settings({ pppdPath: "/opt/pppd" }));
  assert(body.includes("ExecStart=/opt/pppd call stickmode-%I"));
  assert(body.includes("RestartPreventExitStatus=2 4"));
  assert(body.includes("After=dev-%i.device"));
});

Deno.test("PPPD.unitInstance() escapes the stick name as systemd-escape does", () => {
  assertEquals(PPPD.unitInstance("spare-3g"), "stickmode-ppp@spare\\x2d3g.service");
  assertEquals(PPPD.atWriteUnit("gsm0"), "stickmode-ppp@gsm0.service");
});

Deno.test("PPPD.managesPath() owns peers and chat scripts of valid stick names only", () => {
  const s = { configDir: "/etc/stickmode" };
  for (const f of PPPD.files([stick({ name: "uplink-a.1" })], settings())) {
    assert(PPPD.managesPath(f.path, s), f.path);
  }
  for (
    const path of [
      "/etc/ppp/peers/provider",
      "/etc/ppp/peers/stickmode-ttyUSB0",
      "/etc/ppp/peers/stickmode-x-at",
      "/etc/chatscripts/stickmode-gsm0/x",
      "/etc/ppp/stickmode-gsm0",
      "/etc/stickmode/wvdial.conf",
    ]
  ) {
    assert(!PPPD.managesPath(path, s), path);
  }
});
