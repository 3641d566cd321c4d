import { assertEquals } from "../../assert.ts";
import { modeSwitchPlanFor } from "../../../src/device/usb/modeswitch_plan.ts";

async function withRoot(fn: (root: string) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "stickmode_" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** Writes usb-modeswitch-data's configPack.tar.gz under `root` with tar(1) and gzip. */
async function writeConfigPack(root: string, entries: Record<string, string>) {
  const src = `${root}/pack-src`;
  await Deno.mkdir(src);
  for (const [name, text] of Object.entries(entries)) {
    await Deno.writeTextFile(`${src}/${name}`, text);
  }
  const dest = `${root}/usr/share/usb_modeswitch`;
  await Deno.mkdir(dest, { recursive: true });
  const r = await new Deno.Command("tar", {
    args: ["czf", `${dest}/configPack.tar.gz`, "-C", src, ...Object.keys(entries)],
  }).output();
  assertEquals(r.success, true);
}

Deno.test("modeSwitchPlanFor() uses the built-in entries when usb-modeswitch-data is absent", async () => {
  await withRoot(async (root) => {
    assertEquals(await modeSwitchPlanFor("12d1", "1f01", root), {
      message: "new",
      targetProducts: ["14db", "14dc"],
      source: "built-in",
    });
    assertEquals(await modeSwitchPlanFor("12d1", "9999", root), {
      message: "new",
      targetProducts: [],
      source: "default",
    });
  });
});

Deno.test("modeSwitchPlanFor() reads the entry from Debian's configPack.tar.gz", async () => {
  await withRoot(async (root) => {
    await writeConfigPack(root, {
      "12d1:14fe":
        `# Huawei E352 (T-Mobile NL), E173s (Variant)\nTargetVendor=0x12d1\nTargetProductList="1506,150f,151d,1c1e"\nHuaweiNewMode=1\n`,
      "12d1:1f01":
        `# Huawei E353 (3.se) and others\nTargetVendor=0x12d1\nTargetProductList="14db,14dc,1506"\nHuaweiNewMode=1\n`,
    });
    assertEquals(await modeSwitchPlanFor("12d1", "1f01", root), {
      message: "new",
      targetProducts: ["14db", "14dc", "1506"],
      source: `${root}/usr/share/usb_modeswitch/configPack.tar.gz:12d1:1f01`,
    });
  });
});

Deno.test("modeSwitchPlanFor() prefers an /etc/usb_modeswitch.d override and honours HuaweiAltModeGlobal", async () => {
  await withRoot(async (root) => {
    await writeConfigPack(root, {
      "12d1:1f01": `TargetProductList="14db,14dc"\nHuaweiNewMode=1\n`,
    });
    await Deno.mkdir(`${root}/etc/usb_modeswitch.d`, { recursive: true });
    await Deno.writeTextFile(
      `${root}/etc/usb_modeswitch.d/12d1:1f01`,
      `TargetProductList="155e"\nHuaweiNewMode=1\n`,
    );
    await Deno.writeTextFile(
      `${root}/etc/usb_modeswitch.conf`,
      "DisableSwitching=0\nHuaweiAltModeGlobal=1\n",
    );
    assertEquals(await modeSwitchPlanFor("12d1", "1f01", root), {
      message: "alt",
      targetProducts: ["155e"],
      source: `${root}/etc/usb_modeswitch.d/12d1:1f01`,
    });
  });
});

Deno.test("modeSwitchPlanFor() sends AltMode to a stick its port is known to need it for", async () => {
  await withRoot(async (root) => {
    // usb-modeswitch-data says NewMode for 12d1:1f01; the port's knowledge wins for this id only.
    await writeConfigPack(root, {
      "12d1:1f01": `TargetVendor=0x12d1\nTargetProductList="14db,14dc"\nHuaweiNewMode=1\n`,
    });
    const alt = { vendor: "12d1", product: "1f01" };
    assertEquals(await modeSwitchPlanFor("12d1", "1f01", root, alt), {
      message: "alt",
      targetProducts: ["155e"],
      source: "port memory",
    });
    assertEquals((await modeSwitchPlanFor("12d1", "1f01", root, null)).message, "new");
    assertEquals((await modeSwitchPlanFor("12d1", "14fe", root, alt)).message, "new");
    const brovi = await modeSwitchPlanFor("3566", "2001", root, {
      vendor: "3566",
      product: "2001",
    });
    assertEquals([brovi.message, brovi.source], ["alt", "port memory"]);
  });
});
