import { assertEquals } from "../assert.ts";
import { checkPortLayout } from "../../src/profile/check_port_layout.ts";

// Layouts from real sticks and the guide (docs/domain.md#t1, #t2, #t4, #the-guide).
const ACCEPTED = [
  "FF;10,12", // the guide's layout
  "FF;12,10", // the guide's screenshots: modem on interface 1
  "A1,A2;12,10,16,A1,A2", // T1, E3372s-153 as shipped
  "A1,A2;10,12,16,A1,A2", // T2, E3272
  "FF;5,10,12,16", // T4
  "FF;12,16", // T4: PCUI + NCM, no modem
  "A1;1,2,3,7", // old 3G layout with a 3G PCUI
  "ff;10,12", // the firmware takes lower case
];

Deno.test("checkPortLayout() accepts layouts real sticks report", () => {
  for (const layout of ACCEPTED) assertEquals(checkPortLayout(layout), null, layout);
});

Deno.test("checkPortLayout() explains what is wrong with a layout", () => {
  const cases: [string, string][] = [
    ["FF10,12", 'expected PRE;POST with one ";" (e.g. "FF;10,12"), found "FF10,12"'],
    ["FF;10;12", 'expected PRE;POST with one ";" (e.g. "FF;10,12"), found "FF;10;12"'],
    ["A2;10,12", 'expected PRE to be "FF", "A1" or "A1,A2" (e.g. "FF;10,12"), found "A2"'],
    ["FF,A1;10,12", 'expected PRE to be "FF", "A1" or "A1,A2" (e.g. "FF;10,12"), found "FF,A1"'],
    ["FF;", 'expected port codes after ";" (e.g. "FF;10,12"), found none'],
    ["FF;10,12,10", 'expected each port code once, found "10" twice in "FF;10,12,10"'],
    ["FF;10, 12", 'found " 12" in "FF;10, 12"'],
    ["FF;10,17", 'found "17" in "FF;10,17"'],
    ["FF;10,FF", 'found "FF" in "FF;10,FF"'],
    [
      "FF;10,16",
      'expected an AT port after ";" ("12" 4G PCUI or "2" 3G PCUI), found none in "FF;10,16": ' +
      "the stick would have no port left to reconfigure it",
    ],
    ["A1,A2;1,3,7", 'found none in "A1,A2;1,3,7"'],
  ];
  for (const [layout, message] of cases) {
    const problem = checkPortLayout(layout) ?? "(accepted)";
    if (!problem.endsWith(message) && !problem.includes(message)) {
      throw new Error(`${layout}: expected a problem containing ${message}, got ${problem}`);
    }
  }
});
