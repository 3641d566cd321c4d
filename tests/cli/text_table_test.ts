import { renderTable } from "../../src/cli/text_table.ts";
import { assertEquals } from "../assert.ts";

Deno.test("renderTable() aligns columns two spaces apart and leaves the last one unpadded", () => {
  assertEquals(
    renderTable(["PORT", "MODE", "NOTE"], [["1-1.2", "modem", "converged"], [
      "2-1",
      "storage",
      "",
    ]]),
    [
      "PORT   MODE     NOTE",
      "1-1.2  modem    converged",
      "2-1    storage",
    ].join("\n"),
  );
});
