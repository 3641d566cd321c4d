import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { BROKEN_PROFILES } from "../profile/broken_profiles.ts";
import { withTempDir, writeFileWithMode } from "../profile/profile_files.ts";

const CONFIGS = new URL("../../configs/", import.meta.url).pathname;
const MINIMAL = "version: 1\ndefaults:\n  apn:\n    name: internet\n";

Deno.test("stickmode validate exits 1 and prints each broken profile's problems on stderr", async () => {
  await withTempDir(async (dir) => {
    for (const broken of BROKEN_PROFILES) {
      await writeFileWithMode(dir, "profile.yaml", broken.yaml, broken.mode);
      const r = await runMain(["validate", "profile.yaml"], { cwd: dir });
      const expected = broken.expected.map((l) => l.replaceAll("FILE", "profile.yaml"));
      assertEquals(
        { code: r.code, stdout: r.stdout, stderr: r.stderr },
        { code: 1, stdout: "", stderr: expected.join("\n") + "\n" },
        broken.name,
      );
    }
  });
});

Deno.test("stickmode validate --json lists problems with file, line, col and path", async () => {
  await withTempDir(async (dir) => {
    await writeFileWithMode(dir, "p.yaml", "version: 1\ndefaults:\n  apn:\n    nmae: x\n");
    const r = await runMain(["validate", "--json", "p.yaml"], { cwd: dir });
    assertEquals(r.code, 1);
    assertEquals(JSON.parse(r.stdout), {
      valid: false,
      problems: [
        {
          file: "p.yaml",
          line: 3,
          col: 3,
          path: "defaults.apn.name",
          message: "expected a string, found nothing",
        },
        {
          file: "p.yaml",
          line: 4,
          col: 5,
          path: "defaults.apn.nmae",
          message: 'unknown key, did you mean "name"?',
        },
      ],
    });
  });
});

Deno.test("stickmode validate refuses a PIN file that group or others can read", async () => {
  await withTempDir(async (dir) => {
    const pin = await writeFileWithMode(dir, "pin", "1234\n", 0o644);
    await writeFileWithMode(dir, "p.yaml", MINIMAL + "  sim: { policy: unlock, pinFile: pin }\n");
    const r = await runMain(["validate", "p.yaml"], { cwd: dir });
    assertEquals(r.code, 1);
    assertEquals(
      r.stderr,
      `p.yaml:5:35: defaults.sim.pinFile: "${pin}": expected a file only its owner can read ` +
        `(mode 0600 or stricter), found mode 0644 (run chmod 600 "${pin}")\n`,
    );
    assert(!r.stderr.includes("1234"));
    await Deno.chmod(pin, 0o600);
    const fixed = await runMain(["validate", "p.yaml"], { cwd: dir });
    assertEquals(fixed.code, 0, fixed.stderr);
  });
});

Deno.test("stickmode validate checks that a PIN variable is set, without printing it", async () => {
  await withTempDir(async (dir) => {
    await writeFileWithMode(dir, "p.yaml", MINIMAL + "  sim: { policy: unlock, pinEnv: SM_PIN }\n");
    const unset = await runMain(["validate", "p.yaml"], { cwd: dir });
    assertEquals(unset.code, 1);
    assertEquals(
      unset.stderr,
      'p.yaml:5:34: defaults.sim.pinEnv: environment variable "SM_PIN": expected it to be set, ' +
        "found it unset\n",
    );
    const bad = await runMain(["validate", "p.yaml"], { cwd: dir, env: { SM_PIN: "12ab" } });
    assertEquals(bad.code, 1);
    assertStringIncludes(bad.stderr, "expected 4 to 8 digits, found something else (not shown)");
    assert(!bad.stderr.includes("12ab"));
    const set = await runMain(["validate", "p.yaml"], { cwd: dir, env: { SM_PIN: "0000" } });
    assertEquals(set.code, 0, set.stderr);
  });
});

Deno.test("stickmode validate accepts every example profile in configs/ once its secrets exist", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/secrets`);
    for (const name of ["sim-pin", "sim-pin-862601"]) {
      await writeFileWithMode(dir, `secrets/${name}`, "1234\n");
    }
    await writeFileWithMode(dir, "secrets/hilink-password", "hunter2\n");
    const names = [...Deno.readDirSync(CONFIGS)].map((e) => e.name).filter((n) =>
      n.endsWith(".yaml")
    );
    assert(names.length >= 2, `expected example profiles in ${CONFIGS}`);
    for (const name of names) {
      await Deno.copyFile(`${CONFIGS}${name}`, `${dir}/${name}`);
      const r = await runMain(["validate", name], { cwd: dir });
      assertEquals(r.code, 0, `${name}: ${r.stderr}`);
      assertStringIncludes(r.stdout, `OK "${name}": `);
    }
  });
});

Deno.test("stickmode validate names each missing secret file of the fleet example", async () => {
  const r = await runMain(["validate", `${CONFIGS}fleet.yaml`]);
  assertEquals(r.code, 1);
  const lines = r.stderr.trim().split("\n");
  assertEquals(lines.map((l) => l.replace(/^.*?:(\d+:\d+: [^:]+):.*$/, "$1")), [
    "27:14: defaults.sim.pinFile",
    "37:19: defaults.hilink.passwordFile",
    "80:21: sticks[3].sim.pinFile",
  ]);
  for (const line of lines) assertStringIncludes(line, "expected a file, found none");
});

Deno.test("stickmode validate --no-secret-check accepts the fleet example without its secrets", async () => {
  const r = await runMain(["validate", "--no-secret-check", `${CONFIGS}fleet.yaml`]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(
    r.stdout,
    `OK "${CONFIGS}fleet.yaml": 4 stick overrides, APN "internet", port layout FF;10,12, ` +
      "dialer pppd, SIM policy unlock\n",
  );
});

Deno.test("stickmode --json validate prints valid: true for the guide's profile", async () => {
  const r = await runMain(["--json", "validate", `${CONFIGS}guide-e3272.yaml`]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(JSON.parse(r.stdout), { valid: true, problems: [] });
});
