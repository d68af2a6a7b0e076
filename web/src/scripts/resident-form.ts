// What the resident pages share for forms: the input rules of CONTRACT.md as the server applies
// them (so a mistake is caught before sending), errors shown at their field and announced, the
// API's error shape, and times on the wall clock of the business time zone (Asia/Shanghai).

/** A mainland mobile as residents type it (+86, spaces, dashes) → 11 digits, or undefined. */
export function normalizeMobile(input: string): string | undefined {
  let digits = input.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** A landline with its area code (`0953-1234567`, spaces allowed), as a respondent may have. */
export function isLandline(input: string): boolean {
  return /^0\d{2,3}-?\d{7,8}$/.test(input.replace(/\s/g, ''));
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident ID number: 18 characters with a valid GB 11643 check digit. */
export function isIdNumber(input: string): boolean {
  const value = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === value[17];
}

/** Names are 1–30 characters and may contain '·' (阿依古丽·买买提). */
export function nameProblem(input: string): 'required' | 'tooLong' | undefined {
  const name = input.trim();
  if (!name) return 'required';
  return name.length > 30 ? 'tooLong' : undefined;
}

/** The documented error body, whatever the response (a proxy's HTML page gives an empty one). */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

export async function readError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: ApiError };
    if (body.error && typeof body.error.code === 'string') return body.error;
  } catch {
    // not JSON
  }
  return { code: `HTTP_${response.status}`, message: '' };
}

/** Minutes to wait from a 429's Retry-After (seconds), at least 1. */
export function retryMinutes(response: Response): number {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 15;
}

/** `{name}` placeholders filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/**
 * Shows `message` as the error of a control made by <Field> or of a <Choices> group (empty
 * clears it): the words go into the element its aria-describedby names (an aria-live region),
 * the control gets aria-invalid and the field its danger bar. The icon is cloned from the
 * page's `<template data-error-icon>`, the "错误：" word from its `data-error-word`.
 */
export function setFieldError(control: HTMLElement, message: string): void {
  const errorId = (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .find((id) => id.endsWith('-error'));
  const error = errorId ? document.getElementById(errorId) : null;
  const wrapper = control.closest('.fq-field') ?? (control.matches('fieldset') ? control : null);
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
  wrapper?.classList.toggle('fq-field--invalid', Boolean(message));
  if (!error) return;
  if (!message) {
    error.replaceChildren();
    return;
  }
  const template = document.querySelector<HTMLTemplateElement>('template[data-error-icon]');
  const icon = template?.content.cloneNode(true);
  const text = document.createElement('span');
  const word = document.createElement('strong');
  word.textContent = template?.dataset.errorWord ?? '';
  text.append(word, message);
  error.replaceChildren(...(icon ? [icon] : []), text);
}

/** Clears every error inside `root`. */
export function clearFieldErrors(root: ParentNode): void {
  for (const control of root.querySelectorAll<HTMLElement>('[aria-invalid="true"]')) {
    setFieldError(control, '');
  }
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai wall clock of an instant (China has kept +08:00 all year since 1991). */
export function shanghaiParts(iso: string) {
  const date = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: (date.getUTCDay() + 6) % 7, // 0 = Monday
    time: `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`,
  };
}

const WEEKDAYS_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WEEKDAYS_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS_EN = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** "2026年5月3日 周日 09:30" or "Sun 3 May 2026, 09:30", in Beijing time whatever the phone's zone. */
export function formatShanghai(iso: string, en: boolean, withTime = true): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '';
  const p = shanghaiParts(iso);
  if (en) {
    const date = `${WEEKDAYS_EN[p.weekday]} ${p.day} ${MONTHS_EN[p.month - 1]} ${p.year}`;
    return withTime ? `${date}, ${p.time}` : date;
  }
  const date = `${p.year}年${p.month}月${p.day}日 ${WEEKDAYS_ZH[p.weekday]}`;
  return withTime ? `${date} ${p.time}` : date;
}

/** The machine-readable value for a <time> element. */
export function isoForTimeElement(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

/**
 * A fresh Idempotency-Key. crypto.randomUUID exists only on secure origins; a phone trying the
 * product over the LAN (`HOST=0.0.0.0`, plain http) still has getRandomValues.
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where the tracking page keeps an open case for this tab only (never the URL, never disk). */
export const CASE_SESSION_KEY = 'fq-case';

export function rememberCase(caseNumber: string, code: string): void {
  try {
    sessionStorage.setItem(CASE_SESSION_KEY, JSON.stringify({ caseNumber, code }));
  } catch {
    // storage refused (private mode): the resident types the code again after a refresh
  }
}

export function rememberedCase(): { caseNumber: string; code: string } | undefined {
  try {
    const raw = sessionStorage.getItem(CASE_SESSION_KEY);
    const value = raw ? (JSON.parse(raw) as { caseNumber?: unknown; code?: unknown }) : undefined;
    if (typeof value?.caseNumber === 'string' && typeof value.code === 'string') {
      return { caseNumber: value.caseNumber, code: value.code };
    }
  } catch {
    // unreadable: treat as nothing remembered
  }
  return undefined;
}

export function forgetCase(): void {
  try {
    sessionStorage.removeItem(CASE_SESSION_KEY);
  } catch {
    // nothing to forget
  }
}
