// The reconcile units run `stickmode ... apply ...`: those arguments must stay ones the real CLI
// accepts, or every timer run on every host fails at argument parsing.

import { renderSystemdUnits } from "../../src/host/systemd_units.ts";
import { assert } from "../assert.ts";
import { runMain } from "../run_cli.ts";
import { settings } from "./sticks.ts";

Deno.test("renderSystemdUnits() reconcile ExecStart= arguments are accepted by the CLI", async () => {
  const units = renderSystemdUnits(
    [],
    settings({ profilePath: "/nonexistent/stickmode/profile.yaml" }),
  );
  const execStarts = new Set(
    units.flatMap((u) =>
      u.content.split("\n").filter((l) => l.startsWith("ExecStart=/usr/local/bin/stickmode "))
    ),
  );
  assert(execStarts.size === 1, `one reconcile command line: ${[...execStarts].join(" | ")}`);
  const args = [...execStarts][0]!.split(" ").slice(1);
  const result = await runMain(args);
  assert(
    !/unknown option|unknown command|too many arguments|missing required/i.test(result.stderr),
    `the CLI rejected ${args.join(" ")}: ${result.stderr}`,
  );
});
