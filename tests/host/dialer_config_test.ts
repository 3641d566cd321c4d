import { renderHostArtifacts } from "../../src/host/artifacts.ts";
import { checkHostInput, InvalidHostInputError } from "../../src/host/host_input.ts";
import { renderChatScript, renderPppPeer } from "../../src/host/pppd_peers.ts";
import { renderWvdialConf } from "../../src/host/wvdial_conf.ts";
import { assert, assertEquals, assertStringIncludes, assertThrows } from "../assert.ts";
import { ofKind, ONE_STICK, settings, stick, TWO_IDENTICAL, WITH_CREDENTIALS } from "./sticks.ts";

function section(text: string, name: string): string[] {
  const start = text.indexOf(`[Dialer ${name}]`);
  assert(start >= 0, `section ${name} exists`);
  const end = text.indexOf("\n\n", start);
  return text.slice(start, end < 0 ? undefined : end).trim().split("\n");
}

Deno.test("renderWvdialConf() writes defaults and one section per stick, sorted", () => {
  const text = renderWvdialConf(TWO_IDENTICAL, settings());
  assertEquals(section(text, "Defaults").filter((l) => !l.startsWith("#")), [
    "[Dialer Defaults]",
    "Init1 = ATZ",
    "Stupid Mode = 1",
    "Dial Command = ATD",
    "New PPPD = yes",
    "Carrier Check = yes",
    "Check Def Route = off",
  ]);
  assertEquals(section(text, "gsm1"), [
    "[Dialer gsm1]",
    "Modem = /dev/gsm1",
    "Baud = 460800",
    'Init2 = AT+CGDCONT=1,"IPV4V6","internet"',
    "Phone = *99#",
    "Username = stickmode",
    "Password = stickmode",
    "Auto Reconnect = on",
  ]);
  assert(text.indexOf("[Dialer gsm0]") < text.indexOf("[Dialer gsm1]"));
});

Deno.test("renderWvdialConf() uses only # comments and never the full IMEI", () => {
  const text = renderWvdialConf(ONE_STICK, settings());
  assert(!text.split("\n").some((l) => l.startsWith(";")));
  assertStringIncludes(text, "IMEI ...3809");
  assert(!text.includes("861234567893809"));
});

Deno.test("renderWvdialConf() writes the APN user and password when given", () => {
  const lines = section(renderWvdialConf(WITH_CREDENTIALS, settings()), "gsm0");
  assert(lines.includes("Username = fleetuser"));
  assert(lines.includes("Password = s3cr3t-Pa55"));
});

Deno.test("renderHostArtifacts() rejects an APN with a quote instead of escaping it", () => {
  const bad = stick({
    name: "gsm0",
    apn: { name: 'web","x', pdpType: "IP", user: null, password: null },
  });
  assertThrows(
    () => renderHostArtifacts([bad], settings()),
    InvalidHostInputError,
    'Cannot use APN "web","x" of stick "gsm0": expected labels',
  );
});

Deno.test("renderWvdialConf() rejects a password wvdial could misread, naming the character", () => {
  const bad = stick({
    name: "gsm0",
    apn: { name: "a", pdpType: "IP", user: "ab", password: "x;y" },
  });
  assertThrows(() => renderWvdialConf([bad], settings()), InvalidHostInputError, 'character ";"');
});

Deno.test("renderPppPeer() writes device, chat connect, ifname, lock and persist", () => {
  const text = renderPppPeer(ONE_STICK[0]!, settings({ dialerKind: "pppd" }));
  const options = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
  assertEquals(options, [
    "/dev/gsm0",
    "460800",
    'connect "/usr/sbin/chat -v -s -f /etc/chatscripts/stickmode-gsm0"',
    "ifname ppp-gsm0",
    "noauth",
    'user "stickmode"',
    'password "stickmode"',
    "noipdefault",
    "usepeerdns",
    "defaultroute",
    "lcp-echo-interval 30",
    "lcp-echo-failure 4",
    "crtscts",
    "lock",
    "nodetach",
    "persist",
    "maxfail 0",
    "holdoff 10",
  ]);
});

