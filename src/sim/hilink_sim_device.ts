// Pure: no I/O. What the simulated HiLink stick says about itself: the device it plays and the
// fields of its `GET api/device/information` and `GET api/monitoring/status` answers, as an E3372h
// sends them.

/** The stick the HiLink simulator plays. */
export interface HilinkSimDevice {
  model: string;
  firmware: string;
  imei: string;
  iccid: string;
  /** "hilink" on HiLink firmware. */
  classify: string;
  serialNumber?: string;
  hardwareVersion?: string;
  webUiVersion?: string;
  macAddress?: string;
}

/** The fields of `api/device/information`. */
export function deviceInformationFields(d: HilinkSimDevice): Record<string, string> {
  return {
    DeviceName: d.model,
    SerialNumber: d.serialNumber ?? "Y4QDU17621000872",
    Imei: d.imei,
    Imsi: "",
    Iccid: d.iccid,
    Msisdn: "",
    HardwareVersion: d.hardwareVersion ?? "CL2E3372HM",
    SoftwareVersion: d.firmware,
    WebUIVersion: d.webUiVersion ?? "17.100.13.112.03",
    MacAddress1: d.macAddress ?? "BA:AB:BE:34:00:00",
    MacAddress2: "",
    ProductFamily: "LTE",
    Classify: d.classify,
    supportmode: "LTE|WCDMA|GSM",
    workmode: d.iccid === "" ? "NO SERVICE" : "LTE",
    WanIPAddress: "",
    WanIPv6Address: "",
  };
}

/** The fields of `api/monitoring/status`: not connected (902), SIM state, no signal. */
export function monitoringStatusFields(d: HilinkSimDevice): Record<string, string | number> {
  return {
    ConnectionStatus: 902,
    SimStatus: d.iccid === "" ? 255 : 1,
    SignalIcon: 0,
    maxsignal: 5,
  };
}
