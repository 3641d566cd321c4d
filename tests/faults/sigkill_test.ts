// apply killed with SIGKILL at random points, many times, while the profile flips between two
// APNs (so every run rewrites wvdial.conf): after every kill each managed file and its backup is
// absent, the old version or the new one, never partial; the next apply converges, and the one
// after it changes nothing. Half the kills land at a random time, half just after the first host
// file write began (the window that matters). Seeded: a failure names the seed and the delays.

import { assert, assertEquals } from "../assert.ts";
import { SeededRandom } from "../../src/sim/stick_noise.ts";
import { BACKUP_SUFFIX, syncArtifacts } from "../../src/host/sync.ts";
import type { SimFleet } from "../../src/sim/fleet.ts";
import { runMain, spawnCli } from "../run_cli.ts";
import {
  FAST_APPLY_FLAGS,
  faultProfileText,
  filesUnder,
  fleetFlags,
  isWriteTempFile,
  lockFiles,
  modemStick,
  startFaultFleet,
} from "./_harness.ts";

const SEED = Number(Deno.env.get("STICKMODE_KILL_SEED") ?? 20261126);
const KILLS = Number(Deno.env.get("STICKMODE_KILL_RUNS") ?? 12);

/** Managed files (relative to the root) -> their content after a full apply. */
type Snapshot = Map<string, string>;

async function snapshot(root: string): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const f of await filesUnder(root)) {
    if (f.startsWith("/run/") || f.includes(BACKUP_SUFFIX) || isWriteTempFile(f)) continue;
    out.set(f, await Deno.readTextFile(root + f));
  }
  return out;
}

/** Starts apply, kills it with SIGKILL when `when` resolves (or lets it finish). */
async function applyKilled(
  fleet: SimFleet,
  profile: string,
  when: { afterMs: number } | { afterFirstWriteMs: number },
): Promise<string> {
  const child = spawnCli([...fleetFlags(fleet, profile), "apply", ...FAST_APPLY_FLAGS], {
    stdout: "null",
  });
  let stderr = "";
  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch (e) {
      if (!(e instanceof TypeError)) throw e; // already exited
    }
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  if ("afterMs" in when) timer = setTimeout(kill, when.afterMs);
  for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
    stderr += chunk;
    if (
      "afterFirstWriteMs" in when && timer === null && /(Created|Updated) host file/.test(stderr)
    ) {
      timer = setTimeout(kill, when.afterFirstWriteMs);
    }
  }
  await child.status;
  if (timer !== null) clearTimeout(timer);
  return stderr;
}

Deno.test("apply killed with SIGKILL at random points never leaves a partial file; the next run converges", async () => {
  const fleet = await startFaultFleet([modemStick("1-1", 1), modemStick("1-2", 2)]);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_" });
  const root = fleet.hostRoot;
  try {
    const profiles = ["web.pt.lu", "internet"].map((apn, i) => {
      const path = `${dir}/profile-${i}.yaml`;
      Deno.writeTextFileSync(path, faultProfileText(fleet).replace("web.pt.lu", apn), {
        mode: 0o600,
      });
      return path;
    });
    const full = async (profile: string) => {
      const started = performance.now();
      const r = await runMain([...fleetFlags(fleet, profile), "apply", ...FAST_APPLY_FLAGS]);
      assertEquals(r.code, 0, r.stderr);
      return performance.now() - started;
    };
    // The two versions every managed file may have.
    const ms = await full(profiles[0]!);
    const a = await snapshot(root);
    await full(profiles[1]!);
    const b = await snapshot(root);
    assert(a.get("/etc/stickmode/wvdial.conf") !== b.get("/etc/stickmode/wvdial.conf"));
    const valid = (path: string) => [a.get(path), b.get(path)].filter((c) => c !== undefined);

    const random = new SeededRandom(SEED);
    const kills: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const when = i % 2 === 0
        ? { afterMs: Math.round(random.next() * ms) }
        : { afterFirstWriteMs: Math.round(random.next() * 15) };
      kills.push(JSON.stringify(when));
      const context = `seed ${SEED}, kill ${i}: ${kills.join(" ")}`;
      // The other APN than the one on disk: every run that gets far enough rewrites files.
      const onDisk = await Deno.readTextFile(`${root}/etc/stickmode/wvdial.conf`);
      const profile = profiles[onDisk === a.get("/etc/stickmode/wvdial.conf") ? 1 : 0]!;
      const stderr = await applyKilled(fleet, profile, when);
      for (const lock of await lockFiles(fleet)) {
        const content = await Deno.readTextFile(`${root}/run/lock${lock}`);
        assert(
          /^ {0,9}\d{1,10}\n$/.test(content),
          `${lock} holds a pid (${context}): "${content}"`,
        );
      }
      for (const f of await filesUnder(root)) {
        if (f.startsWith("/run/") || isWriteTempFile(f)) continue;
        const managed = f.endsWith(BACKUP_SUFFIX) ? f.slice(0, -BACKUP_SUFFIX.length) : f;
        const content = await Deno.readTextFile(root + f);
        assert(
          valid(managed).includes(content),
          `${f} is neither version (${context}):\n${content}\nstderr of the killed run:\n${stderr}`,
        );
      }
    }

    await full(profiles[0]!);
    const last = await runMain([
      ...fleetFlags(fleet, profiles[0]!),
      "apply",
      "--detailed-exitcode",
      ...FAST_APPLY_FLAGS,
    ]);
    assertEquals(last.code, 0, `converged, nothing left to change:\n${last.stdout}${last.stderr}`);
    assertEquals(await snapshot(root), a);
    assertEquals((await filesUnder(root)).filter(isWriteTempFile), [], "no temp file left");
    assertEquals(await lockFiles(fleet), [], "stale UUCP locks of killed runs taken over");
  } finally {
    await fleet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("syncArtifacts() removes temp files and backup links of dead runs, never a live run's", async () => {
  const root = await Deno.makeTempDir({ prefix: "stickmode_" });
  // A live run is a live Deno (or stickmode) process: a pid reused by another program is not.
  const sleeper = new Deno.Command(Deno.execPath(), {
    args: ["eval", "setTimeout(() => {}, 30000)"],
  }).spawn();
  try {
    const dead = new Deno.Command("true").spawn();
    await dead.status;
    const dir = `${root}/etc/stickmode`;
    await Deno.mkdir(dir, { recursive: true });
    const leftovers = [
      `.wvdial.conf.stickmode-${dead.pid}-0123abcd`,
      `wvdial.conf.stickmode-bak.${dead.pid}-89abcdef`,
    ];
    const live = `.wvdial.conf.stickmode-${sleeper.pid}-0123abcd`;
    for (const name of [...leftovers, live]) await Deno.writeTextFile(`${dir}/${name}`, "half");
    const artifact = {
      path: "/etc/stickmode/wvdial.conf",
      content: "[Dialer Defaults]\n",
      mode: 0o644,
      reload: null,
      secrets: [],
    };
    const result = await syncArtifacts([artifact], { root, reload: false });
    assertEquals(result.writes, 4, "2 leftovers removed, the manifest and the file written");
    assertEquals((await filesUnder(dir)).sort(), [`/${live}`, "/wvdial.conf"].sort());
  } finally {
    sleeper.kill();
    await sleeper.status;
    await Deno.remove(root, { recursive: true });
  }
});