Deno.test("renderPppPeer() quotes a password with pppd escapes", () => {
  const s = stick({
    name: "gsm0",
    apn: { name: "a", pdpType: "IP", user: "u 1", password: 'p"\\w' },
  });
  assertStringIncludes(renderPppPeer(s, settings()), 'password "p\\"\\\\w"\n');
  assertStringIncludes(renderPppPeer(s, settings()), 'user "u 1"\n');
});

Deno.test("renderPppPeer() leaves out persist when auto reconnect is off", () => {
  const s = stick({ name: "gsm0", dialer: { baud: 115200, phone: "*99#", autoReconnect: false } });
  const text = renderPppPeer(s, settings());
  assert(!text.includes("persist"));
  assertStringIncludes(text, "\n115200\n");
});

Deno.test("renderChatScript() aborts on modem errors and sets the APN inline", () => {
  const text = renderChatScript(TWO_IDENTICAL[0]!, settings());
  assertStringIncludes(text, 'ABORT "NO CARRIER"\n');
  assertStringIncludes(text, "ABORT ERROR\n");
  assertStringIncludes(text, `OK 'AT+CGDCONT=1,"IPV4V6","internet"'\n`);
  assertStringIncludes(text, "OK ATD*99#\n");
  assert(text.trimEnd().endsWith('CONNECT ""'));
});

Deno.test("checkHostInput() refuses a stick name that cannot be a device or unit name", () => {
  for (const name of ["ttyUSB0", "null", "uplink-at", "-x", ".x", "a/b", "a b", "x".repeat(33)]) {
    assertThrows(
      () =>
        renderHostArtifacts(ofKind([stick({ name })], "pppd"), settings({ dialerKind: "pppd" })),
      InvalidHostInputError,
      `Cannot use stick name ${JSON.stringify(name)}: expected`,
    );
  }
});

Deno.test("renderPppPeer() names the interface ppp-<name> only when it fits IFNAMSIZ", () => {
  const peer = (name: string) => renderPppPeer(stick({ name }), settings({ dialerKind: "pppd" }));
  // 11 characters: "ppp-" + 11 = 15, the most a Linux interface name holds.
  assertStringIncludes(peer("uplink-a.01"), "\nifname ppp-uplink-a.01\n");
  const long = peer("uplink-a.012");
  assert(!/^ifname /m.test(long), "no ifname longer than 15 characters");
  assertStringIncludes(long, "/dev/uplink-a.012\n");
  assertStringIncludes(long, "longer than 15 characters (IFNAMSIZ)");
});

Deno.test("checkHostInput() rejects duplicate names and ports across the fleet", () => {
  assertThrows(
    () =>
      renderHostArtifacts(
        [stick({ name: "gsm0" }), stick({ name: "gsm0", portPath: "1-4" })],
        settings(),
      ),
    InvalidHostInputError,
    'stick name "gsm0" is used twice',
  );
  assertThrows(
    () =>
      renderHostArtifacts(
        [stick({ name: "gsm0" }), stick({ name: "gsm1", idPath: null })],
        settings(),
      ),
    InvalidHostInputError,
    'port path "1-3" is used by two sticks',
  );
});

Deno.test("checkHostInput() rejects a 1-character login and a newline in a password", () => {
  const short = stick({
    name: "gsm0",
    apn: { name: "a", pdpType: "IP", user: "x", password: null },
  });
  assertThrows(
    () => checkHostInput([short], settings()),
    InvalidHostInputError,
    "2-255 characters",
  );
  const nl = stick({
    name: "gsm0",
    apn: { name: "a", pdpType: "IP", user: null, password: "ab\ncd" },
  });
  assertThrows(() => checkHostInput([nl], settings()), InvalidHostInputError, "printable ASCII");
});

Deno.test("checkHostInput() rejects an ID_PATH that already names an interface", () => {
  const s = stick({ name: "gsm0", idPath: "pci-0000:00:14.0-usb-0:3:1.0" });
  assertThrows(
    () => renderHostArtifacts([s], settings()),
    InvalidHostInputError,
    "names an interface",
  );
});
