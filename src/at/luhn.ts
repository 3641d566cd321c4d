// Pure: no I/O. The Luhn check digit IMEIs and ICCIDs end in.

/** The check digit that makes `digits` + it pass the Luhn test. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether `number` (digits only) ends in its Luhn check digit. */
export function luhnValid(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnDigit(number.slice(0, -1)) === number.at(-1);
}
