// <fq-admin>: the agency console's one script (/staff/admin/…). Signs in like the staff portal
// (OIDC code + PKCE, staff-auth.ts; the portal's callback page brings the admin back here), then
// fills the page's view from /api/admin: the setup (service points and their hours, time limits
// and reminders, holidays), the statistics with SVG charts and tables beside them and a CSV
// download, supervision of overdue cases (remind, escalate), and people (accounts, roster).
// Writes carry If-Match at the version read; a 412 reloads and says so; a 400's details are
// shown at the fields they name. Text goes in with textContent only, never as HTML.
import {
  type AdminKit,
  type Answer,
  type Child,
  el,
  type Field,
  fill,
  type Json,
  type Named,
  newKey,
  pathOf,
  type RegionNode,
  type Strings,
  table,
} from './admin-kit.ts';
import { columnChart, rowChart } from './bar-chart.ts';
import {
  currentToken,
  forgetToken,
  freshTokenRefused,
  type IssuerConfig,
  signedOut,
  signIn,
  signOut,
  tokenWorked,
} from './staff-auth.ts';

interface Hours {
  weekday: number;
  open: string;
  close: string;
}
interface ServicePoint extends Named {
  level: string;
  regionId: string;
  address: string;
  addressEn: string;
  phone: string;
  services: string[];
  online: boolean;
  hours: Hours[];
  rooms?: Named[];
}
interface CalendarDay {
  date: string;
  name: string;
  nameEn: string;
  worksAs?: number;
}
interface Setup {
  version: number | string;
  services: Named[];
  servicePoints: ServicePoint[];
  calendar: { holidays: CalendarDay[]; makeupWorkdays: CalendarDay[] };
  sla: Record<string, number>;
  reminders: { leadHours: number[] };
  bookings?: { leadMinutes: number };
  retentionDays?: number | Record<string, number>;
}
interface Rate {
  rate: number | null;
  [count: string]: number | null;
}
interface Figures {
  accepted: number;
  concluded: number;
  closureRate: Rate;
  successRate: Rate;
  confirmations: { granted: number; rejected: number };
  escalationRate: Rate;
  averageDaysToConclude: number | null;
  satisfaction: { ratings: number; mean: number | null; share4to5: number | null };
}
interface Stats {
  from: string;
  to: string;
  reportDate: string;
  figures: Figures;
  byMonth: { month: string; figures: Figures }[];
  byRegion: { regionId: string; name: string; nameEn: string; figures: Figures }[];
  byCategory: { category: string; name: string; nameEn: string; figures: Figures }[];
}
interface Overdue {
  caseNumber: string;
  category: string;
  level: string;
  regionId: string;
  regionName?: string;
  stage: string;
  step?: string;
  dueAt: string;
  overdueDays: number;
  responsible: { rosterMemberId?: string; name: string } | null;
  reminders: number;
  lastRemindedAt: string | null;
}

const HOUR = 3_600_000;

