// `stickmode reconnect` against a converged simulated NCM stick on real ptys: under a --root that
// is not / it hangs up and dials again on the PCUI port (AT^NDISDUP=1,0 then 1,1) and waits for
// the call to be up; a PPP stick there, an unknown name and a held host lock fail, naming the
// stick or the step.

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { fleetFlags } from "../faults/_harness.ts";
import { ncmFleet, PORT } from "./_ncm_fleet.ts";
import { acquireHostLock } from "../../src/reconcile/host_lock.ts";
import { firstIpv4 } from "../../src/datacall/interface_address.ts";
import { renderReconnectText } from "../../src/cli/reconnect.ts";

/** The fleet's profile with the stick's dialer kind switched to NCM. */
async function asNcm(profile: string): Promise<string> {
  const text = await Deno.readTextFile(profile);
  const ncm = profile.replace(/\.yaml$/, "-ncm.yaml");
  await Deno.writeTextFile(ncm, text.replace("kind: wvdial", "kind: ncm"), { mode: 0o600 });
  return ncm;
}

Deno.test("reconnect hangs up and redials an NCM stick on its PCUI port and reports the call up", async () => {
  const { fleet, profile } = await ncmFleet();
  try {
    const ncm = await asNcm(profile);
    const sim = fleet.stick(PORT).sim;
    assertEquals(sim.state.call.phase, "idle");
    const first = await runMain([...fleetFlags(fleet, ncm), "--json", "reconnect", "gsm0"]);
    assertEquals(first.code, 0, first.stderr + first.stdout);
    const doc = JSON.parse(first.stdout);
    assertEquals(doc.version, 1);
    assertEquals(doc.sticks.length, 1);
    assertEquals(doc.sticks[0].name, "gsm0");
    assertEquals(doc.sticks[0].kind, "ncm");
    assertEquals(doc.sticks[0].method, "at");
    assertEquals(doc.sticks[0].ok, true);
    assertEquals(doc.sticks[0].error, null);
    assertEquals(sim.state.call.phase, "up");
    const ndis = () =>
      sim.commandLog.map((c) => c.command).filter((c) => c.startsWith("AT^NDISDUP"));
    assertEquals(ndis(), ["AT^NDISDUP=1,0", 'AT^NDISDUP=1,1,"web.pt.lu","web","****",2']);

    // A call that is up: hung up (OK this time) and dialled again, by --all as by name.
    const generation = sim.state.call.generation;
    const again = await runMain([...fleetFlags(fleet, ncm), "reconnect", "--all"]);
    assertEquals(again.code, 0, again.stderr + again.stdout);
    assertStringIncludes(again.stdout, "gsm0 reconnected (at): no address -> no address");
    assertEquals(ndis().length, 4);
    assert(sim.state.call.generation >= generation + 2);
    assertEquals(sim.state.call.phase, "up");
  } finally {
    await fleet.stop();
  }
});

Deno.test("reconnect refuses a PPP stick outside --root /, an unknown stick and a bad argument list", async () => {
  const { fleet, profile } = await ncmFleet();
  try {
    const sim = fleet.stick(PORT).sim;
    const writes = sim.writes().length;
    const ppp = await runMain([...fleetFlags(fleet, profile), "reconnect", "gsm0"]);
    assertEquals(ppp.code, 4, ppp.stderr + ppp.stdout);
    assertStringIncludes(
      ppp.stdout,
      'gsm0 not reconnected: Cannot reconnect "gsm0": its wvdial dialer runs under systemd, ' +
        "restarted only with --root /",
    );
    const unknown = await runMain([...fleetFlags(fleet, profile), "reconnect", "gsm9"]);
    assertEquals(unknown.code, 4);
    assertStringIncludes(unknown.stdout, 'Cannot reconnect "gsm9": no stick of that name');
    const none = await runMain([...fleetFlags(fleet, profile), "reconnect"]);
    assertEquals(none.code, 1);
    assertStringIncludes(none.stderr, "Cannot reconnect: name the sticks or give --all");
    assertEquals(sim.writes().length, writes);
  } finally {
    await fleet.stop();
  }
});

Deno.test("reconnect waits for the host lock and gives up, naming the holder, when it stays held", async () => {
  const { fleet, profile } = await ncmFleet();
  const lock = await acquireHostLock(`${fleet.hostRoot}/run/stickmode.lock`, { timeoutMs: 100 });
  try {
    const ncm = await asNcm(profile);
    const r = await runMain([
      ...fleetFlags(fleet, ncm),
      "reconnect",
      "gsm0",
      "--lock-timeout",
      "300",
    ]);
    assertEquals(r.code, 1);
    assertStringIncludes(r.stderr, "Cannot start reconnect: another stickmode run holds");
    assertEquals(fleet.stick(PORT).sim.state.call.phase, "idle");
  } finally {
    lock.release();
    await fleet.stop();
  }
});

Deno.test("firstIpv4() takes the first inet address of ip -j output, with its prefix", () => {
  const json = JSON.stringify([{
    ifname: "wwgsm0",
    addr_info: [{ family: "inet6", local: "fe80::1", prefixlen: 64 }, {
      family: "inet",
      local: "10.64.0.2",
      prefixlen: 24,
    }],
  }]);
  assertEquals(firstIpv4(json), "10.64.0.2/24");
  assertEquals(firstIpv4("[]"), null);
  assertEquals(firstIpv4("not json"), null);
});

Deno.test("renderReconnectText() prints one line per stick, addresses or the error", () => {
  const base = { kind: "ncm" as const, interface: null, error: null };
  assertEquals(
    renderReconnectText([
      { ...base, name: "a", method: "at", before: "10.0.0.2/24", after: "10.0.0.3/24", ok: true },
      { ...base, name: "b", method: null, before: null, after: null, ok: false, error: "Cannot x" },
    ]),
    "a reconnected (at): 10.0.0.2/24 -> 10.0.0.3/24\nb not reconnected: Cannot x",
  );
  assertEquals(renderReconnectText([]), "No sticks to reconnect");
});
