// What the staff portal's views share: the API's values as types, business time, a small DOM
// builder and tables, and the kit <fq-staff> hands a view loaded on its own page (staff-audit.ts).
// Text goes in with textContent only, never as HTML.
import type { StaffDictionary } from '../i18n/staff.ts';

/** Any JSON value, as the API sends it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ApiError {
  error?: { code?: string; message?: string; details?: Record<string, JsonValue> };
}
export interface Answer<T> {
  status: number;
  body: T & ApiError;
}

export type Child = Node | string | null | undefined | false;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Business time (Asia/Shanghai) of an instant, as "2026-12-07 09:30". */
export function businessTime(iso: string | null | undefined): string {
  const t = new Date(iso ?? '');
  if (Number.isNaN(t.getTime())) return iso ?? '';
  return new Date(t.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

/** A business date shifted by `days`. */
export function businessDate(days = 0, from = new Date()): string {
  return new Date(from.getTime() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
}

export const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** A time element: the business time shown, the instant in `datetime`. */
export const time = (iso: string | null | undefined) =>
  iso ? el('time', { datetime: iso }, businessTime(iso)) : '';

/** A table in its own scrolling box (a phone scrolls it, not the page), captioned for screen readers. */
export function table(caption: string, headers: string[], rows: Child[][]): HTMLElement {
  return el(
    'div',
    { class: 'fq-staff-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    el(
      'table',
      { class: 'fq-staff-table' },
      el('caption', { class: 'fq-visually-hidden' }, caption),
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
    ),
  );
}

export interface Me {
  name: string;
  roles: string[];
  region: { id: string; name: string; nameEn: string; level: string };
  rosterMemberId: string | null;
}

/** What <fq-staff> hands a view that lives in its own module. */
export interface StaffKit {
  t: StaffDictionary;
  en: boolean;
  root: HTMLElement;
  me: Me | undefined;
  params: URLSearchParams;
  /** A staff API call with the ID token; an error answer is already reported in the status line. */
  api<T = JsonObject>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer<T>>;
  status(text: string, error?: boolean): void;
  /** Shows (or clears) a field's error beside it, tied by aria-describedby; true when clear. */
  fieldError(form: HTMLFormElement, name: string, message: string): boolean;
  caseLink(caseNumber: string): HTMLAnchorElement;
}
