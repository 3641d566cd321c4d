// Pure: no I/O. Typed view of `GET api/device/information` (real E3372 answer in
// docs/domain.md#t10). Empty or missing fields read as null: a SIM-less stick has `<Iccid></Iccid>`.

/** What `api/device/information` says about the stick; null for an empty or missing field. */
export interface DeviceInformation {
  deviceName: string | null;
  serialNumber: string | null;
  imei: string | null;
  imsi: string | null;
  iccid: string | null;
  msisdn: string | null;
  hardwareVersion: string | null;
  softwareVersion: string | null;
  webUiVersion: string | null;
  macAddress1: string | null;
  productFamily: string | null;
  /** "hilink" on HiLink firmware. */
  classify: string | null;
  workmode: string | null;
  /** Every field as the stick sent it, for what is not typed above. */
  raw: Record<string, string>;
}

/** The typed view of the fields of `api/device/information`. */
export function parseDeviceInformation(fields: Record<string, string>): DeviceInformation {
  const pick = (name: string): string | null => {
    const value = fields[name]?.trim();
    return value === undefined || value === "" ? null : value;
  };
  return {
    deviceName: pick("DeviceName"),
    serialNumber: pick("SerialNumber"),
    imei: pick("Imei"),
    imsi: pick("Imsi"),
    iccid: pick("Iccid"),
    msisdn: pick("Msisdn"),
    hardwareVersion: pick("HardwareVersion"),
    softwareVersion: pick("SoftwareVersion"),
    webUiVersion: pick("WebUIVersion"),
    macAddress1: pick("MacAddress1"),
    productFamily: pick("ProductFamily"),
    classify: pick("Classify"),
    workmode: pick("workmode"),
    raw: { ...fields },
  };
}
