import { renderHostArtifacts } from "../../src/host/artifacts.ts";
import { assert, assertEquals } from "../assert.ts";
import { ofKind, ONE_STICK, settings, TWO_IDENTICAL, WITH_CREDENTIALS } from "./sticks.ts";

Deno.test("renderHostArtifacts() lists the wvdial host files sorted, with modes and reloads", () => {
  const summary = renderHostArtifacts(TWO_IDENTICAL, settings()).map((
    a,
  ) => [a.path, a.mode, a.reload]);
  assertEquals(summary, [
    ["/etc/stickmode/wvdial.conf", 0o644, null],
    ["/etc/systemd/system/stickmode-dialer@.service", 0o644, "systemd"],
    ["/etc/systemd/system/stickmode-reconcile.service", 0o644, "systemd"],
    ["/etc/systemd/system/stickmode-reconcile.timer", 0o644, "systemd"],
    ["/etc/systemd/system/stickmode-reconcile@.service", 0o644, "systemd"],
    ["/etc/udev/rules.d/70-stickmode.rules", 0o644, "udev"],
  ]);
});

Deno.test("renderHostArtifacts() writes a peer and a chat script per stick for pppd", () => {
  const paths = renderHostArtifacts(ofKind(TWO_IDENTICAL, "pppd"), settings({ dialerKind: "pppd" }))
    .map((a) => a.path);
  for (const name of ["gsm0", "gsm1"]) {
    assert(paths.includes(`/etc/ppp/peers/stickmode-${name}`));
    assert(paths.includes(`/etc/chatscripts/stickmode-${name}`));
  }
  assert(paths.includes("/etc/systemd/system/stickmode-ppp@.service"));
  assert(!paths.includes("/etc/stickmode/wvdial.conf"));
});

Deno.test("renderHostArtifacts() makes files holding an APN password 0600 and lists the secret", () => {
  for (const kind of ["wvdial", "pppd"] as const) {
    const artifacts = renderHostArtifacts(
      ofKind(WITH_CREDENTIALS, kind),
      settings({ dialerKind: kind }),
    );
    const holding = artifacts.filter((a) => a.content.includes("s3cr3t-Pa55"));
    assertEquals(holding.length, 1, `${kind}: one file holds the password`);
    assertEquals(holding[0]!.mode, 0o600);
    assertEquals(holding[0]!.secrets, ["s3cr3t-Pa55"]);
    for (const other of artifacts.filter((a) => a !== holding[0])) {
      assertEquals(other.mode, 0o644, other.path);
    }
  }
});

Deno.test("renderHostArtifacts() is deterministic: same input, same bytes", () => {
  const a = renderHostArtifacts(ONE_STICK, settings());
  const b = renderHostArtifacts(structuredClone(ONE_STICK), settings());
  assertEquals(a, b);
});
