// The README's "Working against the simulator by hand" lines, read from README.md and run through
// sh as printed (with the temp dir and the /dev/pts path the operator would fill in).

import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { REPO_ROOT } from "../deno_task.ts";

const HEADING = "## Working against the simulator by hand";

function readmeLines(): string[] {
  const text = Deno.readTextFileSync(`${REPO_ROOT}/README.md`);
  const section = text.slice(text.indexOf(HEADING));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  assert(block, `no sh block under "${HEADING}"`);
  return block[1]!.split("\n").filter((l) => l.trim() !== "");
}

const dec = new TextDecoder();
// `deno` as the operator has it: this very deno first on PATH.
const PATH = `${Deno.execPath().slice(0, Deno.execPath().lastIndexOf("/"))}:${
  Deno.env.get("PATH") ?? "/usr/bin:/bin"
}`;

function sh(line: string, cwd: string, lockDir: string) {
  return new Deno.Command("sh", {
    args: ["-c", line],
    cwd,
    // The host's /run/lock stays untouched; the lines themselves are as printed.
    env: { NO_COLOR: "1", PATH, STICKMODE_LOCK_DIR: lockDir },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** Starts a long-running line and reads its stdout until `until` appears (bounded). */
async function startLine(line: string, cwd: string, lockDir: string, until: string) {
  const child = sh(`exec ${line}`, cwd, lockDir).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => child.kill("SIGTERM"), 30_000);
  let text = "";
  try {
    while (!text.includes(until)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`"${line}" ended before printing "${until}": ${text}`);
      text += value;
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  const stop = async () => {
    child.kill("SIGTERM");
    await child.stdout.cancel().catch(() => {});
    await child.stderr.cancel().catch(() => {});
    assertEquals((await child.status).code, 0, `"${line}" did not stop cleanly`);
  };
  return { text, stop };
}

Deno.test("the README's hand-run simulator lines run as printed from a checkout", async () => {
  const [fleetLine, simLine, probeLine, atLine, ...rest] = readmeLines();
  assertEquals(rest, []);
  const dir = await Deno.makeTempDir({ prefix: "stickmode_readme_" });
  try {
    assertStringIncludes(fleetLine!, "/tmp/fleet");
    const fleet = await startLine(
      fleetLine!.replace("/tmp/fleet", `${dir}/fleet`),
      REPO_ROOT,
      dir,
      " apply\n",
    );
    try {
      const status = fleet.text.split("\n").find((l) => l.endsWith(" status"));
      assert(status, fleet.text);
      const out = await sh(status, dir, dir).output();
      assertEquals(out.code, 0, dec.decode(out.stderr));
      assertStringIncludes(dec.decode(out.stdout), "1-4");
    } finally {
      await fleet.stop();
    }

    const sim = await startLine(simLine!, REPO_ROOT, dir, "simulated stick running");
    try {
      const pts = /pcui\s+(\/dev\/pts\/\d+)/.exec(sim.text)?.[1];
      assert(pts, sim.text);
      assertStringIncludes(probeLine!, "/dev/pts/N");
      const probe = await sh(probeLine!.replace("/dev/pts/N", pts), REPO_ROOT, dir).output();
      assertEquals(probe.code, 0, dec.decode(probe.stderr));
      assertEquals(JSON.parse(dec.decode(probe.stdout)).model, "E3372");
      const at = await sh(atLine!.replace("/dev/pts/N", pts), REPO_ROOT, dir).output();
      assertEquals(at.code, 0, dec.decode(at.stderr));
      assertStringIncludes(dec.decode(at.stdout), "^SETPORT:12: 4G PCUI");
    } finally {
      await sim.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
