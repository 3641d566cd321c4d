// The round trip issue 18 is done by: for each simulated stick kind, `plan --json` on the
// simulator, `capture`, stop the simulator, replay the capture (src/sim/replay_fleet.ts), and
// `plan --json` again against the replay: the same plan, and nothing the capture could not answer.

import { assert, assertEquals } from "../assert.ts";
import { SimFleet } from "../../src/sim/fleet.ts";
import { DEMO_FLEET, demoProfileText } from "../../src/sim/demo_fleet.ts";
import { ReplayFleet } from "../../src/sim/replay_fleet.ts";
import { replayProfileText } from "../../src/sim/replay_profile.ts";
import { runCli, runMain, spawnCli } from "../run_cli.ts";
import { attributeAt, readUntilReady, waitFor } from "./_sim_child.ts";

interface Roots {
  sysfsRoot: string;
  devRoot: string;
  hostRoot: string;
}

const KINDS: Record<string, string> = {
  "1-1": "HiLink on stick firmware",
  "1-2": "CD-ROM (storage mode)",
  "1-3": "provisioned modem",
  "1-4": "22.x HiLink",
};

async function planJson(roots: Roots, profile: string): Promise<Record<string, unknown>> {
  const r = await runMain([
    ...["--sysfs-root", roots.sysfsRoot, "--dev-root", roots.devRoot, "--root", roots.hostRoot],
    ...["--profile", profile, "--json", "plan"],
  ]);
  assertEquals(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** The plan without what differs between any two runs (times), between the two trees (the
 * temp directories the host files are planned under) and what masking replaced: the IMEI the
 * stick reported (in full, and as the "...1234" tail comments show). */
function comparable(plan: Record<string, unknown>, roots: Roots, profile?: string): unknown {
  const imeis = (plan["sticks"] as { before: { stick?: unknown } }[])
    .flatMap((s) => JSON.stringify(s.before).match(/(?<!\d)\d{15}(?!\d)/g) ?? []);
  let text = JSON.stringify(plan);
  for (const imei of imeis) {
    text = text.replaceAll(imei, "<imei>").replaceAll(`...${imei.slice(-4)}`, "...<imei>");
  }
  if (profile !== undefined) text = text.replaceAll(profile, "<profile>");
  text = text
    .replaceAll(roots.hostRoot, "<root>")
    .replaceAll(roots.sysfsRoot, "<sysfs>")
    .replaceAll(roots.devRoot, "<dev>");
  const { startedAt: _s, durationMs: _d, ...rest } = JSON.parse(text);
  return rest;
}

for (const spec of DEMO_FLEET) {
  Deno.test(`a capture of the ${KINDS[spec.portPath]} stick, replayed, gives the same plan`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "stickmode_roundtrip_" });
    try {
      // No played usb_modeswitch: the CD-ROM stick stays what it was when planned and captured.
      const fleet = await SimFleet.start({ sticks: [spec] });
      const profileText = demoProfileText(fleet.sticks);
      const profile = `${dir}/sim.yaml`;
      await Deno.writeTextFile(profile, profileText, { mode: 0o600 });
      const out = `${dir}/capture.json`;
      const fleetImei = spec.start === "storage" ? null : fleet.sticks[0]!.sim.state.imei;
      let before;
      try {
        before = comparable(await planJson(fleet, profile), fleet);
        const r = await runMain([
          ...["--sysfs-root", fleet.sysfsRoot, "--dev-root", fleet.devRoot],
          ...["--root", fleet.hostRoot, "--profile", profile, "capture", "--output", out],
        ]);
        assertEquals(r.code, 0, r.stderr);
      } finally {
        await fleet.stop();
      }
      const replay = await ReplayFleet.fromFile(out, { latencyScale: 0 });
      try {
        // The same profile file (its path is in the planned units), now pointing at the replay.
        await Deno.writeTextFile(
          profile,
          replayProfileText(
            replay.sticks.map((s) => ({ portPath: s.portPath, hilinkUrl: s.hilinkUrl })),
            profileText,
          ),
          { mode: 0o600 },
        );
        const replayed = await planJson(replay, profile);
        assertEquals(comparable(replayed, replay), before);
        // The IMEI the replay reports is the capture's stand-in, never the simulated stick's own.
        const own = fleetImei;
        assert(own === null || !JSON.stringify(replayed).includes(own), "original IMEI in plan");
        assertEquals(replay.unanswered, []);
      } finally {
        await replay.stop();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  child.kill("SIGTERM");
  assertEquals((await child.status).code, 0);
}

Deno.test("the operator's capture of sim --fleet, replayed with sim --replay, plans the same on the shipped command line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_roundtrip_" });
  try {
    const f = `${dir}/fleet`;
    const simProfile = `${f}/host/etc/stickmode/profile.yaml`;
    const roots = (d: string) => ({
      sysfsRoot: `${d}/sys`,
      devRoot: `${d}/dev`,
      hostRoot: `${d}/host`,
    });
    const sim = spawnCli(["sim", "--fleet", f], { stderr: "null" });
    let before;
    try {
      await readUntilReady(sim);
      // sim --fleet plays usb_modeswitch on its CD-ROM stick 1.5 s after start: plan after it.
      await waitFor(() => attributeAt(`${f}/sys/bus/usb/devices/1-2/idProduct`) === "1506", 15_000);
      before = comparable(await planChild(roots(f), simProfile), roots(f), simProfile);
      const c = await runCli([...flagsOf(roots(f), simProfile), "capture", "-o", `${dir}/c.json`]);
      assertEquals(c.code, 0, c.stderr);
    } finally {
      await stop(sim);
    }
    const r = `${dir}/replay`;
    const replay = spawnCli(
      ["sim", "--replay", `${dir}/c.json`, "--tree", r, "--replay-profile", simProfile],
      { stderr: "piped" },
    );
    const unanswered = new Response(replay.stderr).text();
    try {
      await readUntilReady(replay);
      const profile = `${r}/host/etc/stickmode/profile.yaml`;
      assertEquals(comparable(await planChild(roots(r), profile), roots(r), profile), before);
    } finally {
      replay.kill("SIGTERM");
      // Nothing the capture could not answer (sim --replay reports each on stderr).
      assertEquals([(await replay.status).code, await unanswered], [0, ""]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function flagsOf(roots: Roots, profile: string): string[] {
  return [
    ...["--sysfs-root", roots.sysfsRoot, "--dev-root", roots.devRoot, "--root", roots.hostRoot],
    ...["--profile", profile],
  ];
}

async function planChild(roots: Roots, profile: string): Promise<Record<string, unknown>> {
  const r = await runCli([...flagsOf(roots, profile), "--json", "plan"]);
  assertEquals(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
