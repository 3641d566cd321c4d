import { WVDIAL } from "../../../src/host/dialers/wvdial.ts";
import { renderWvdialConf } from "../../../src/host/wvdial_conf.ts";
import { assert, assertEquals, assertStringIncludes } from "../../assert.ts";
import { ONE_STICK, settings, TWO_IDENTICAL, WITH_CREDENTIALS } from "../sticks.ts";

Deno.test("WVDIAL.files() is one wvdial.conf in the config directory, 0600 only with a password", () => {
  const s = settings({ configDir: "/srv/dial/" });
  const [conf, ...rest] = WVDIAL.files(TWO_IDENTICAL, s);
  assertEquals(rest, []);
  assertEquals(conf, {
    path: "/srv/dial/wvdial.conf",
    content: renderWvdialConf(TWO_IDENTICAL, s),
    mode: 0o644,
    reload: null,
    secrets: [],
  });
  const [secret] = WVDIAL.files(WITH_CREDENTIALS, settings());
  assertEquals([secret!.mode, secret!.secrets], [0o600, ["s3cr3t-Pa55"]]);
});

Deno.test("WVDIAL unit runs wvdial on the stick's section, bound to /dev/<stick>", () => {
  assertEquals(WVDIAL.unitTemplate, "stickmode-dialer@.service");
  const body = WVDIAL.unitBody(settings({ wvdialPath: "/opt/wvdial", configDir: "/srv/dial" }));
  assert(body.includes("ExecStart=/opt/wvdial --config /srv/dial/wvdial.conf %I"));
  assert(body.includes("BindsTo=dev-%i.device"));
  assertStringIncludes(body.join("\n"), "Restart=always");
});

Deno.test("WVDIAL.unitInstance() escapes the stick name as systemd-escape does", () => {
  assertEquals(WVDIAL.unitInstance("gsm0"), "stickmode-dialer@gsm0.service");
  assertEquals(WVDIAL.unitInstance("uplink-a.1"), "stickmode-dialer@uplink\\x2da.1.service");
  assertEquals(WVDIAL.atWriteUnit("uplink-a.1"), WVDIAL.unitInstance("uplink-a.1"));
});

Deno.test("WVDIAL.managesPath() owns wvdial.conf in the config directory only", () => {
  const s = { configDir: "/etc/stickmode" };
  for (const a of WVDIAL.files(ONE_STICK, settings())) assert(WVDIAL.managesPath(a.path, s));
  assert(WVDIAL.managesPath("/srv/dial/wvdial.conf", { configDir: "/srv/dial/" }));
  for (
    const path of ["/etc/wvdial.conf", "/srv/dial/wvdial.conf", "/etc/ppp/peers/stickmode-gsm0"]
  ) {
    assert(!WVDIAL.managesPath(path, s), path);
  }
});
