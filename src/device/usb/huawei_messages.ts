// Pure: no I/O. The Huawei mode-switch messages: 31-byte USB mass-storage command blocks (CBW:
// "USBC", tag 12345678, no data stage, LUN 0, then a 0x11 0x06 vendor CDB) sent on the bulk OUT
// endpoint of interface 0. Verbatim from usb_modeswitch 2.5.2 (domain.md#leaving-storage-mode).

/** Which of the two Huawei switch messages to send. */
export type HuaweiMessage = "new" | "alt";

/** Each Huawei switch message as hex, verbatim from usb_modeswitch. */
export const HUAWEI_MESSAGES: Readonly<Record<HuaweiMessage, string>> = {
  // HUAWEINEW_MODE, "Using standard Huawei switching message" (0x20 = host is Linux)
  new: "55534243123456780000000000000011062000000101000100000000000000",
  // HUAWEIALT_MODE, "alternative": NCM on newer sticks, plain PPP serial on older ones
  alt: "55534243123456780000000000000011063000000000010000000000000000",
};

/** Length in bytes of a USB mass-storage command block wrapper (CBW). */
export const CBW_LENGTH = 31;

/**
 * The message as bytes, checked to be a 31-byte CBW.
 *
 * @throws {RangeError} When the built-in message is not one (a bug, never bad input).
 */
export function huaweiMessageBytes(kind: HuaweiMessage): Uint8Array<ArrayBuffer> {
  const hex = HUAWEI_MESSAGES[kind];
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (bytes.length !== CBW_LENGTH || hex.slice(0, 8) !== "55534243") {
    throw new RangeError(`Cannot use Huawei message "${kind}": not a 31-byte CBW`);
  }
  return bytes;
}