/** Business time (Asia/Shanghai) of an instant, as "2026-12-07 09:30". */
function businessTime(iso: string | null | undefined): string {
  const t = new Date(iso ?? '');
  if (Number.isNaN(t.getTime())) return iso ?? '';
  return new Date(t.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

/** The business month `months` away from now, as YYYY-MM. */
function businessMonth(months = 0): string {
  const now = new Date(Date.now() + 8 * HOUR);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
  return d.toISOString().slice(0, 7);
}

class FqAdmin extends HTMLElement {
  #t = {} as Strings;
  #config: IssuerConfig | undefined;
  #regions: RegionNode[] = [];
  #categories: Named[] = [];
  #setup: Setup | undefined;
  #regionId = '';
  #params = new URLSearchParams(location.search);

  connectedCallback(): void {
    this.#t = JSON.parse(this.dataset.strings ?? '{}') as Strings;
    this.#q('[data-sign-out]')?.addEventListener('click', () => void this.#signOut());
    this.#q('[data-sign-in]')?.addEventListener('click', () => void this.#signIn());
    void this.#start().catch((error: unknown) => {
      console.error(error);
      this.#status(navigator.onLine ? this.#t.staff.failed : this.#t.staff.problem.offline!, true);
    });
  }

  get #en(): boolean {
    return this.dataset.locale === 'en';
  }

  #q<T extends Element = HTMLElement>(selector: string): T | null {
    return this.querySelector<T>(selector);
  }

  #name(item: { name: string; nameEn: string }): string {
    return this.#en ? item.nameEn : item.name;
  }

  #status(text: string, error = false): void {
    const status = this.#q('[data-status]');
    if (!status) return;
    status.classList.toggle('fq-staff-status--error', error);
    status.textContent = error && text ? `${this.#t.staff.errorPrefix}${text}` : text;
  }

  #alert(text: string): void {
    const alert = this.#q('[data-alert]');
    if (alert) alert.textContent = text;
  }

  // -------------------------------------------------------------------------------------------
  // Sign-in and the API

  async #issuer(): Promise<IssuerConfig> {
    if (this.#config) return this.#config;
    const response = await fetch('/api/sign-in', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET /api/sign-in answered ${response.status}`);
    const { issuer, clientId } = (await response.json()) as { issuer: string; clientId: string };
    this.#config = {
      issuer,
      clientId,
      locale: this.dataset.locale ?? 'zh-CN',
      callback: new URL('/staff/callback/', location.origin).toString(),
    };
    return this.#config;
  }

  async #signIn(): Promise<void> {
    this.#status(this.#t.staff.signingIn);
    await signIn(await this.#issuer(), `${location.pathname}${location.search}`);
  }

  async #signOut(): Promise<void> {
    await signOut(await this.#issuer(), new URL(this.#t.links.work, location.origin).toString());
  }

  #showSignIn(): void {
    const note = this.#q<HTMLElement>('[data-signed-out]');
    if (note) note.hidden = false;
    this.#q<HTMLButtonElement>('[data-sign-in]')?.focus();
  }

  /** An API call with the ID token; a refused token goes through sign-in and back here. */
  async #api<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const token = currentToken();
    if (!token) {
      await this.#signIn();
      return new Promise(() => {});
    }
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          Accept: 'application/json',
          'Accept-Language': this.dataset.locale ?? 'zh-CN',
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      this.#status(this.#t.staff.problem.offline!, true);
      return { status: 0, body: {} as Answer<T>['body'] };
    }
    if (response.status === 401) {
      forgetToken();
      if (freshTokenRefused()) {
        this.#status(this.#t.staff.problem.loop!, true);
        this.#showSignIn();
        return { status: 401, body: {} as Answer<T>['body'] };
      }
      await this.#signIn();
      return new Promise(() => {});
    }
    tokenWorked();
    const text = await response.text();
    let parsed = {} as Answer<T>['body'];
    try {
      parsed = (text ? JSON.parse(text) : {}) as Answer<T>['body'];
    } catch {
      // Not JSON (a gateway's own page): reported by status below.
    }
    if (response.status >= 400 && response.status !== 400 && response.status !== 412) {
      const p = this.#t.staff.problem;
      this.#status(
        response.status === 403
          ? p.forbidden!
          : (parsed.error?.message ??
              (response.status === 404 ? p.notFound! : this.#t.staff.failed)),
        true,
      );
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  async #start(): Promise<void> {
    if (!currentToken()) {
      if (signedOut()) {
        this.#status(this.#t.staff.signedOut);
        this.#showSignIn();
      } else await this.#signIn();
      return;
    }
    this.#status(this.#t.staff.loading);
    this.setAttribute('aria-busy', 'true');
    const [me, city] = await Promise.all([
      this.#api<{ name: string; roles: string[]; region: Named }>('GET', '/api/staff/me'),
      fetch('/api/city', { headers: { Accept: 'application/json' } })
        .then((r) =>
          r.ok ? (r.json() as Promise<{ regions: RegionNode[]; categories: Named[] }>) : undefined,
        )
        .catch(() => undefined),
    ]);
    if (me.status !== 200) return;
    const who = this.#q('[data-me]');
    if (who) who.textContent = `${me.body.name} · ${this.#name(me.body.region)}`;
    this.#regionId = me.body.region.id;
    if (!me.body.roles.includes('agency_admin')) {
      this.removeAttribute('aria-busy');
      this.#status('');
      this.#alert(this.#t.notAdmin);
      return;
    }
    this.#regions = city?.regions ?? [];
    this.#categories = city?.categories ?? [];
    const view = this.dataset.view;
    const ok =
      view === 'setup'
        ? await this.#setupView()
        : view === 'stats'
          ? await this.#statsView()
          : view === 'supervision'
            ? await this.#supervisionView()
            : await this.#peopleView();
    this.removeAttribute('aria-busy');
    if (!ok) return;
    const ready = this.#q<HTMLElement>('[data-ready]');
    if (ready) ready.hidden = false;
    if (this.#q('[data-status]')?.textContent === this.#t.staff.loading) this.#status('');
  }

  // -------------------------------------------------------------------------------------------
  // Regions

  #flatRegions(): (RegionNode & { depth: number })[] {
    const out: (RegionNode & { depth: number })[] = [];
    const walk = (nodes: RegionNode[], depth: number) => {
      for (const n of nodes) {
        out.push({ ...n, depth });
        walk(n.children ?? [], depth + 1);
      }
    };
    walk(this.#regions, 0);
    return out;
  }

  #regionName(id: string): string {
    const found = this.#flatRegions().find((r) => r.id === id);
    return found ? this.#name(found) : id;
  }

  #options(select: HTMLSelectElement | null, items: { value: string; label: string }[]): void {
    if (!select) return;
    const chosen = select.value;
    select.replaceChildren(...items.map((i) => el('option', { value: i.value }, i.label)));
    if (items.some((i) => i.value === chosen)) select.value = chosen;
  }

  // -------------------------------------------------------------------------------------------
  // Field errors: the server's details (or the page's own checks) beside the fields they name.

  #clearErrors(form: HTMLFormElement): void {
    for (const p of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      p.textContent = '';
      p.hidden = true;
    }
    for (const f of form.querySelectorAll('[aria-invalid]')) {
      f.removeAttribute('aria-invalid');
      f.removeAttribute('aria-describedby');
    }
    const rest = form.querySelector<HTMLElement>('[data-form-errors]');
    if (rest) {
      rest.replaceChildren();
      rest.hidden = true;
    }
  }

  /**
   * Shows each message at the most specific field or row the path names: the longest tail of
   * the path that the form has an error line for (`runtime.servicePoints[2].hours[0].close` →
   * `hours.0.close`); anything else is listed at the form's end. Focuses the first.
   */
  #showErrors(
    form: HTMLFormElement,
    details: Record<string, Json> | undefined,
    message = '',
  ): void {
    this.#clearErrors(form);
    const entries = Object.entries(details ?? {});
    if (entries.length === 0 && message) entries.push(['', message]);
    const unplaced: string[] = [];
    for (const [key, value] of entries) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const parts = pathOf(key);
      let placed = false;
      for (let i = 0; i < parts.length && !placed; i++) {
        const name = parts.slice(i).join('.');
        const line = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`);
        if (!line) continue;
        line.textContent = line.textContent ? `${line.textContent} ${text}` : text;
        line.hidden = false;
        const field = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
        field?.setAttribute('aria-invalid', 'true');
        field?.setAttribute('aria-describedby', line.id);
        placed = true;
      }
      if (!placed) unplaced.push(key ? `${key}: ${text}` : text);
    }
    const rest = form.querySelector<HTMLElement>('[data-form-errors]');
    if (rest && unplaced.length) {
      rest.replaceChildren(
        el('p', {}, this.#t.other),
        el('ul', {}, ...unplaced.map((u) => el('li', {}, u))),
      );
      rest.hidden = false;
    }
    this.#status(fill(this.#t.fix, { n: entries.length }), true);
    const first =
      form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form
        .querySelector<HTMLElement>('[data-error-for]:not([hidden])')
        ?.closest('fieldset')
        ?.querySelector<HTMLElement>('input, select, button') ??
      null;
    first?.focus();
  }

  /** One labelled control with its own error line beneath. */
  #control(id: string, name: string, label: Child, input: HTMLElement, hint?: string): HTMLElement {
    input.id = id;
    input.setAttribute('name', name);
    const hintEl = hint ? el('p', { class: 'fq-staff-hint', id: `${id}-hint` }, hint) : null;
    if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
    return el(
      'div',
      { class: 'fq-staff-field' },
      el('label', { for: id }, label),
      input,
      hintEl,
      el('p', { class: 'fq-staff-error', id: `${id}-error`, 'data-error-for': name, hidden: '' }),
    );
  }

  #input(
    { kind, options }: Pick<Field, 'kind' | 'options'>,
    value: string | number | undefined,
  ): HTMLElement {
    const t = this.#t;
    if (kind === 'select') {
      const select = el(
        'select',
        {},
        ...(options ?? []).map((o) => el('option', { value: o.value }, o.label)),
      );
      if (value !== undefined) select.value = String(value);
      return select;
    }
    if (kind === 'weekday' || kind === 'worksAs') {
      const select = el(
        'select',
        {},
        kind === 'worksAs' ? el('option', { value: '' }, t.setup.ownWeekday) : null,
        ...[1, 2, 3, 4, 5, 6, 7].map((d) => el('option', { value: String(d) }, t.weekdays[d]!)),
      );
      select.value = value === undefined ? '' : String(value);
      return select;
    }
    const input = el('input', {
      type: kind === 'text' ? 'text' : kind,
      value: value === undefined ? '' : String(value),
      autocomplete: 'off',
      ...(kind === 'number' ? { min: '1', step: '1', inputmode: 'numeric' } : {}),
      ...(kind === 'text' ? { maxlength: '100' } : {}),
    });
    return input;
  }

  /**
   * A list of rows (opening hours, rooms, holidays) edited in place: each row's controls are
   * named `prefix.index.key`, so the server's paths find them; adding or removing a row
   * re-numbers the rest and keeps what was typed.
   */
  #rows(
    form: string,
    prefix: string,
    legend: string,
    fields: Field[],
    items: Record<string, string | number | undefined>[],
    addLabel: string,
    hint?: string,
  ): HTMLFieldSetElement {
    const t = this.#t;
    const list = el('div', { class: 'fq-admin-rows', 'data-rows': prefix });
    const set = el(
      'fieldset',
      { class: 'fq-admin-rowset' },
      el('legend', {}, legend),
      hint ? el('p', { class: 'fq-staff-hint' }, hint) : null,
      list,
      el('p', {
        class: 'fq-staff-error',
        id: `fq-${form}-${prefix}-error`,
        'data-error-for': prefix,
        hidden: '',
      }),
    );
    const render = (values: Record<string, string | number | undefined>[], focus?: number) => {
      list.replaceChildren(
        ...values.map((item, index) => {
          const row = el('div', { class: 'fq-admin-row', 'data-row': '' });
          const rowName = fill(t.row, { n: index + 1 });
          for (const f of fields) {
            const id = `fq-${form}-${prefix}-${index}-${f.key}`;
            const input = this.#input(f, item[f.key]);
            input.dataset.key = f.key;
            if (f.optional) input.dataset.optional = '';
            row.append(
              this.#control(
                id,
                `${prefix}.${index}.${f.key}`,
                el('span', {}, el('span', { class: 'fq-visually-hidden' }, `${rowName} `), f.label),
                input,
              ),
            );
          }
          const remove = el(
            'button',
            { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
            t.remove,
            el('span', { class: 'fq-visually-hidden' }, ` ${legend} ${rowName}`),
          );
          remove.addEventListener('click', () => {
            const current = read();
            current.splice(index, 1);
            render(current, Math.min(index, current.length - 1));
          });
          row.append(
            el('div', { class: 'fq-admin-row__end' }, remove),
            el('p', {
              class: 'fq-staff-error fq-admin-row__error',
              id: `fq-${form}-${prefix}-${index}-error`,
              'data-error-for': `${prefix}.${index}`,
              hidden: '',
            }),
          );
          return row;
        }),
      );
      if (focus !== undefined && focus >= 0)
        list
          .querySelectorAll<HTMLElement>('[data-row]')
          [focus]?.querySelector<HTMLElement>('input, select')
          ?.focus();
      else if (focus !== undefined) add.focus();
    };
    const read = () =>
      [...list.querySelectorAll<HTMLElement>('[data-row]')].map((row) => {
        const item: Record<string, string | number | undefined> = {};
        for (const c of row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-key]'))
          item[c.dataset.key!] = c.value;
        return item;
      });
    const add = el(
      'button',
      { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
      addLabel,
    );
    add.addEventListener('click', () => {
      const current = read();
      current.push({});
      render(current, current.length - 1);
    });
    set.append(el('div', {}, add));
    render(items);
    return set;
  }

  /** The rows of a row list, typed by its fields (weekdays as numbers; an empty optional left out). */
  #readRows(form: HTMLFormElement, prefix: string): Record<string, string | number>[] {
    const list = form.querySelector(`[data-rows="${prefix}"]`);
    return [...(list?.querySelectorAll<HTMLElement>('[data-row]') ?? [])].map((row) => {
      const item: Record<string, string | number> = {};
      for (const c of row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-key]')) {
        const key = c.dataset.key!;
        const value = c.value.trim();
        if (!value && c.dataset.optional !== undefined) continue;
        if (key === 'weekday' || key === 'worksAs') {
          if (value) item[key] = Number(value);
        } else item[key] = value;
      }
      return item;
    });
  }

  /** Empty required controls of a form marked before anything is sent. */
  #checkRequired(form: HTMLFormElement): boolean {
    this.#clearErrors(form);
    const empty = [
      ...form.querySelectorAll<HTMLInputElement>(
        'input[required], textarea[required], input[data-key]:not([data-optional])',
      ),
    ].filter((i) => !i.value.trim());
    if (!empty.length) return true;
    const details: Record<string, string> = {};
    for (const i of empty) details[i.name] = this.#t.required;
    this.#showErrors(form, details);
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Setup: service points (hours, services, online, rooms), time limits and reminders, holidays.

  async #loadSetup(): Promise<boolean> {
    const answer = await this.#api<Setup>('GET', '/api/admin/setup');
    if (answer.status !== 200) return false;
    const etag = answer.headers?.get('ETag')?.replace(/^W\//, '').replace(/"/g, '');
    this.#setup = { ...answer.body, version: answer.body.version ?? etag ?? '' };
    return true;
  }

  async #setupView(): Promise<boolean> {
    if (!(await this.#loadSetup())) return false;
    const select = this.#q<HTMLSelectElement>('[data-point-select]');
    const wanted = this.#params.get('point');
    this.#renderSetup(wanted ?? undefined);
    select?.addEventListener('change', () => {
      const url = new URL(location.href);
      url.searchParams.set('point', select.value);
      history.replaceState(null, '', url);
      this.#renderPoint();
    });
    return true;
  }

  #renderSetup(pointId?: string): void {
    const setup = this.#setup!;
    const select = this.#q<HTMLSelectElement>('[data-point-select]');
    this.#options(
      select,
      setup.servicePoints.map((p) => ({ value: p.id, label: this.#name(p) })),
    );
    if (select && pointId && setup.servicePoints.some((p) => p.id === pointId))
      select.value = pointId;
    this.#renderPoint();
    this.#renderPolicy();
    this.#renderCalendar();
  }

  /** A PUT with If-Match at the setup's version; 412 reloads the setup and says so. */
  async #save(
    form: HTMLFormElement,
    path: string,
    body: unknown,
    after: (answer: Json) => void,
  ): Promise<void> {
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (submit) submit.disabled = true;
    this.#alert('');
    this.#status(this.#t.saving);
    try {
      const answer = await this.#api<{ version?: number | string } & Record<string, Json>>(
        'PUT',
        path,
        body,
        { 'If-Match': `"${this.#setup?.version}"` },
      );
      if (answer.status === 200) {
        this.#clearErrors(form);
        const etag = answer.headers?.get('ETag')?.replace(/^W\//, '').replace(/"/g, '');
        if (this.#setup) this.#setup.version = answer.body.version ?? etag ?? this.#setup.version;
        after(answer.body as Json);
        this.#status(this.#t.saved);
        // Allowed, but worth knowing: e.g. a member's shift now outside the point's hours.
        const warnings = (answer.body.warnings ?? []) as { path: string; message: string }[];
        const box = form.querySelector<HTMLElement>('[data-form-warnings]');
        if (box) {
          box.replaceChildren(
            ...(warnings.length
              ? [
                  el('p', {}, this.#t.warned),
                  el('ul', {}, ...warnings.map((w) => el('li', {}, w.message))),
                ]
              : []),
          );
          box.hidden = warnings.length === 0;
        }
        return;
      }
      if (answer.status === 412) {
        const point = this.#q<HTMLSelectElement>('[data-point-select]')?.value;
        if (await this.#loadSetup()) this.#renderSetup(point);
        this.#status('');
        this.#alert(this.#t.stale);
        return;
      }
      if (answer.status === 400)
        this.#showErrors(
          form,
          answer.body.error?.details as Record<string, Json>,
          answer.body.error?.message,
        );
    } finally {
      if (submit) submit.disabled = false;
    }
  }

  #renderPoint(): void {
    const t = this.#t;
    const s = t.setup;
    const setup = this.#setup!;
    const form = this.#q<HTMLFormElement>('[data-form="point"]');
    const id = this.#q<HTMLSelectElement>('[data-point-select]')?.value;
    const point = setup.servicePoints.find((p) => p.id === id);
    if (!form || !point) return;
    const online = el('input', { type: 'checkbox', id: 'fq-point-online', name: 'online' });
    online.checked = point.online;
    const services = el(
      'fieldset',
      {},
      el('legend', {}, s.services),
      ...setup.services.map((service) => {
        const box = el('input', { type: 'checkbox', name: 'services', value: service.id });
        box.checked = point.services.includes(service.id);
        return el('label', { class: 'fq-staff-check' }, box, this.#name(service));
      }),
      el('p', {
        class: 'fq-staff-error',
        id: 'fq-point-services-error',
        'data-error-for': 'services',
        hidden: '',
      }),
    );
    form.replaceChildren(
      el(
        'p',
        { class: 'fq-staff-hint', 'data-point-facts': '' },
        fill(s.pointFacts, { level: t.levels[point.level] ?? point.level, phone: point.phone }),
        ' · ',
        this.#en ? point.addressEn : point.address,
      ),
      el(
        'div',
        {},
        el('label', { class: 'fq-staff-check' }, online, s.online),
        el('p', {
          class: 'fq-staff-error',
          id: 'fq-point-online-error',
          'data-error-for': 'online',
          hidden: '',
        }),
      ),
      services,
      this.#rows(
        'point',
        'hours',
        s.hours,
        [
          { key: 'weekday', label: s.weekday, kind: 'weekday' },
          { key: 'open', label: s.open, kind: 'time' },
          { key: 'close', label: s.close, kind: 'time' },
        ],
        point.hours.map((h) => ({ ...h })),
        s.addHours,
        s.hoursHint,
      ),
      this.#rows(
        'point',
        'rooms',
        s.rooms,
        [
          { key: 'id', label: s.roomId, kind: 'text' },
          { key: 'name', label: s.roomName, kind: 'text' },
          { key: 'nameEn', label: s.roomNameEn, kind: 'text' },
        ],
        (point.rooms ?? []).map((r) => ({ ...r })),
        s.addRoom,
      ),
      el('div', { class: 'fq-staff-error', 'data-form-errors': '', hidden: '' }),
      el('div', { class: 'fq-admin-warnings', 'data-form-warnings': '', hidden: '' }),
      el('div', {}, el('button', { type: 'submit', class: 'fq-staff-button' }, s.savePoint)),
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      if (!this.#checkRequired(form)) return;
      const rooms = this.#readRows(form, 'rooms') as unknown as Named[];
      const body: ServicePoint = {
        ...point,
        online: online.checked,
        services: [
          ...form.querySelectorAll<HTMLInputElement>('input[name="services"]:checked'),
        ].map((b) => b.value),
        hours: this.#readRows(form, 'hours') as unknown as Hours[],
      };
      if (rooms.length) body.rooms = rooms;
      else delete body.rooms;
      void this.#save(
        form,
        `/api/admin/setup/service-points/${encodeURIComponent(point.id)}`,
        body,
        (answer) => {
          const saved = ((answer as { servicePoint?: ServicePoint }).servicePoint ??
            body) as ServicePoint;
          setup.servicePoints = setup.servicePoints.map((p) => (p.id === point.id ? saved : p));
        },
      );
    };
  }

  #renderPolicy(): void {
    const s = this.#t.setup;
    const setup = this.#setup!;
    const form = this.#q<HTMLFormElement>('[data-form="policy"]');
    if (!form) return;
    const number = (value: number | undefined) => {
      const input = this.#input({ kind: 'number' }, value);
      input.setAttribute('required', '');
      return input;
    };
    const retention = typeof setup.retentionDays === 'number' ? setup.retentionDays : undefined;
    form.replaceChildren(
      el(
        'fieldset',
        {},
        el('legend', {}, s.policyLead),
        ...Object.entries(setup.sla).map(([key, value]) =>
          this.#control(
            `fq-policy-sla-${key}`,
            `sla.${key}`,
            `${s.sla[key] ?? key}（${s.days}）`,
            number(value),
          ),
        ),
      ),
      this.#control(
        'fq-policy-lead-hours',
        'reminders.leadHours',
        s.leadHours,
        el('input', {
          type: 'text',
          value: setup.reminders.leadHours.join(', '),
          inputmode: 'decimal',
          required: '',
        }),
        s.leadHoursHint,
      ),
      setup.bookings
        ? this.#control(
            'fq-policy-booking-lead',
            'bookings.leadMinutes',
            s.bookingLead,
            number(setup.bookings.leadMinutes),
          )
        : '',
      retention !== undefined
        ? this.#control(
            'fq-policy-retention',
            'retentionDays',
            `${s.retentionDays}（${s.days}）`,
            number(retention),
          )
        : '',
      el('div', { class: 'fq-staff-error', 'data-form-errors': '', hidden: '' }),
      el('div', { class: 'fq-admin-warnings', 'data-form-warnings': '', hidden: '' }),
      el('div', {}, el('button', { type: 'submit', class: 'fq-staff-button' }, s.savePolicy)),
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      if (!this.#checkRequired(form)) return;
      const value = (name: string) =>
        form.querySelector<HTMLInputElement>(`[name="${name}"]`)?.value.trim() ?? '';
      const sla = Object.fromEntries(
        Object.keys(setup.sla).map((k) => [k, Number(value(`sla.${k}`))]),
      );
      const leadHours = value('reminders.leadHours')
        .split(/[,，\s]+/)
        .filter(Boolean)
        .map(Number);
      const body: Record<string, unknown> = { sla, reminders: { leadHours } };
      if (setup.bookings) body.bookings = { leadMinutes: Number(value('bookings.leadMinutes')) };
      if (retention !== undefined) body.retentionDays = Number(value('retentionDays'));
      else if (setup.retentionDays !== undefined) body.retentionDays = setup.retentionDays;
      void this.#save(form, '/api/admin/setup/policy', body, () => {
        Object.assign(setup, body);
      });
    };
  }

  #renderCalendar(): void {
    const s = this.#t.setup;
    const setup = this.#setup!;
    const form = this.#q<HTMLFormElement>('[data-form="calendar"]');
    if (!form) return;
    const day: Field[] = [
      { key: 'date', label: s.date, kind: 'date' },
      { key: 'name', label: s.name, kind: 'text' },
      { key: 'nameEn', label: s.nameEn, kind: 'text' },
    ];
    form.replaceChildren(
      this.#rows(
        'calendar',
        'holidays',
        s.holidays,
        day,
        setup.calendar.holidays.map((d) => ({ ...d })),
        s.addHoliday,
      ),
      this.#rows(
        'calendar',
        'makeupWorkdays',
        s.makeup,
        [...day, { key: 'worksAs', label: s.worksAs, kind: 'worksAs' }],
        setup.calendar.makeupWorkdays.map((d) => ({ ...d })),
        s.addMakeup,
      ),
      el('div', { class: 'fq-staff-error', 'data-form-errors': '', hidden: '' }),
      el('div', { class: 'fq-admin-warnings', 'data-form-warnings': '', hidden: '' }),
      el('div', {}, el('button', { type: 'submit', class: 'fq-staff-button' }, s.saveCalendar)),
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      if (!this.#checkRequired(form)) return;
      const body = {
        holidays: this.#readRows(form, 'holidays') as unknown as CalendarDay[],
        makeupWorkdays: this.#readRows(form, 'makeupWorkdays') as unknown as CalendarDay[],
      };
      void this.#save(form, '/api/admin/setup/calendar', body, () => {
        setup.calendar = body;
      });
    };
  }

  // -------------------------------------------------------------------------------------------
  // Statistics: filters in the URL, the figures with what they mean, charts with tables beside.

  #percent(rate: number | null | undefined): string {
    return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
  }

  #rateText(r: Rate, top: string, bottom: string): string {
    return `${this.#percent(r.rate)}（${r[top] ?? 0}/${r[bottom] ?? 0}）`;
  }

  #figureCells(f: Figures): string[] {
    return [
      String(f.accepted),
      String(f.concluded),
      this.#rateText(f.closureRate, 'closed', 'accepted'),
      this.#rateText(f.successRate, 'succeeded', 'began'),
      this.#rateText(f.escalationRate, 'escalated', 'accepted'),
      f.averageDaysToConclude === null ? '—' : f.averageDaysToConclude.toFixed(1),
      f.satisfaction.mean === null ? '—' : f.satisfaction.mean.toFixed(2),
    ];
  }

  #figureHeaders(): string[] {
    const l = this.#t.stats.labels;
    return [
      l.accepted!,
      l.concluded!,
      l.closureRate!,
      l.successRate!,
      l.escalationRate!,
      l.averageDaysToConclude!,
      l.satisfaction!,
    ];
  }

  #statsQuery(form: HTMLFormElement): URLSearchParams {
    const query = new URLSearchParams();
    for (const name of ['from', 'to', 'regionId', 'level', 'category']) {
      const value = (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim();
      if (value) query.set(name, value);
    }
    return query;
  }

  async #statsView(): Promise<boolean> {
    const t = this.#t;
    const form = this.#q<HTMLFormElement>('[data-form="stats"]');
    if (!form) return false;
    this.#options(this.#q('[name="regionId"]'), [
      { value: '', label: t.any },
      ...this.#flatRegions().map((r) => ({
        value: r.id,
        label: `${'　'.repeat(r.depth)}${this.#name(r)}`,
      })),
    ]);
    this.#options(this.#q('[name="category"]'), [
      { value: '', label: t.any },
      ...this.#categories.map((c) => ({ value: c.id, label: this.#name(c) })),
    ]);
    const defaults: Record<string, string> = { from: businessMonth(-11), to: businessMonth(0) };
    for (const name of ['from', 'to', 'regionId', 'level', 'category']) {
      const field = form.elements.namedItem(name) as HTMLInputElement | null;
      if (field) field.value = this.#params.get(name) ?? defaults[name] ?? '';
    }
    const csv = this.#q<HTMLAnchorElement>('[data-csv]');
    csv?.addEventListener('click', (event) => {
      event.preventDefault();
      void this.#downloadCsv(csv);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const query = this.#statsQuery(form);
      history.replaceState(null, '', `${location.pathname}?${query}`);
      void this.#loadStats(form, true);
    });
    return this.#loadStats(form, false);
  }

  async #downloadCsv(link: HTMLAnchorElement): Promise<void> {
    const token = currentToken();
    if (!token) return this.#signIn();
    try {
      const response = await fetch(link.href, {
        headers: {
          Authorization: `Bearer ${token}`,
          'Accept-Language': this.dataset.locale ?? 'zh-CN',
        },
      });
      if (!response.ok) {
        this.#status(this.#t.staff.failed, true);
        return;
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const save = el('a', {
        href: url,
        download: link.getAttribute('download') ?? 'stats.csv',
        hidden: '',
      });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.#status(this.#t.stats.csvReady);
    } catch {
      this.#status(this.#t.staff.problem.offline!, true);
    }
  }

  async #loadStats(form: HTMLFormElement, announce: boolean): Promise<boolean> {
    const t = this.#t;
    const st = t.stats;
    const query = this.#statsQuery(form);
    const csv = this.#q<HTMLAnchorElement>('[data-csv]');
    if (csv) {
      csv.href = `/api/admin/stats.csv?${query}`;
      csv.setAttribute('download', `stats-${query.get('from') ?? ''}-${query.get('to') ?? ''}.csv`);
    }
    if (announce) this.#status(t.staff.loading);
    const answer = await this.#api<Stats>('GET', `/api/admin/stats?${query}`);
    if (answer.status === 400) {
      this.#showErrors(
        form,
        answer.body.error?.details as Record<string, Json>,
        answer.body.error?.message,
      );
      return true;
    }
    if (answer.status !== 200) return false;
    this.#clearErrors(form);
    const stats = answer.body;
    const f = stats.figures;
    const period = this.#q('[data-period]');
    if (period)
      period.textContent = fill(st.period, {
        from: stats.from,
        to: stats.to,
        date: stats.reportDate,
      });
    const card = (key: string, value: string, sub?: string) =>
      el(
        'div',
        { class: 'fq-admin-figure', 'data-figure': key },
        el('dt', {}, st.labels[key] ?? key),
        el(
          'dd',
          {},
          el('span', { class: 'fq-admin-figure__value' }, value),
          sub ? el('span', { class: 'fq-staff-hint' }, sub) : null,
          el('span', { class: 'fq-admin-figure__define' }, st.define[key] ?? ''),
        ),
      );
    this.#q('[data-figures]')?.replaceChildren(
      card('accepted', String(f.accepted)),
      card('concluded', String(f.concluded)),
      card(
        'closureRate',
        this.#percent(f.closureRate.rate),
        `${f.closureRate.closed ?? 0}/${f.closureRate.accepted ?? 0}`,
      ),
      card(
        'successRate',
        this.#percent(f.successRate.rate),
        `${f.successRate.succeeded ?? 0}/${f.successRate.began ?? 0}`,
      ),
      card('confirmations', `${f.confirmations.granted} / ${f.confirmations.rejected}`),
      card(
        'escalationRate',
        this.#percent(f.escalationRate.rate),
        `${f.escalationRate.escalated ?? 0}/${f.escalationRate.accepted ?? 0}`,
      ),
      card(
        'averageDaysToConclude',
        f.averageDaysToConclude === null
          ? '—'
          : fill(st.daysUnit, { n: f.averageDaysToConclude.toFixed(1) }),
      ),
      card(
        'satisfaction',
        f.satisfaction.mean === null ? '—' : f.satisfaction.mean.toFixed(2),
        `${fill(st.ratings, { n: f.satisfaction.ratings })} · ${fill(st.share, { p: this.#percent(f.satisfaction.share4to5) })}`,
      ),
    );
    const series = (rows: { figures: Figures }[]) => [
      { name: st.labels.accepted!, values: rows.map((r) => r.figures.accepted) },
      { name: st.labels.concluded!, values: rows.map((r) => r.figures.concluded) },
    ];
    this.#q('[data-chart="month"]')?.replaceChildren(
      columnChart(
        st.chartMonth,
        stats.byMonth.map((m) => `${Number(m.month.slice(5))}${this.#en ? '' : '月'}`),
        series(stats.byMonth),
      ),
    );
    this.#q('[data-table="month"]')?.replaceChildren(
      table(
        st.byMonth,
        [st.month, ...this.#figureHeaders()],
        stats.byMonth.map((m) => [m.month, ...this.#figureCells(m.figures)]),
      ),
    );
    const regionSection = this.#q<HTMLElement>('[data-section="region"]');
    if (regionSection) regionSection.hidden = stats.byRegion.length === 0;
    this.#q('[data-chart="region"]')?.replaceChildren(
      stats.byRegion.length
        ? rowChart(
            st.chartRegion,
            stats.byRegion.map((r) => this.#name(r)),
            series(stats.byRegion),
          )
        : '',
    );
    this.#q('[data-table="region"]')?.replaceChildren(
      table(
        st.byRegion,
        [st.region, ...this.#figureHeaders()],
        stats.byRegion.map((r) => [this.#name(r), ...this.#figureCells(r.figures)]),
      ),
    );
    this.#q('[data-table="category"]')?.replaceChildren(
      table(
        st.byCategory,
        [st.category, ...this.#figureHeaders()],
        stats.byCategory.map((c) => [this.#name(c), ...this.#figureCells(c.figures)]),
      ),
    );
    if (announce) this.#status(period?.textContent ?? '');
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Supervision: overdue cases, longest first; remind the responsible, or escalate with a reason.

  async #supervisionView(): Promise<boolean> {
    const form = this.#q<HTMLFormElement>('[data-form="supervision"]');
    const level = form?.elements.namedItem('level') as HTMLSelectElement | null;
    if (level) level.value = this.#params.get('level') ?? '';
    form?.addEventListener('submit', (event) => {
      event.preventDefault();
      const url = new URL(location.href);
      if (level?.value) url.searchParams.set('level', level.value);
      else url.searchParams.delete('level');
      history.replaceState(null, '', url);
      void this.#loadSupervision(true);
    });
    return this.#loadSupervision(false);
  }

  async #loadSupervision(announce: boolean, focusCase?: string): Promise<boolean> {
    const t = this.#t;
    const sv = t.supervision;
    const level = this.#q<HTMLSelectElement>('[data-form="supervision"] [name="level"]')?.value;
    const answer = await this.#api<{ asOf: string; cases: Overdue[] }>(
      'GET',
      `/api/admin/supervision${level ? `?level=${encodeURIComponent(level)}` : ''}`,
    );
    if (answer.status !== 200) return false;
    const { cases, asOf } = answer.body;
    const count = this.#q('[data-count]');
    if (count) count.textContent = fill(sv.asOf, { time: businessTime(asOf), n: cases.length });
    const category = (id: string) => {
      const c = this.#categories.find((x) => x.id === id);
      return c ? this.#name(c) : id;
    };
    const list = this.#q('[data-list="overdue"]');
    list?.replaceChildren(
      cases.length
        ? table(
            sv.title,
            [
              sv.case,
              sv.category,
              sv.where,
              sv.stage,
              sv.due,
              sv.overdue,
              sv.responsible,
              sv.reminders,
              sv.actions,
            ],
            cases.map((c) => {
              const remind = el(
                'button',
                {
                  type: 'button',
                  class: 'fq-staff-button fq-staff-button--secondary',
                  'data-remind': c.caseNumber,
                },
                sv.remind,
                el('span', { class: 'fq-visually-hidden' }, ` ${c.caseNumber}`),
              );
              remind.addEventListener('click', () => void this.#remind(c.caseNumber, remind));
              const escalate = el(
                'button',
                {
                  type: 'button',
                  class: 'fq-staff-button fq-staff-button--secondary',
                  'data-escalate': c.caseNumber,
                },
                sv.escalate,
                el('span', { class: 'fq-visually-hidden' }, ` ${c.caseNumber}`),
              );
              escalate.addEventListener('click', () => this.#openEscalation(c, escalate));
              return [
                el(
                  'a',
                  { href: `${t.links.case}?case=${encodeURIComponent(c.caseNumber)}` },
                  c.caseNumber,
                ),
                category(c.category),
                `${t.levels[c.level] ?? c.level} · ${c.regionName ?? this.#regionName(c.regionId)}`,
                t.staff.stages[c.stage] ?? c.stage,
                el('time', { datetime: c.dueAt }, businessTime(c.dueAt)),
                el(
                  'span',
                  { class: 'fq-staff-badge fq-staff-badge--danger' },
                  fill(sv.overdueDays, { n: c.overdueDays }),
                ),
                c.responsible?.name ?? sv.unassigned,
                el(
                  'span',
                  {},
                  fill(sv.remindedTimes, { n: c.reminders }),
                  c.lastRemindedAt ? el('br') : null,
                  c.lastRemindedAt ? fill(sv.last, { time: businessTime(c.lastRemindedAt) }) : null,
                ),
                el('div', { class: 'fq-staff-actions' }, remind, escalate),
              ];
            }),
          )
        : el('p', {}, sv.none),
    );
    if (focusCase)
      list?.querySelector<HTMLElement>(`[data-remind="${CSS.escape(focusCase)}"]`)?.focus();
    if (announce) this.#status(count?.textContent ?? '');
    return true;
  }

  async #remind(caseNumber: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const answer = await this.#api<{ sentTo: number }>(
      'POST',
      `/api/admin/supervision/${encodeURIComponent(caseNumber)}/reminder`,
      {},
      { 'Idempotency-Key': newKey() },
    );
    button.disabled = false;
    if (answer.status !== 200) {
      if (answer.status === 400)
        this.#status(answer.body.error?.message ?? this.#t.staff.failed, true);
      return;
    }
    await this.#loadSupervision(false, caseNumber);
    this.#status(fill(this.#t.supervision.reminded, { case: caseNumber, n: answer.body.sentTo }));
  }

  #openEscalation(item: Overdue, opener: HTMLButtonElement): void {
    const sv = this.#t.supervision;
    const form = this.#q<HTMLFormElement>('[data-form="escalate"]');
    if (!form) return;
    const heading = form.querySelector('[data-escalate-case]');
    if (heading) heading.textContent = `${sv.escalate} ${item.caseNumber}`;
    const reason = form.querySelector<HTMLTextAreaElement>('[name="reason"]')!;
    reason.value = '';
    this.#clearErrors(form);
    form.hidden = false;
    reason.focus();
    const close = () => {
      form.hidden = true;
      opener.focus();
    };
    form.querySelector<HTMLButtonElement>('[data-cancel]')!.onclick = close;
    let key = newKey();
    form.onsubmit = async (event) => {
      event.preventDefault();
      if (!reason.value.trim()) {
        this.#showErrors(form, { reason: this.#t.required });
        return;
      }
      const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      submit.disabled = true;
      const answer = await this.#api<{ level: string; regionId: string }>(
        'POST',
        `/api/admin/supervision/${encodeURIComponent(item.caseNumber)}/escalate`,
        { reason: reason.value.trim() },
        { 'Idempotency-Key': key },
      );
      submit.disabled = false;
      if (answer.status === 400) {
        this.#showErrors(
          form,
          answer.body.error?.details as Record<string, Json>,
          answer.body.error?.message,
        );
        return;
      }
      if (answer.status !== 200) return;
      key = newKey();
      form.hidden = true;
      await this.#loadSupervision(false);
      this.#status(
        fill(sv.escalated, {
          case: item.caseNumber,
          level: this.#t.levels[answer.body.level] ?? answer.body.level,
          region: this.#regionName(answer.body.regionId),
        }),
      );
      this.#q<HTMLElement>('[data-count]')?.focus();
    };
  }

  // -------------------------------------------------------------------------------------------
  // People: staff accounts and the roster, in their own module (admin-people.ts), loaded on that
  // page only; it works through the same API, status lines, field errors and row editors.

  async #peopleView(): Promise<boolean> {
    const { peopleView } = await import('./admin-people.ts');
    const kit: AdminKit = {
      t: this.#t,
      en: this.#en,
      root: this,
      regionId: this.#regionId,
      api: (method, path, body, headers) => this.#api(method, path, body, headers),
      status: (text, error) => this.#status(text, error),
      alert: (text) => this.#alert(text),
      name: (item) => this.#name(item),
      regions: () => this.#flatRegions(),
      regionName: (id) => this.#regionName(id),
      clearErrors: (form) => this.#clearErrors(form),
      showErrors: (form, details, message) => this.#showErrors(form, details, message),
      checkRequired: (form) => this.#checkRequired(form),
      control: (id, name, label, input, hint) => this.#control(id, name, label, input, hint),
      input: (field, value) => this.#input(field, value),
      rows: (...args) => this.#rows(...args),
      readRows: (form, prefix) => this.#readRows(form, prefix),
    };
    return peopleView(kit);
  }
}

customElements.define('fq-admin', FqAdmin);
