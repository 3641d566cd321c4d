import { assertEquals } from "../assert.ts";
import { readLinkFiles } from "../../bench/ncm_lab.ts";
import { renderNcmLink } from "../../src/host/ncm_files.ts";
import { ncmMacAddress } from "../../src/host/ncm_names.ts";
import { TWO_NCM } from "../host/sticks_ncm.ts";

Deno.test("readLinkFiles() reads each stick's port, name and MAC from the .link files apply renders", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stickmode_bench_link_" });
  try {
    for (const s of TWO_NCM) {
      await Deno.writeTextFile(
        `${dir}/10-stickmode-${s.name}.link`,
        renderNcmLink(s, `${s.idPath}:1.2`),
      );
    }
    await Deno.writeTextFile(`${dir}/10-stickmode-gsm0.network`, "[Match]\nName=wwgsm0\n");
    const links = await readLinkFiles(dir);
    assertEquals([...links.keys()].sort(), ["1-3", "1-4"]);
    const gsm1 = TWO_NCM.find((s) => s.name === "gsm1")!;
    assertEquals(links.get("1-4"), {
      stick: "gsm1",
      portPath: "1-4",
      name: "wwgsm1",
      mac: ncmMacAddress(gsm1.imei!),
    });
    assertEquals(links.get("1-3")?.name, "wwgsm0");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
