// The audit log page (/staff/audit/, agency admins), loaded by <fq-staff> on that page only: the
// entries GET /api/admin/audit gives for a business day, a target or an actor, newest first, page
// by page, each as when, who, what, to what, and the changed fields before → after. Text goes in
// with textContent only, never as HTML.
import { businessTime, type Child, el, fill, type StaffKit, time } from './staff-kit.ts';

interface Entry {
  id: string;
  at: string;
  date: string;
  actor: { subject: string; name: string; roles: string[] };
  action: string;
  target: { type: string; id: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  summary?: {
    params?: Record<string, unknown>;
    request?: Record<string, unknown>;
    created?: string;
  };
}

const FILTERS = ['date', 'target', 'actor'] as const;
/** An instant as the API writes it: shown in business time like the rest. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
/** Lines of one entry's change shown before the rest is summed up. */
const MAX_LINES = 8;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export async function auditView(kit: StaffKit): Promise<boolean> {
  const { t, root } = kit;
  const a = t.audit;
  const form = root.querySelector<HTMLFormElement>('[data-audit-filters]');
  const list = root.querySelector<HTMLElement>('[data-list="audit"]');
  const more = root.querySelector<HTMLButtonElement>('[data-more]');
  const count = root.querySelector<HTMLElement>('[data-count]');
  const actors = root.querySelector<HTMLDataListElement>('[data-actors]');
  if (!form || !list || !more || !count) return false;
  for (const name of FILTERS) {
    const value = kit.params.get(name);
    const field = form.elements.namedItem(name);
    if (value && field instanceof HTMLInputElement) field.value = value;
  }

  /** A value in a few words: a name, a stage, a list's items, else its first characters. */
  const short = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (key === 'stage' && typeof v === 'string') return t.stages[v] ?? v;
    if (key === 'status' && typeof v === 'string') return t.caseStatus[v] ?? v;
    if (key === 'field' && (v === 'phone' || v === 'idNumber' || v === 'mobile'))
      return v === 'idNumber' ? t.file.idNumber : t.file.phone;
    let text: string;
    if (typeof v === 'string' && ISO_TIME.test(v)) text = businessTime(v);
    else if (Array.isArray(v))
      text = v.every((x) => typeof x !== 'object' || x === null)
        ? v.join('、') || '—'
        : fill(a.items, { n: v.length });
    else if (isObject(v))
      text =
        typeof v.name === 'string'
          ? v.name
          : typeof v.state === 'string'
            ? (t.steps[v.state] ?? v.state)
            : JSON.stringify(v);
    else text = String(v);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  };
  const label = (path: string[]) =>
    path.map((part, i) => (i === 0 ? (a.fields[part] ?? part) : part)).join(' · ');

