// Test helper: a small valid capture (one modem-mode stick, one AT exchange), to break on purpose.

import type { CaptureFile } from "../../src/capture/capture_format.ts";

export function validCapture(): CaptureFile {
  return {
    format: "stickmode-capture",
    formatVersion: "1.0",
    capturedAt: "2026-12-01T10:00:00Z",
    stickmodeVersion: "0.18.0",
    masked: [{ kind: "imei", count: 1 }],
    sticks: [{
      usb: {
        portPath: "1-3",
        vid: "12d1",
        pid: "1506",
        interfaces: [
          {
            number: "00",
            class: "ff",
            subclass: "02",
            protocol: "10",
            driver: "option",
            tty: "ttyUSB0",
          },
          {
            number: "01",
            class: "ff",
            subclass: "02",
            protocol: "12",
            driver: "option",
            tty: "ttyUSB1",
          },
        ],
        attributes: {},
      },
      personalities: [],
      at: [{
        tty: "ttyUSB1",
        atMs: 10,
        command: "AT",
        response: "\r\nOK\r\n",
        elapsedMs: 5,
        timedOut: false,
      }],
      hilink: [],
    }],
  };
}
