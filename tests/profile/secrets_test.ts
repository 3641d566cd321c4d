import { assert, assertEquals, assertRejects } from "../assert.ts";
import {
  readSecret,
  resolveApnPassword,
  resolveHilinkPassword,
  resolveSimPin,
  SecretError,
} from "../../src/profile/secrets.ts";
import { redact } from "../../src/log/redact.ts";
import { withTempDir, writeFileWithMode } from "./profile_files.ts";

Deno.test("readSecret() reads the first line of a 0600 file and registers it for redaction", async () => {
  await withTempDir(async (dir) => {
    const file = await writeFileWithMode(dir, "pw", "s3cret-Hilink\nsecond line\n", 0o600);
    assertEquals(await readSecret("HiLink password", { file }), "s3cret-Hilink");
    assertEquals(redact("login with s3cret-Hilink"), "login with ****");
  });
});

Deno.test("readSecret() refuses a file group or others can access and names the fix", async () => {
  await withTempDir(async (dir) => {
    for (const mode of [0o640, 0o604, 0o620, 0o601]) {
      const file = await writeFileWithMode(dir, "pin", "7351\n", mode);
      const e = await assertRejects(() => readSecret("SIM PIN", { file }), SecretError);
      const octal = mode.toString(8).padStart(4, "0");
      assertEquals(
        e.message,
        `Cannot read SIM PIN from "${file}": expected a file only its owner can read (mode 0600 ` +
          `or stricter), found mode ${octal} (run chmod 600 "${file}")`,
      );
      assert(!e.message.includes("7351"));
    }
    const file = await writeFileWithMode(dir, "pin", "7351\n", 0o400);
    assertEquals(await readSecret("SIM PIN", { file }), "7351");
  });
});

Deno.test("readSecret() says what is wrong with a missing, empty or odd source", async () => {
  await withTempDir(async (dir) => {
    const empty = await writeFileWithMode(dir, "empty", "\n");
    const cases: [Parameters<typeof readSecret>, string][] = [
      [["APN password", { file: `${dir}/nope` }], `"${dir}/nope": expected a file, found none`],
      [["APN password", { file: dir }], `"${dir}": expected a regular file, found a directory`],
      [
        ["APN password", { file: empty }],
        "expected the secret on the first line, found an empty line",
      ],
      [
        ["APN password", { env: "STICKMODE_TEST_UNSET_VAR" }],
        'environment variable "STICKMODE_TEST_UNSET_VAR": expected it to be set, found it unset',
      ],
    ];
    for (const [args, detail] of cases) {
      const e = await assertRejects(() => readSecret(...args), SecretError);
      assert(e.message.endsWith(detail), `${e.message} should end with ${detail}`);
    }
  });
});

Deno.test("readSecret() rejects a PIN that is not 4 to 8 digits without showing it", async () => {
  Deno.env.set("STICKMODE_TEST_PIN", "12 34");
  try {
    const e = await assertRejects(
      () => readSecret("SIM PIN", { env: "STICKMODE_TEST_PIN" }),
      SecretError,
    );
    assertEquals(
      e.message,
      'Cannot read SIM PIN from environment variable "STICKMODE_TEST_PIN": expected 4 to 8 ' +
        "digits, found something else (not shown)",
    );
  } finally {
    Deno.env.delete("STICKMODE_TEST_PIN");
  }
});

Deno.test("resolveSimPin() reads nothing when the policy is none", async () => {
  const pin = await resolveSimPin({ policy: "none", pinFile: "/nonexistent/pin" });
  assertEquals(pin, null);
});

Deno.test("resolveSimPin() reads the PIN source a policy needs", async () => {
  await withTempDir(async (dir) => {
    const pinFile = await writeFileWithMode(dir, "pin", "00451234\n");
    assertEquals(await resolveSimPin({ policy: "unlock", pinFile }), "00451234");
    assertEquals(await resolveSimPin({ policy: "enable-lock", pin: "9876" }), "9876");
  });
});

Deno.test("resolveApnPassword() and resolveHilinkPassword() return null without a source", async () => {
  assertEquals(await resolveApnPassword({}), null);
  assertEquals(await resolveHilinkPassword({}), null);
  Deno.env.set("STICKMODE_TEST_HL", "web-pass");
  try {
    assertEquals(await resolveHilinkPassword({ passwordEnv: "STICKMODE_TEST_HL" }), "web-pass");
  } finally {
    Deno.env.delete("STICKMODE_TEST_HL");
  }
});
