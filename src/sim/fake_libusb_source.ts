// The C source of the fake libusb (a stand-in for libusb-1.0 with the symbols stickmode's FFI
// table uses): the simulator's USB side, so that the agent's own libusb code drives simulated
// storage-mode sticks (tests, and the demo where a C compiler is present). Embedded as text, so a
// compiled stickmode carries it: nothing is read from the source tree. Only String.raw-safe text
// (no backtick, no dollar-brace) may go in.

/** fake_libusb.c, as fake_libusb.ts builds it. */
export const FAKE_LIBUSB_C = String.raw`/*
 * A stand-in for libusb-1.0 with the symbols stickmode's FFI table uses, for tests and the demo: it presents
 * USB devices described in a text file and records every call that would touch a device.
 *
 *   FAKE_LIBUSB_DEVICES  file with one device per line: "bus dev vid pid iface0class [ports]",
 *                        hex for vid/pid/class, ports as "3" or "1.2"; "#" starts a comment.
 *                        Unset: one 12d1:1f01 on bus 1 device 2, port 3, interface 0 class 08.
 *   FAKE_LIBUSB_LOG      file the calls are appended to, one line each ("bulk 1 2 ep=01 ...").
 *   FAKE_LIBUSB_FAIL     "<function>:<code>" makes that function return the code (e.g.
 *                        "libusb_claim_interface:-6" for LIBUSB_ERROR_BUSY).
 *   FAKE_LIBUSB_STALL    "1": bulk transfers wait their whole timeout, then LIBUSB_ERROR_TIMEOUT.
 *
 * Struct layouts are copied from libusb.h (1.0.26) so the compiler lays them out as libusb does.
 * Built by src/sim/fake_libusb.ts: cc -shared -fPIC -o fake_libusb.so fake_libusb.c
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

struct libusb_device_descriptor {
  uint8_t bLength, bDescriptorType;
  uint16_t bcdUSB;
  uint8_t bDeviceClass, bDeviceSubClass, bDeviceProtocol, bMaxPacketSize0;
  uint16_t idVendor, idProduct, bcdDevice;
  uint8_t iManufacturer, iProduct, iSerialNumber, bNumConfigurations;
};
struct libusb_endpoint_descriptor {
  uint8_t bLength, bDescriptorType, bEndpointAddress, bmAttributes;
  uint16_t wMaxPacketSize;
  uint8_t bInterval, bRefresh, bSynchAddress;
  const unsigned char *extra;
  int extra_length;
};
struct libusb_interface_descriptor {
  uint8_t bLength, bDescriptorType, bInterfaceNumber, bAlternateSetting, bNumEndpoints,
      bInterfaceClass, bInterfaceSubClass, bInterfaceProtocol, iInterface;
  const struct libusb_endpoint_descriptor *endpoint;
  const unsigned char *extra;
  int extra_length;
};
struct libusb_interface {
  const struct libusb_interface_descriptor *altsetting;
  int num_altsetting;
};
struct libusb_config_descriptor {
  uint8_t bLength, bDescriptorType;
  uint16_t wTotalLength;
  uint8_t bNumInterfaces, bConfigurationValue, iConfiguration, bmAttributes, MaxPower;
  const struct libusb_interface *interface;
  const unsigned char *extra;
  int extra_length;
};

typedef struct libusb_context { int unused; } libusb_context;
typedef struct libusb_device {
  int bus, address, iface0_class, nports;
  uint16_t vid, pid;
  uint8_t ports[7];
} libusb_device;
typedef struct libusb_device_handle { libusb_device *dev; int claimed; } libusb_device_handle;

#define MAX_DEVICES 32
static libusb_device devices[MAX_DEVICES];
static int device_count;

static void record(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void record(const char *fmt, ...) {
  const char *path = getenv("FAKE_LIBUSB_LOG");
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (!f) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(f, fmt, ap);
  va_end(ap);
  fputc('\n', f);
  fclose(f);
}

/* Returns the injected error for fn, or 0. */
static int injected(const char *fn) {
  const char *spec = getenv("FAKE_LIBUSB_FAIL");
  size_t n = strlen(fn);
  if (!spec || strncmp(spec, fn, n) != 0 || spec[n] != ':') return 0;
  return atoi(spec + n + 1);
}

static void parse_ports(libusb_device *d, const char *text) {
  d->nports = 0;
  while (*text && d->nports < 7) {
    d->ports[d->nports++] = (uint8_t)strtoul(text, (char **)&text, 10);
    if (*text == '.') text++;
    else break;
  }
}

static void load_devices(void) {
  device_count = 0;
  const char *path = getenv("FAKE_LIBUSB_DEVICES");
  if (!path) {
    libusb_device d = {1, 2, 0x08, 1, 0x12d1, 0x1f01, {3}};
    devices[device_count++] = d;
    return;
  }
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[256];
  while (fgets(line, sizeof line, f) && device_count < MAX_DEVICES) {
    char ports[64] = "1";
    unsigned bus, address, vid, pid, cls;
    if (line[0] == '#') continue;
    if (sscanf(line, "%u %u %x %x %x %63s", &bus, &address, &vid, &pid, &cls, ports) < 5) continue;
    libusb_device *d = &devices[device_count++];
    d->bus = (int)bus, d->address = (int)address, d->vid = (uint16_t)vid, d->pid = (uint16_t)pid;
    d->iface0_class = (int)cls;
    parse_ports(d, ports);
  }
  fclose(f);
}

int libusb_init(libusb_context **ctx) {
  int e = injected("libusb_init");
  if (e) return e;
  load_devices();
  *ctx = calloc(1, sizeof(libusb_context));
  record("init");
  return 0;
}

void libusb_exit(libusb_context *ctx) { free(ctx); record("exit"); }

ssize_t libusb_get_device_list(libusb_context *ctx, libusb_device ***list) {
  (void)ctx;
  *list = calloc((size_t)device_count + 1, sizeof(libusb_device *));
  for (int i = 0; i < device_count; i++) (*list)[i] = &devices[i];
  return device_count;
}

void libusb_free_device_list(libusb_device **list, int unref) { (void)unref; free(list); }

int libusb_get_device_descriptor(libusb_device *dev, struct libusb_device_descriptor *desc) {
  memset(desc, 0, sizeof *desc);
  desc->bLength = 18, desc->bDescriptorType = 1, desc->bcdUSB = 0x0200;
  desc->idVendor = dev->vid, desc->idProduct = dev->pid, desc->bcdDevice = 0x0102;
  desc->bNumConfigurations = 1;
  return 0;
}

uint8_t libusb_get_bus_number(libusb_device *dev) { return (uint8_t)dev->bus; }
uint8_t libusb_get_device_address(libusb_device *dev) { return (uint8_t)dev->address; }

int libusb_get_port_numbers(libusb_device *dev, uint8_t *ports, int len) {
  if (len < dev->nports) return -8; /* LIBUSB_ERROR_OVERFLOW */
  memcpy(ports, dev->ports, (size_t)dev->nports);
  return dev->nports;
}

/* One configuration, one interface (class from the device file), bulk OUT 0x01 and bulk IN 0x81. */
int libusb_get_active_config_descriptor(libusb_device *dev, struct libusb_config_descriptor **out) {
  int e = injected("libusb_get_active_config_descriptor");
  if (e) return e;
  struct libusb_endpoint_descriptor *eps = calloc(2, sizeof *eps);
  eps[0] = (struct libusb_endpoint_descriptor){7, 5, 0x01, 0x02, 512, 0, 0, 0, NULL, 0};
  eps[1] = (struct libusb_endpoint_descriptor){7, 5, 0x81, 0x02, 512, 0, 0, 0, NULL, 0};
  struct libusb_interface_descriptor *alt = calloc(1, sizeof *alt);
  *alt = (struct libusb_interface_descriptor){
      9, 4, 0, 0, 2, (uint8_t)dev->iface0_class, 0x06, 0x50, 0, eps, NULL, 0};
  struct libusb_interface *iface = calloc(1, sizeof *iface);
  iface->altsetting = alt, iface->num_altsetting = 1;
  struct libusb_config_descriptor *c = calloc(1, sizeof *c);
  *c = (struct libusb_config_descriptor){9, 2, 32, 1, 1, 0, 0x80, 250, iface, NULL, 0};
  *out = c;
  return 0;
}

void libusb_free_config_descriptor(struct libusb_config_descriptor *c) {
  if (!c) return;
  free((void *)c->interface->altsetting->endpoint);
  free((void *)c->interface->altsetting);
  free((void *)c->interface);
  free(c);
}

int libusb_open(libusb_device *dev, libusb_device_handle **handle) {
  int e = injected("libusb_open");
  if (e) return e;
  *handle = calloc(1, sizeof(libusb_device_handle));
  (*handle)->dev = dev;
  record("open %d %d", dev->bus, dev->address);
  return 0;
}

void libusb_close(libusb_device_handle *h) {
  record("close %d %d", h->dev->bus, h->dev->address);
  free(h);
}

int libusb_kernel_driver_active(libusb_device_handle *h, int iface) {
  (void)h, (void)iface;
  return 1; /* usb-storage holds interface 0 of a stick in storage mode */
}

int libusb_detach_kernel_driver(libusb_device_handle *h, int iface) {
  int e = injected("libusb_detach_kernel_driver");
  if (e) return e;
  record("detach %d %d %d", h->dev->bus, h->dev->address, iface);
  return 0;
}

int libusb_claim_interface(libusb_device_handle *h, int iface) {
  int e = injected("libusb_claim_interface");
  if (e) return e;
  h->claimed = 1;
  record("claim %d %d %d", h->dev->bus, h->dev->address, iface);
  return 0;
}

int libusb_release_interface(libusb_device_handle *h, int iface) {
  record("release %d %d %d", h->dev->bus, h->dev->address, iface);
  return 0;
}

int libusb_bulk_transfer(libusb_device_handle *h, unsigned char endpoint, unsigned char *data,
                         int length, int *actual, unsigned int timeout) {
  const char *stall = getenv("FAKE_LIBUSB_STALL");
  if (stall && strcmp(stall, "1") == 0) {
    struct timespec ts = {timeout / 1000, (long)(timeout % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    *actual = 0;
    record("bulk-timeout %d %d ep=%02x", h->dev->bus, h->dev->address, endpoint);
    return -7;
  }
  char hex[2 * 64 + 1] = "";
  for (int i = 0; i < length && i < 64; i++) sprintf(hex + 2 * i, "%02x", data[i]);
  record("bulk %d %d ep=%02x len=%d claimed=%d data=%s", h->dev->bus, h->dev->address, endpoint,
         length, h->claimed, hex);
  *actual = length;
  return 0;
}

const char *libusb_error_name(int code) {
  switch (code) {
    case 0: return "LIBUSB_SUCCESS";
    case -1: return "LIBUSB_ERROR_IO";
    case -3: return "LIBUSB_ERROR_ACCESS";
    case -4: return "LIBUSB_ERROR_NO_DEVICE";
    case -6: return "LIBUSB_ERROR_BUSY";
    case -7: return "LIBUSB_ERROR_TIMEOUT";
    default: return "**UNKNOWN**";
  }
}
`;
