import { assertEquals } from "../assert.ts";
import { atTtyHint, modeFor, ttyRoleFor, verdictFor } from "../../src/device/catalog.ts";
import type { StickTty, UsbInterface } from "../../src/device/stick.ts";

function iface(n: number, triple: string, driver: string | null = null): UsbInterface {
  const [cls, subclass, protocol] = triple.split("/") as [string, string, string];
  return { number: n.toString(16).padStart(2, "0"), class: cls, subclass, protocol, driver };
}

// Interface sets from real dumps (docs/domain.md#t6, #usb-personalities).
const STORAGE = [iface(0, "08/06/50", "usb-storage")];
const HILINK = [
  iface(0, "02/06/00", "cdc_ether"),
  iface(1, "0a/06/00", "cdc_ether"),
  iface(2, "08/06/50", "usb-storage"),
];
const DEBUG = [...HILINK, iface(3, "02/02/ff", "option"), iface(4, "02/02/ff", "option")];
const MODEM_1506 = [iface(0, "ff/03/12", "option"), iface(1, "ff/03/16", "huawei_cdc_ncm")];
const MODEM_15B6 = [
  iface(0, "ff/03/12", "option"),
  iface(1, "ff/03/10", "option"),
  iface(2, "ff/03/16", "huawei_cdc_ncm"),
  iface(3, "08/06/50", "usb-storage"),
];

Deno.test("modeFor() reads each personality from its interfaces", () => {
  const cases: Array<[string, UsbInterface[], string]> = [
    ["1f01", STORAGE, "storage"],
    ["14dc", HILINK, "hilink"],
    ["14db", HILINK.slice(0, 2), "hilink"],
    ["1442", DEBUG, "debug"],
    ["1506", MODEM_1506, "modem"],
    ["15b6", MODEM_15B6, "modem"],
  ];
  for (const [pid, interfaces, mode] of cases) {
    assertEquals(modeFor("12d1", pid, interfaces), mode, pid);
  }
});

Deno.test("modeFor() lets the interfaces decide a recycled PID (1505 as NCM, 1001 in storage)", () => {
  assertEquals(modeFor("12d1", "1505", STORAGE), "storage");
  assertEquals(modeFor("12d1", "1505", MODEM_1506), "modem");
  assertEquals(modeFor("12d1", "1001", STORAGE), "storage");
  assertEquals(modeFor("12d1", "1001", [iface(0, "ff/ff/ff", "option")]), "modem");
});

Deno.test("modeFor() falls back to the PID table when the interfaces say nothing", () => {
  for (const pid of ["1f01", "14fe", "1505", "1446", "1c0b", "157d"]) {
    assertEquals(modeFor("12d1", pid, []), "storage");
  }
  for (const pid of ["14dc", "14db"]) assertEquals(modeFor("12d1", pid, []), "hilink");
  for (const pid of ["1441", "1442"]) assertEquals(modeFor("12d1", pid, []), "debug");
  for (const pid of ["1506", "15b6", "155e", "1001", "1003", "1436", "1465", "1c05"]) {
    assertEquals(modeFor("12d1", pid, []), "modem");
  }
  assertEquals(modeFor("12d1", "107e", [iface(0, "ff/ff/00", null)]), "unknown");
  assertEquals(modeFor("1d6b", "1f01", STORAGE), "unknown");
});

Deno.test("ttyRoleFor() maps vendor protocols to roles and leaves COMM ports unknown", () => {
  const cases: Array<[string, string]> = [
    ["ff/03/10", "modem"],
    ["ff/02/01", "modem"],
    ["ff/03/12", "pcui"],
    ["ff/01/02", "pcui"],
    ["ff/03/13", "diag"],
    ["ff/02/03", "diag"],
    ["ff/03/16", "unknown"],
    ["ff/ff/ff", "unknown"],
    ["02/02/ff", "unknown"],
    ["02/02/01", "unknown"],
  ];
  for (const [triple, role] of cases) assertEquals(ttyRoleFor(iface(0, triple)), role, triple);
});

Deno.test("verdictFor() says what reconciling would do per mode", () => {
  const pcui: StickTty = {
    name: "ttyUSB1",
    role: "pcui",
    interfaceNumber: "01",
    devPath: "/dev/ttyUSB1",
  };
  const modem: StickTty = { ...pcui, name: "ttyUSB0", role: "modem", interfaceNumber: "00" };
  assertEquals(
    verdictFor({ mode: "storage", ttys: [], netInterface: null }),
    "storage mode: will send the Huawei mode-switch message",
  );
  assertEquals(
    verdictFor({ mode: "hilink", ttys: [], netInterface: "eth1" }),
    "HiLink: will switch to debug mode via the web API",
  );
  assertEquals(
    verdictFor({ mode: "modem", ttys: [modem, pcui], netInterface: null }),
    "modem: will check layout, PIN, APN",
  );
  assertEquals(
    verdictFor({ mode: "modem", ttys: [modem], netInterface: null }),
    "modem: no PCUI port: cannot talk AT while dialing (layout needs 12)",
  );
  assertEquals(
    verdictFor({ mode: "modem", ttys: [], netInterface: null }),
    "modem: no tty yet: will wait for the option driver",
  );
  assertEquals(
    verdictFor({ mode: "unknown", ttys: [], netInterface: null }),
    "unknown personality: will leave it alone",
  );
});

Deno.test("atTtyHint() names the second of debug mode's three ttys, nothing elsewhere", () => {
  const tty = (n: number): StickTty => ({
    name: `ttyUSB${n}`,
    role: "unknown",
    interfaceNumber: `0${n + 3}`,
    devPath: `/dev/ttyUSB${n}`,
  });
  const ttys = [tty(0), tty(1), tty(2)];
  assertEquals(atTtyHint({ vid: "12d1", pid: "1441", ttys })?.name, "ttyUSB1");
  assertEquals(atTtyHint({ vid: "12d1", pid: "1442", ttys: ttys.slice(0, 2) }), undefined);
  assertEquals(atTtyHint({ vid: "12d1", pid: "1441", ttys: ttys.slice(0, 2) }), undefined);
  assertEquals(atTtyHint({ vid: "12d1", pid: "155e", ttys }), undefined);
});
