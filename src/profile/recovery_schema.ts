// Pure: no I/O. The profile's top-level `recovery` section: the bounded recovery ladder of sticks
// that hang (docs/recovery.md).

import { z } from "zod";

/** The profile's `recovery`: on by default; a link down this long counts; each rung once a window. */
export const RecoverySchema = z.strictObject({
  enabled: z.boolean().default(true).describe("Recover hung sticks, one rung per run"),
  linkDownMinutes: z.number().int().min(1).max(1440).default(10)
    .describe("A registered stick without a data link this long is recovered"),
  windowMinutes: z.number().int().min(1).max(10080).default(60)
    .describe("Each rung of the ladder runs at most once in this many minutes"),
}).prefault({}).describe("The recovery ladder for sticks that stop answering or lose their link");
