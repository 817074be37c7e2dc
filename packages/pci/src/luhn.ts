/** Whether digit values `digits[from .. from+length)` pass the Luhn (mod 10) check. */
export function isLuhnValid(digits: ArrayLike<number>, from: number, length: number): boolean {
  let sum = 0;
  let double = false;
  for (let k = from + length - 1; k >= from; k--) {
    let d = digits[k] ?? 0;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit to append to a string of ASCII digits. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  let double = true;
  for (let k = payload.length - 1; k >= 0; k--) {
    let d = payload.charCodeAt(k) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}
