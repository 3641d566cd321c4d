// libusb descriptor structs read from native memory. Offsets are those of libusb.h on LP64
// (x86_64, aarch64); each struct's bLength/bDescriptorType is checked on read, which catches a
// wrong layout before any byte is sent to a device.

/*
struct libusb_device_descriptor {      // 18 bytes, no padding
  uint8_t bLength;            @0   uint8_t bDescriptorType;   @1   uint16_t bcdUSB;   @2
  uint8_t bDeviceClass;       @4   ... bMaxPacketSize0        @7
  uint16_t idVendor;          @8   uint16_t idProduct;        @10  uint16_t bcdDevice; @12
  uint8_t iManufacturer, iProduct, iSerialNumber, bNumConfigurations;  @14..@17
};*/
/** Size in bytes of `struct libusb_device_descriptor`. */
export const DEVICE_DESCRIPTOR_SIZE = 18;
const DD_ID_VENDOR = 8;
const DD_ID_PRODUCT = 10;

/*
struct libusb_config_descriptor {
  uint8_t bLength @0; uint8_t bDescriptorType @1; uint16_t wTotalLength @2;
  uint8_t bNumInterfaces @4; uint8_t bConfigurationValue @5; uint8_t iConfiguration @6;
  uint8_t bmAttributes @7; uint8_t MaxPower @8;
  const struct libusb_interface *interface @16; const unsigned char *extra @24; int extra_length @32;
};
struct libusb_interface { const struct libusb_interface_descriptor *altsetting @0; int num_altsetting @8; };  // 16
struct libusb_interface_descriptor {
  uint8_t bLength @0, bDescriptorType @1, bInterfaceNumber @2, bAlternateSetting @3,
          bNumEndpoints @4, bInterfaceClass @5, bInterfaceSubClass @6, bInterfaceProtocol @7,
          iInterface @8;
  const struct libusb_endpoint_descriptor *endpoint @16; const unsigned char *extra @24; int extra_length @32;
};  // 40
struct libusb_endpoint_descriptor {
  uint8_t bLength @0, bDescriptorType @1, bEndpointAddress @2, bmAttributes @3;
  uint16_t wMaxPacketSize @4; uint8_t bInterval @6, bRefresh @7, bSynchAddress @8;
  const unsigned char *extra @16; int extra_length @24;
};  // 32
*/
const CD_NUM_INTERFACES = 4;
const CD_INTERFACE = 16;
const IF_SIZE = 16;
const IF_ALTSETTING = 0;
const IF_NUM_ALTSETTING = 8;
const ID_NUMBER = 2;
const ID_NUM_ENDPOINTS = 4;
const ID_CLASS = 5;
const ID_ENDPOINT = 16;
const EP_SIZE = 32;
const EP_ADDRESS = 2;
const EP_ATTRIBUTES = 3;

const DT_DEVICE = 1;
const DT_CONFIG = 2;
const DT_INTERFACE = 4;
const DT_ENDPOINT = 5;

/** A device's vendor and product ids, as numbers. */
export interface DeviceIds {
  vid: number;
  pid: number;
}

/** One endpoint of an interface: its address (bit 7 set for IN) and transfer type. */
export interface EndpointDescriptor {
  address: number;
  /** bmAttributes & 3: 0 control, 1 isochronous, 2 bulk, 3 interrupt. */
  transferType: number;
}

/** One interface of the active configuration, with its class triple and endpoints. */
export interface InterfaceDescriptor {
  number: number;
  class: number;
  subclass: number;
  protocol: number;
  endpoints: EndpointDescriptor[];
}

/** A struct did not look like what libusb.h says: wrong layout or a broken library. */
export class DescriptorLayoutError extends Error {
  override name = "DescriptorLayoutError";
}

function expectHeader(view: Deno.UnsafePointerView, what: string, length: number, type: number) {
  const gotLength = view.getUint8(0);
  const gotType = view.getUint8(1);
  if (gotLength < length || gotType !== type) {
    throw new DescriptorLayoutError(
      `Cannot read the ${what} descriptor: bLength ${gotLength}, bDescriptorType ${gotType} ` +
        `(expected >= ${length}, ${type})`,
    );
  }
}

/**
 * idVendor/idProduct from a filled libusb_device_descriptor buffer.
 *
 * @throws {DescriptorLayoutError} When the buffer does not hold a device descriptor.
 */
export function readDeviceIds(buffer: Uint8Array): DeviceIds {
  const bytes = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (bytes.getUint8(0) !== DEVICE_DESCRIPTOR_SIZE || bytes.getUint8(1) !== DT_DEVICE) {
    throw new DescriptorLayoutError(
      `Cannot read the device descriptor: bLength ${bytes.getUint8(0)}, type ${bytes.getUint8(1)}`,
    );
  }
  return {
    vid: bytes.getUint16(DD_ID_VENDOR, true),
    pid: bytes.getUint16(DD_ID_PRODUCT, true),
  };
}

/** Altsetting 0 of every interface of a libusb_config_descriptor. */
export function readConfigInterfaces(config: Deno.PointerObject): InterfaceDescriptor[] {
  const view = new Deno.UnsafePointerView(config);
  expectHeader(view, "configuration", 9, DT_CONFIG);
  const count = view.getUint8(CD_NUM_INTERFACES);
  const table = view.getPointer(CD_INTERFACE);
  const out: InterfaceDescriptor[] = [];
  for (let i = 0; i < count && table !== null; i++) {
    const iface = new Deno.UnsafePointerView(table);
    if (iface.getInt32(i * IF_SIZE + IF_NUM_ALTSETTING) < 1) continue;
    const alt = iface.getPointer(i * IF_SIZE + IF_ALTSETTING);
    if (alt !== null) out.push(readInterface(alt));
  }
  return out;
}

function readInterface(pointer: Deno.PointerObject): InterfaceDescriptor {
  const view = new Deno.UnsafePointerView(pointer);
  expectHeader(view, "interface", 9, DT_INTERFACE);
  const endpoints: EndpointDescriptor[] = [];
  const table = view.getPointer(ID_ENDPOINT);
  for (let e = 0; e < view.getUint8(ID_NUM_ENDPOINTS) && table !== null; e++) {
    const ep = new Deno.UnsafePointerView(Deno.UnsafePointer.offset(table, e * EP_SIZE)!);
    expectHeader(ep, "endpoint", 7, DT_ENDPOINT);
    endpoints.push({
      address: ep.getUint8(EP_ADDRESS),
      transferType: ep.getUint8(EP_ATTRIBUTES) & 3,
    });
  }
  return {
    number: view.getUint8(ID_NUMBER),
    class: view.getUint8(ID_CLASS),
    subclass: view.getUint8(ID_CLASS + 1),
    protocol: view.getUint8(ID_CLASS + 2),
    endpoints,
  };
}
