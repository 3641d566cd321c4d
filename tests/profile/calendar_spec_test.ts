import { assertEquals } from "../assert.ts";
import { checkCalendarSpec } from "../../src/profile/calendar_spec.ts";

// Verdicts of systemd-analyze calendar (systemd 252) for each expression: true = accepted.
const TABLE: [string, boolean][] = [
  ["*:0/15", true],
  ["hourly", true],
  ["daily", true],
  ["Semiannually", true],
  ["Mon", true],
  ["Mon..Fri 09:00", true],
  ["Mon,Fri..Sat 12:00", true],
  ["mon", true],
  ["MONDAY", true],
  ["*-*-* 00:00:00", true],
  ["*-*-01", true],
  ["2024-01-01", true],
  ["01-01", true],
  ["*-02~03", true],
  ["Sat *-*-1..7 18:00:00", true],
  ["12:00", true],
  ["9:5", true],
  ["*:*", true],
  ["*:0/15:30", true],
  ["*:0,30", true],
  ["0/2:00", true],
  ["*:0..59/5", true],
  ["*:00:00.5", true],
  ["*:0/15 UTC", true],
  ["*:0/15 utc", true],
  ["*:0/15 Europe/Berlin", true],
  ["12", false],
  ["", false],
  ["every 15 min", false],
  ["*:61", false],
  ["25:00", false],
  ["*:0/0", false],
  ["*:0/15:", false],
  ["Mon Tue", false],
  ["12:00 Mon", false],
  ["*-13-01", false],
  ["1969-01-01", false],
  ["Fri..Mon", false],
  ["*:10..5", false],
  ["1:2:3:4", false],
  ["weekly daily", false],
  ["*:0/15 Foo/Bar", false],
];

Deno.test("checkCalendarSpec() agrees with systemd-analyze calendar on a table", () => {
  for (const [spec, valid] of TABLE) {
    assertEquals(
      checkCalendarSpec(spec) === null,
      valid,
      `${JSON.stringify(spec)}: ${checkCalendarSpec(spec)}`,
    );
  }
});

Deno.test("checkCalendarSpec() says which part of an expression is wrong", () => {
  assertEquals(
    checkCalendarSpec("*:61"),
    'expected a systemd OnCalendar expression like "*:0/15" or "hourly", found "*:61" ' +
      "(minute 61 is outside 0..59)",
  );
  assertEquals(
    checkCalendarSpec("Fri..Mon")?.endsWith('(weekday range "Fri..Mon" runs backwards)'),
    true,
  );
});

const systemdAnalyze = (() => {
  try {
    return Deno.statSync("/usr/bin/systemd-analyze").isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
})();
if (!systemdAnalyze) {
  console.log("skipping the systemd-analyze oracle test: systemd-analyze not installed");
}

Deno.test({
  name: "checkCalendarSpec() table matches what systemd-analyze calendar says today",
  ignore: !systemdAnalyze,
  fn: async () => {
    for (const [spec, valid] of TABLE) {
      const out = await new Deno.Command("systemd-analyze", {
        args: ["calendar", spec],
        stdout: "null",
        stderr: "null",
        env: { TZ: "UTC" },
      }).output();
      assertEquals(out.success, valid, `systemd-analyze calendar ${JSON.stringify(spec)}`);
    }
  },
});
