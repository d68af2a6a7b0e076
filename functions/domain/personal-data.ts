// Personal numbers (CONTRACT.md, PIPL): how residents may type them, how they are shown, how logs hide them.

/** Mainland mobile: 11 digits starting 1[3-9]. */
const MOBILE = /^1[3-9]\d{9}$/;
const ID_NUMBER = /^\d{17}[\dX]$/;

/**
 * A mobile number as residents type it (`+86 138-1234-5678`, `138 1234 5678`) as 11 digits,
 * or undefined when it is not a mainland mobile.
 */
export function normalizeMobile(input: string): string | undefined {
  let digits = input.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return MOBILE.test(digits) ? digits : undefined;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident ID number (GB 11643): 18 characters, upper-case X, valid check digit; else undefined. */
export function normalizeIdNumber(input: string): string | undefined {
  const value = input.trim().toUpperCase();
  if (!ID_NUMBER.test(value)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === value[17] ? value : undefined;
}

/** `13812341234` → `138****1234`. */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/** `640302199001011233` → `6403**********1233`. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(-4)}`;
}

/** Where a log line could carry a number: any run of 11 mobile digits or 17 digits + check. */
const MOBILE_IN_TEXT = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g;
const ID_IN_TEXT = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;

/**
 * Masks every mobile and ID number inside free text. Logs pass every string through this, so a
 * number that slipped into an error message or a path never reaches them in clear.
 */
export function redactPersonalNumbers(text: string): string {
  return text
    .replace(ID_IN_TEXT, (id) => maskIdNumber(id.toUpperCase()))
    .replace(MOBILE_IN_TEXT, (found) => {
      const digits = found.replace(/\D/g, '').slice(-11);
      return maskMobile(digits);
    });
}
