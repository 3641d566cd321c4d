import { renderSystemdUnits, type UnitFile } from "../../src/host/systemd_units.ts";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { ofKind, ONE_STICK, settings } from "./sticks.ts";

function unit(units: UnitFile[], name: string): { text: string; section: (s: string) => string[] } {
  const found = units.find((u) => u.name === name);
  assert(found, `unit ${name} rendered`);
  return {
    text: found.content,
    section(s: string) {
      const start = found.content.indexOf(`[${s}]\n`);
      assert(start >= 0, `[${s}] in ${name}`);
      const body = found.content.slice(start).split("\n\n")[0]!.split("\n").slice(1);
      return body.filter((l) => l !== "" && !l.startsWith("#"));
    },
  };
}

Deno.test("renderSystemdUnits() renders four units, sorted, with the wvdial dialer", () => {
  const units = renderSystemdUnits(ONE_STICK, settings());
  assertEquals(units.map((u) => u.name), [
    "stickmode-dialer@.service",
    "stickmode-reconcile.service",
    "stickmode-reconcile.timer",
    "stickmode-reconcile@.service",
  ]);
});

Deno.test("renderSystemdUnits() binds the dialer to its device and never stops restarting it", () => {
  const dialer = unit(renderSystemdUnits(ONE_STICK, settings()), "stickmode-dialer@.service");
  const u = dialer.section("Unit");
  assert(u.includes("BindsTo=dev-%i.device") && u.includes("After=dev-%i.device"));
  assert(u.includes("StartLimitIntervalSec=0"), "start limit in [Unit]");
  const s = dialer.section("Service");
  assert(s.includes("Restart=always"));
  assert(s.includes("ExecStart=/usr/bin/wvdial --config /etc/stickmode/wvdial.conf %I"));
  assert(!s.some((l) => l.startsWith("StartLimit")), "no start limit in [Service]");
});

Deno.test("renderSystemdUnits() runs pppd on the stick's peer for the pppd dialer", () => {
  const units = renderSystemdUnits(ofKind(ONE_STICK, "pppd"), settings({ dialerKind: "pppd" }));
  assert(!units.some((u) => u.name === "stickmode-dialer@.service"));
  const s = unit(units, "stickmode-ppp@.service").section("Service");
  assert(s.includes("ExecStart=/usr/sbin/pppd call stickmode-%I"));
  assert(s.includes("RestartPreventExitStatus=2 4"));
});

Deno.test("renderSystemdUnits() leaves out the dialer unit when the dialer service is off", () => {
  const names = renderSystemdUnits(ONE_STICK, settings({ dialerService: false })).map((u) =>
    u.name
  );
  assertEquals(names.filter((n) => n.includes("dialer") || n.includes("ppp")), []);
});

Deno.test("renderSystemdUnits() spreads the reconcile timer over a fleet and catches up", () => {
  const timer = unit(
    renderSystemdUnits([], settings({ reconcileOnCalendar: "hourly" })),
    "stickmode-reconcile.timer",
  );
  assertEquals(timer.section("Timer"), [
    "OnCalendar=hourly",
    "RandomizedDelaySec=5min",
    "FixedRandomDelay=true",
    "Persistent=true",
    "AccuracySec=1min",
  ]);
  assertEquals(timer.section("Install"), ["WantedBy=timers.target"]);
});

Deno.test("renderSystemdUnits() renders no timer when the reconcile calendar is null", () => {
  const names = renderSystemdUnits([], settings({ reconcileOnCalendar: null })).map((u) => u.name);
  assertEquals(names, [
    "stickmode-dialer@.service",
    "stickmode-reconcile.service",
    "stickmode-reconcile@.service",
  ]);
});

Deno.test("renderSystemdUnits() counts exit 2 of apply as success and runs the configured binary", () => {
  const units = renderSystemdUnits(
    [],
    settings({ binaryPath: "/opt/sm/stickmode", profilePath: "/srv/p.yaml" }),
  );
  for (const name of ["stickmode-reconcile.service", "stickmode-reconcile@.service"]) {
    const s = unit(units, name).section("Service");
    assert(s.includes("Type=oneshot"));
    assert(s.includes("SuccessExitStatus=2"));
    assert(s.includes(
      "ExecStart=/opt/sm/stickmode --profile /srv/p.yaml apply --detailed-exitcode " +
        "--lock-timeout 600000",
    ));
    // Waiting 10 min for the lock, then a run of its own: never killed while it waits.
    assert(s.includes("TimeoutStartSec=20min"));
  }
  const perPort = unit(units, "stickmode-reconcile@.service");
  assert(
    !perPort.section("Unit").some((l) => /^(BindsTo|After|Requires)=/.test(l)),
    "a reset or mode switch of the stick must not stop or delay the reconcile",
  );
  assertStringIncludes(perPort.text, "ConditionPathExists=/srv/p.yaml");
});

Deno.test("renderSystemdUnits() keys the plug-in reconcile by the raw USB port (%i, not %I)", () => {
  const perPort = unit(renderSystemdUnits([], settings()), "stickmode-reconcile@.service");
  // %I would unescape "1-3" into "1/3".
  assert(!perPort.text.includes("%I"));
  assertEquals(
    perPort.section("Unit")[0],
    "Description=Stickmode reconcile for the Huawei stick on USB port %i",
  );
  assert(perPort.section("Service").includes("SyslogIdentifier=stickmode-reconcile-%i"));
});
