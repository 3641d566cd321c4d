// Pure: no I/O. One line of text per step, for plan output, progress and reports.

import type { Step } from "./types.ts";

/** The step in words, for the report and progress ("set APN of context 1 to ..."). */
export function describeStep(step: Step): string {
  switch (step.action) {
    case "leave-storage":
      return step.altMode
        ? "leave storage mode with the AltMode message (serial ports and NCM; not stored on " +
          "the stick, the host re-sends it at every plug)"
        : "leave storage mode (Huawei mode-switch message over USB, or the system's " +
          "usb_modeswitch)";
    case "bind-option":
      return "bind the option driver to the stick's USB id (new_id) for its serial ports";
    case "reboot-to-storage":
      return "reboot into storage mode (web API api/device/control) to take the AltMode switch";
    case "leave-hilink":
      return "leave HiLink mode (web API switch to debug mode)";
    case "set-port-layout":
      return `set port layout ${step.from ?? "(unknown)"} -> ${step.to} (AT^SETPORT)`;
    case "reset":
      return `restart the stick: ${step.reason} (AT^RESET, re-enumeration)`;
    case "unlock-sim":
      return `unlock the SIM with its PIN (${step.attemptsLeft} attempts left)`;
    case "set-pin-lock":
      return `${step.enabled ? "enable" : "disable"} the SIM PIN lock ` +
        `(${step.attemptsLeft} attempts left)`;
    case "set-apn":
      return `set APN of context ${step.cid}: ${step.from ?? "(none)"} -> ` +
        `${step.pdpType} ${step.to}`;
    case "set-radio":
      return `set radio ${step.from} -> ${step.to} ` +
        `(${step.setting.command === "syscfgex" ? "AT^SYSCFGEX" : "AT^SYSCFG"})`;
  }
}
