// The capture corpus (tests/fixtures/captures/, built from published transcripts) replayed
// through plan and apply on the shipped command line: each file with its profile and the outcome
// it must give, including what the replayed stick could not answer (docs/replay.md).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runCli } from "../run_cli.ts";
import { loadCaptureFile } from "../../src/capture/load_capture.ts";
import { ReplayFleet } from "../../src/sim/replay_fleet.ts";
import { replayProfileText } from "../../src/sim/replay_profile.ts";
import { demoProfileText } from "../../src/sim/demo_fleet.ts";

const CORPUS = new URL("../fixtures/captures/", import.meta.url).pathname;

/** The guide's profile (FF;10,12, POST.lu APN, no PIN) with today's 22.x policy. */
const GUIDE_PROFILE = demoProfileText([], undefined, "blocked");

interface Expected {
  code: number;
  /** Lines the report must hold (stdout, then stderr). */
  includes: string[];
  /** What the replayed sticks could not answer (messages without the file name). */
  unanswered?: string[];
}

interface CorpusCase {
  profile: string;
  plan: Expected;
  apply: Expected;
}

const CASES: Record<string, CorpusCase> = {
  "e3372s-153-stick.json": {
    profile: GUIDE_PROFILE,
    plan: {
      code: 2,
      includes: [
        "stick 1-2 (gsm0): 12d1:15b6, modem, E3372, fw 21.180.01.00.00",
        "now:  layout A1,A2;12,10,16,A1,A2, SIM READY",
        "+ set port layout A1,A2;12,10,16,A1,A2 -> FF;10,12 (AT^SETPORT)",
        "+ restart the stick",
      ],
    },
    // The hand-made file holds the writes and the re-enumeration: apply converges.
    apply: {
      code: 2,
      includes: [
        "Apply: 1 changed, 0 unchanged, 0 blocked, 0 failed",
        "-> stick 1-2: set APN of context 1",
      ],
    },
  },
  "e3272-stick.json": {
    profile: GUIDE_PROFILE,
    plan: {
      code: 2,
      includes: [
        "stick 1-2 (gsm0): 12d1:1506, modem, E3272, fw 21.436.11.00.372",
        "+ set port layout A1,A2;10,12,16,A1,A2 -> FF;10,12 (AT^SETPORT)",
      ],
    },
    // A capture holds reads only: the first write is not in it, named with its stick and step.
    apply: {
      code: 6,
      includes: [
        "Apply: 0 changed, 0 unchanged, 0 blocked, 1 failed",
        'stick 1-2: set-port-layout: Cannot run "AT^SETPORT="FF;10,12""',
      ],
      unanswered: ['Cannot answer "AT^SETPORT="FF;10,12"" on ttyUSB1 (stick 1-2)'],
    },
  },
  "e3372h-607-hilink.json": {
    profile: GUIDE_PROFILE,
    plan: {
      code: 2,
      includes: [
        "stick 1-1 (gsm0): 12d1:14dc, hilink, E3372, fw 22.329.63.00.74",
        "+ leave HiLink mode (web API switch to debug mode)",
        "then most likely blocked: firmware 22.329.63.00.74 refuses AT^SETPORT (HiLink firmware)",
      ],
    },
    apply: {
      code: 6,
      includes: [
        "1-1   gsm0  debug  -       blocked",
        "Apply: 0 changed, 0 unchanged, 1 blocked, 0 failed",
        "-> stick 1-1: leave HiLink mode (web API switch to debug mode)",
      ],
    },
  },
  "e398-3g-old-setport.json": {
    profile: GUIDE_PROFILE,
    plan: {
      code: 6,
      includes: [
        "stick 1-4 (gsm0): 12d1:1506, modem, E398",
        'blocked: port layout "FF;10,12" uses codes this stick does not offer: 10,12',
        "to do by hand: choose a layout from AT^SETPORT=? (1,2,3,4,5,6,7,A,B,D,E,A1,A2)",
      ],
    },
    apply: { code: 6, includes: ["Apply: 0 changed, 0 unchanged, 1 blocked, 0 failed"] },
  },
};

/** Replays `file` on a fresh fleet (answers start over), runs `command`, checks the outcome. */
async function replayCommand(file: string, c: CorpusCase, command: "plan" | "apply") {
  const fleet = await ReplayFleet.fromFile(`${CORPUS}${file}`);
  try {
    const profile = `${fleet.hostRoot}/etc/stickmode/profile.yaml`;
    await Deno.mkdir(`${fleet.hostRoot}/etc/stickmode`, { recursive: true });
    await Deno.writeTextFile(profile, replayProfileText(fleet.sticks, c.profile), { mode: 0o600 });
    const r = await runCli([
      ...["--profile", profile, "--root", fleet.hostRoot],
      ...["--sysfs-root", fleet.sysfsRoot, "--dev-root", fleet.devRoot],
      command,
      "--detailed-exitcode",
    ]);
    const expected = c[command];
    const output = `${r.stdout}\n${r.stderr}`;
    assertEquals(r.code, expected.code, `${file} ${command}:\n${output}`);
    for (const line of expected.includes) assertStringIncludes(output, line);
    assertEquals(
      fleet.unanswered.map((u) => u.message),
      (expected.unanswered ?? []).map((m) => `${m}: not in the capture "${CORPUS}${file}"`),
    );
  } finally {
    await fleet.stop();
  }
}

for (const [file, c] of Object.entries(CASES)) {
  Deno.test(`corpus ${file} replays through plan with the expected outcome`, async () => {
    await replayCommand(file, c, "plan");
  });
  Deno.test(`corpus ${file} replays through apply with the expected outcome`, async () => {
    await replayCommand(file, c, "apply");
  });
}

Deno.test("every corpus file has its expected outcome here and cites its public source", async () => {
  const files: string[] = [];
  for await (const e of Deno.readDir(CORPUS)) if (e.name.endsWith(".json")) files.push(e.name);
  assertEquals(files.sort(), Object.keys(CASES).sort());
  for (const file of files) {
    const capture = await loadCaptureFile(`${CORPUS}${file}`);
    const note = capture.note ?? "";
    assert(/docs\/domain\.md#t\d+/.test(note), `${file}: the note names no transcript`);
    assertStringIncludes(note, "simulator's well-known answers");
    assert(!/shared|\.\.\//.test(note), `${file}: the note cites a private path`);
  }
});
