// Pure: no I/O. Seeds for the AT fuzz target: real answers from docs/domain.md (T1-T5, T8,
// T9, T3's unsolicited lines), each with the command that asked for it. The fuzzer frames them
// as a stick sends them (echo, CR LF, final result) before mutating the bytes.

export interface AtReplySeed {
  /** Where the answer was published (docs/domain.md#transcripts). */
  source: string;
  command: string;
  /** Information lines, without echo and final result. */
  lines: string[];
  final: string;
}

export const AT_REPLY_SEEDS: readonly AtReplySeed[] = [
  {
    source: "T1 E3372s-153 AT^SETPORT=?",
    command: "AT^SETPORT=?",
    lines: [
      "^SETPORT:3: 3G DIAG",
      "^SETPORT:10: 4G MODEM",
      "^SETPORT:1: 3G MODEM",
      "^SETPORT:12: 4G PCUI",
      "^SETPORT:13: 4G DIAG",
      "^SETPORT:5: 3G GPS",
      "^SETPORT:14: 4G GPS",
      "^SETPORT:A: BLUE TOOTH",
      "^SETPORT:16: NCM",
      "^SETPORT:A1: CDROM",
      "^SETPORT:A2: SD",
    ],
    final: "OK",
  },
  {
    source: "T1 E3372s-153 AT^SETPORT?",
    command: "AT^SETPORT?",
    lines: ["^SETPORT:A1,A2;12,10,16,A1,A2"],
    final: "OK",
  },
  {
    source: "T2 E3272 ATI",
    command: "ATI",
    lines: [
      "Manufacturer: huawei",
      "Model: E3272",
      "Revision: 21.436.11.00.372",
      "IMEI: 862601021035482",
      "+GCAP: +CGSM,+DS,+ES",
    ],
    final: "OK",
  },
  {
    source: "T2 E3272 AT^SETPORT?",
    command: "AT^SETPORT?",
    lines: ["^SETPORT:A1,A2;10,12,16,A1,A2"],
    final: "OK",
  },
  {
    source: "T3 E3372h-607 ATI",
    command: "ATI",
    lines: [
      "Manufacturer: huawei",
      "Model: E3372",
      "Revision: 22.329.63.00.74",
      "IMEI: 866785033700732",
      "+GCAP: +CGSM,+DS,+ES",
    ],
    final: "OK",
  },
  {
    source: "T3 E3372h-607 AT^FHVER",
    command: "AT^FHVER",
    lines: ['^FHVER:"E3372H-607 22.329.63.00.74,CL2E3372HM Ver.A"'],
    final: "OK",
  },
  {
    source: "T3 E3372h-607 AT^VERSION?",
    command: "AT^VERSION?",
    lines: [
      "^VERSION:BDT:Apr 08 2018, 12:13:47",
      "^VERSION:EXTS:22.329.63.00.74",
      "^VERSION:INTS:",
      "^VERSION:EXTD:WEBUI_17.100.20.02.74_HILINK",
      "^VERSION:INTD:",
      "^VERSION:EXTH:CL2E3372HM Ver.A",
      "^VERSION:INTH:",
      "^VERSION:EXTU:E3372",
      "^VERSION:INTU:",
      "^VERSION:CFG:1004",
      "^VERSION:PRL:",
      "^VERSION:OEM:",
      "^VERSION:INI:",
    ],
    final: "OK",
  },
  {
    source: "T4 E3372h-153 AT^GETPORTMODE",
    command: "AT^GETPORTMODE",
    lines: ["^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1,NDIS:2,CDROM:3,SD:4,"],
    final: "OK",
  },
  {
    source: "T9 ModemManager test string",
    command: "AT^GETPORTMODE",
    lines: ["^GETPORTMODE: TYPE: WCDMA: huawei,,pcui:0,3g_modem:1,ncm:2,mass:3,mass_two:4"],
    final: "OK",
  },
  {
    source: "T5 E398 AT^SETPORT=? (old list format)",
    command: "AT^SETPORT=?",
    lines: [
      "1:MODEM",
      "2:PCUI",
      "3:DIAG",
      "4:PCSC",
      "5:GPS",
      "6:GPS CONTROL",
      "7:NDIS",
      "A:BLUE TOOTH",
      "B:FINGER PRINT",
      "D:MMS",
      "E:PC VOICE",
      "A1:CDROM",
      "A2:SD",
    ],
    final: "OK",
  },
  {
    source: "T5 E398 AT^SETPORT? (bare)",
    command: "AT^SETPORT?",
    lines: ["A1,A2;1,2,3,7,A1,A2"],
    final: "OK",
  },
  {
    source: "T5 UMG366 AT^SETPORT? (ff: form)",
    command: "AT^SETPORT?",
    lines: ["ff:1,2,3,7"],
    final: "OK",
  },
  { source: "T8 E1550", command: 'AT+CLCK="SC",2', lines: ["+CLCK: 1"], final: "OK" },
  { source: "T8 E1550", command: "AT+CPIN?", lines: ["+CPIN: READY"], final: "OK" },
  { source: "T8 E1550", command: "AT^CPIN?", lines: ["^CPIN: READY,,10,3,10,0"], final: "OK" },
  {
    source: "T8 at-messages-parser fixture",
    command: "AT^CPIN?",
    lines: ["^CPIN: SIM PIN,3,10,3,10,3"],
    final: "OK",
  },
  {
    source: "T8 at-messages-parser fixture",
    command: "AT+CPIN?",
    lines: [],
    final: "+CPIN: SIM PIN",
  },
  {
    source: "domain.md AT+CGDCONT? (E3372)",
    command: "AT+CGDCONT?",
    lines: ['+CGDCONT: 1,"IP","web.pt.lu","0.0.0.0",0,0'],
    final: "OK",
  },
  { source: "domain.md AT+CGSN", command: "AT+CGSN", lines: ["866785033700732"], final: "OK" },
  {
    source: "domain.md AT^ICCID? (nibble-swapped)",
    command: "AT^ICCID?",
    lines: ["^ICCID: 98530110000000000041"],
    final: "OK",
  },
  {
    source: "T8 at-messages-parser fixture",
    command: "AT^SETPORT=?",
    lines: [],
    final: "COMMAND NOT SUPPORT",
  },
  { source: "T8 at-messages-parser fixture", command: "AT^SETPORT?", lines: [], final: "ERROR" },
  { source: "27.007 CME error", command: 'AT+CPIN="1234"', lines: [], final: "+CME ERROR: 16" },
];

/** Unsolicited lines seen on real ports (domain.md#unsolicited-lines), `^MODE` with `\r\r\n`. */
export const URC_SEEDS: readonly string[] = [
  "^RSSI:20",
  '^HCSQ:"LTE",48,35,86,14',
  "^RSSI:1",
  '^HCSQ:"LTE",11,0,96,0',
  '+CGREG: 5,"792D","04947221"',
  '+CREG: 5,"792D","04947221"',
  "^XLEMA:1,2,112,0,1,fff",
  "^NWTIME:18/12/13,06:20:04+28,00",
  "^EONS:0",
  "^SIMST: 255,1",
  "^SRVST: 0",
  "^BOOT:20952548,0,0,0,72",
  "^RSSI:99",
  '^HCSQ: "NOSERVICE"',
  '^NDISSTAT: 0,,,"IPV4",1,,,"IPV6"',
  "^MODE:5,4\r",
];