  /** The changed fields, one level into objects and same-length lists: `path: before → after`. */
  const changes = (before: unknown, after: unknown, path: string[], out: string[]): void => {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    const key = path.at(-1) ?? '';
    // Into objects (one side may be missing: a field set for the first time, or removed).
    const was = before ?? undefined;
    const now = after ?? undefined;
    if (
      path.length < 3 &&
      (isObject(was) || was === undefined) &&
      (isObject(now) || now === undefined) &&
      (isObject(was) || isObject(now))
    ) {
      const from = (was ?? {}) as Record<string, unknown>;
      const to = (now ?? {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(from), ...Object.keys(to)]))
        changes(from[k], to[k], [...path, k], out);
      return;
    }
    if (
      path.length < 3 &&
      Array.isArray(before) &&
      Array.isArray(after) &&
      before.length === after.length &&
      before.some((x) => typeof x === 'object' && x !== null)
    ) {
      for (const [i, x] of before.entries()) changes(x, after[i], [...path, String(i + 1)], out);
      return;
    }
    out.push(`${label(path)}: ${short(key, before)} → ${short(key, after)}`);
  };

  const changeOf = (e: Entry): Child => {
    const lines: string[] = [];
    if (e.after && !e.before)
      lines.push(`${a.created} · ${a.version} ${short('', e.after.version)}`);
    else if (e.before && e.after) {
      const { version: was, ...before } = e.before;
      const { version: now, ...after } = e.after;
      if (was !== undefined || now !== undefined)
        lines.push(`${a.version}: ${short('', was)} → ${short('', now)}`);
      changes(before, after, [], lines);
    }
    const s = e.summary;
    for (const [k, v] of Object.entries(s?.params ?? {}))
      lines.push(
        k === 'partyId' ? `${a.party}: ${t.roles[String(v)] ?? String(v)}` : `${k}: ${short(k, v)}`,
      );
    for (const [k, v] of Object.entries(s?.request ?? {}))
      lines.push(
        `${k === 'reason' ? a.reason : k === 'field' ? a.field : (a.fields[k] ?? k)}: ${short(k, v)}`,
      );
    if (s?.created) lines.push(`${a.created}: ${s.created.split('/').at(-1)}`);
    if (!lines.length) return '—';
    const shown = lines.slice(0, MAX_LINES);
    if (lines.length > MAX_LINES) shown.push(fill(a.others, { n: lines.length - MAX_LINES }));
    return el('ul', { class: 'fq-staff-changes' }, ...shown.map((line) => el('li', {}, line)));
  };

  const seen = new Map<string, string>();
  const row = (e: Entry): Child[] => {
    if (!seen.has(e.actor.subject)) {
      seen.set(e.actor.subject, e.actor.name);
      actors?.append(el('option', { value: e.actor.subject }, e.actor.name));
    }
    const target = e.target;
    return [
      time(e.at),
      el(
        'span',
        {},
        e.actor.name,
        e.actor.roles.length ? el('br') : null,
        e.actor.roles.map((r) => a.roles[r] ?? r).join('、'),
        el('br'),
        el('small', { class: 'fq-staff-hint' }, e.actor.subject),
      ),
      a.actions[e.action] ?? e.action,
      target
        ? el(
            'span',
            {},
            `${a.targets[target.type] ?? target.type} `,
            target.type === 'case' ? kit.caseLink(target.id) : target.id,
          )
        : a.system,
      changeOf(e),
    ];
  };

  // On a phone each entry stacks as a card, every value under its column's name (staff.css);
  // the roles keep it a table for screen readers whatever its display.
  const headers = [a.when, a.who, a.action, a.targetColumn, a.change];
  const tr = (cells: Child[]) =>
    el(
      'tr',
      { role: 'row' },
      ...cells.map((c, i) => el('td', { role: 'cell', 'data-label': headers[i] }, c)),
    );
  const entriesTable = (rows: Child[][]) =>
    el(
      'div',
      { class: 'fq-staff-scroll', tabindex: '0', role: 'region', 'aria-label': a.results },
      el(
        'table',
        { class: 'fq-staff-table fq-staff-table--stack', role: 'table' },
        el('caption', { class: 'fq-visually-hidden' }, a.results),
        el(
          'thead',
          { role: 'rowgroup' },
          el(
            'tr',
            { role: 'row' },
            ...headers.map((h) => el('th', { scope: 'col', role: 'columnheader' }, h)),
          ),
        ),
        el('tbody', { role: 'rowgroup' }, ...rows.map(tr)),
      ),
    );

  let cursor: string | null = null;
  let shown = 0;
  let body: HTMLTableSectionElement | null = null;
  /** One page: the first of a search (replacing the list), or the next (appended). */
  const load = async (next: boolean, announce: boolean): Promise<number> => {
    const data = new FormData(form);
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(data.get(name) ?? '').trim();
      if (value) query.set(name, value);
    }
    if (!next && announce) history.replaceState(null, '', `?${query}`);
    query.set('limit', '50');
    if (next && cursor) query.set('cursor', cursor);
    for (const name of FILTERS) kit.fieldError(form, name, '');
    list.setAttribute('aria-busy', 'true');
    more.disabled = true;
    const answer = await kit.api<{ entries: Entry[]; next: string | null }>(
      'GET',
      `/api/admin/audit?${query}`,
    );
    list.removeAttribute('aria-busy');
    more.disabled = false;
    if (answer.status === 400)
      for (const [key, message] of Object.entries(answer.body.error?.details ?? {}))
        kit.fieldError(form, key.replace(/^query\./, ''), String(message));
    if (answer.status !== 200) return answer.status;
    const entries = answer.body.entries ?? [];
    cursor = answer.body.next;
    const rows = entries.map(row);
    if (!next || !body) {
      shown = 0;
      const built = entriesTable(rows);
      body = built.querySelector('tbody');
      list.replaceChildren(entries.length ? built : el('p', {}, a.empty));
    } else {
      const first = body.children.length;
      for (const cells of rows) body.append(tr(cells));
      // Keyboard and screen-reader users carry on from the first new entry.
      const start = body.children[first]?.querySelector('td');
      start?.setAttribute('tabindex', '-1');
      start?.focus();
    }
    shown += entries.length;
    more.hidden = !cursor;
    const text = `${fill(a.count, { n: shown })}${cursor ? '' : shown ? ` ${a.end}` : ''}`;
    count.textContent = shown ? text : '';
    if (announce) kit.status(shown ? text : a.empty);
    return 200;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    cursor = null;
    void load(false, true);
  });
  more.addEventListener('click', () => void load(true, true));
  const status = await load(false, false);
  if (status === 403) kit.status(a.forbidden, true);
  return status === 200 || status === 400;
}
