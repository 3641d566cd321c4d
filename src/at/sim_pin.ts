// Pure: no I/O. What a SIM PIN is: 4 to 8 digits, the lengths a SIM accepts for PIN1. The
// profile, the secret reader, the AT commands, `stickmode sim` and the simulator all check it here.

const SIM_PIN = /^\d{4,8}$/;

/** Whether `value` can be a SIM PIN: 4 to 8 digits. */
export function isSimPin(value: string): boolean {
  return SIM_PIN.test(value);
}
