// What the agency console's views share: the page's strings and the API's answer as types, a
// small DOM builder, tables, keys, and the kit <fq-admin> hands a view loaded on its own page
// (admin-people.ts): the API, the status lines, field errors and row editors. Text goes in with
// textContent only, never as HTML.
import type { AdminDictionary } from '../i18n/admin.ts';
import { type Child, el } from './staff-kit.ts';

// The DOM builder and templates are the staff portal's own (staff-kit.ts).
export { type Child, el, fill } from './staff-kit.ts';

export type Strings = AdminDictionary & {
  staff: {
    signingIn: string;
    signedOut: string;
    loading: string;
    failed: string;
    none: string;
    errorPrefix: string;
    problem: Record<string, string>;
    stages: Record<string, string>;
    roles: Record<string, string>;
    kinds: Record<string, string>;
  };
  links: { work: string; case: string };
};

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export interface Answer<T> {
  status: number;
  body: T & { error?: { code?: string; message?: string; details?: Record<string, Json> } };
  headers?: Headers;
}
export interface Named {
  id: string;
  name: string;
  nameEn: string;
}
export interface RegionNode extends Named {
  level: string;
  children: RegionNode[];
}

export type Field = {
  key: string;
  label: string;
  kind: 'weekday' | 'worksAs' | 'time' | 'date' | 'text' | 'number' | 'select';
  /** The choices of a `select`. */
  options?: Choice[];
  /** May be left empty (left out of the row when it is). */
  optional?: boolean;
};
export interface Choice {
  value: string;
  label: string;
}

export function table(caption: string, headers: string[], rows: Child[][]): HTMLElement {
  return el(
    'div',
    { class: 'fq-staff-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    el(
      'table',
      { class: 'fq-staff-table' },
      el('caption', { class: 'fq-visually-hidden' }, caption),
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
      el(
        'tbody',
        {},
        ...rows.map((cells) =>
          el(
            'tr',
            {},
            ...cells.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c))),
          ),
        ),
      ),
    ),
  );
}

export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** "a.b[0].c" or "json.a.0.c" → ["a", "b", "0", "c"] without the validator's target. */
export function pathOf(key: string): string[] {
  const parts = key
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  return parts[0] === 'json' || parts[0] === 'body' ? parts.slice(1) : parts;
}

/** What <fq-admin> lends a view that lives in its own module (loaded on that page only). */
export interface AdminKit {
  t: Strings;
  en: boolean;
  root: HTMLElement;
  /** The signed-in admin's region (what they may give and edit lies inside it). */
  regionId: string;
  api<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer<T>>;
  status(text: string, error?: boolean): void;
  alert(text: string): void;
  name(item: { name: string; nameEn: string }): string;
  regions(): (RegionNode & { depth: number })[];
  regionName(id: string): string;
  clearErrors(form: HTMLFormElement): void;
  showErrors(
    form: HTMLFormElement,
    details: Record<string, Json> | undefined,
    message?: string,
  ): void;
  checkRequired(form: HTMLFormElement): boolean;
  control(id: string, name: string, label: Child, input: HTMLElement, hint?: string): HTMLElement;
  input(field: Pick<Field, 'kind' | 'options'>, value: string | number | undefined): HTMLElement;
  rows(
    form: string,
    prefix: string,
    legend: string,
    fields: Field[],
    items: Record<string, string | number | undefined>[],
    addLabel: string,
    hint?: string,
  ): HTMLFieldSetElement;
  readRows(form: HTMLFormElement, prefix: string): Record<string, string | number>[];
}
