// <fq-staff>: the staff portal's one script. Signs in with the issuer GET /api/sign-in names
// (OIDC code + PKCE, staff-auth.ts), then fills the page's view from the staff API: my work, my
// calendar, case search, the case file, panel scheduling, the session room, the judges' queue and
// the printable agreement. Copy comes from the page (data-strings); text goes in with
// textContent only, never as HTML.
import type { StaffDictionary } from '../i18n/staff.ts';
import {
  completeSignIn,
  currentToken,
  forgetToken,
  freshTokenRefused,
  type IssuerConfig,
  signedOut,
  signIn,
  signOut,
  tokenWorked,
} from './staff-auth.ts';
import {
  type Answer,
  type ApiError,
  businessDate,
  businessTime,
  type Child,
  el,
  fill,
  HOUR,
  type JsonObject,
  type JsonValue,
  type Me,
  type StaffKit,
  table,
  time,
} from './staff-kit.ts';

type LinkName = 'work' | 'case' | 'schedule' | 'session' | 'agreement' | 'callback' | 'audit';
type Strings = StaffDictionary & { links: Record<LinkName, string> };

interface Named {
  id: string;
  name: string;
  nameEn: string;
}
interface RegionNode extends Named {
  level: string;
  children: RegionNode[];
}
interface City extends Named {
  regions: RegionNode[];
  categories: Named[];
}
interface CaseItem {
  caseNumber: string;
  category: string;
  categoryName?: string;
  categoryNameEn?: string;
  stage: string;
  status: string;
  handlingRegionId?: string;
  filedAt?: string;
  dueAt?: string | null;
  overdue?: boolean;
  openStep?: { state: string; dueAt: string; answered: boolean } | null;
  assignee?: { name: string; rosterMemberId?: string | null } | null;
}
interface Participant {
  id: string;
  name?: string;
  kind?: string;
  checkedInAt?: string | null;
}
interface Session {
  sessionId: string;
  startsAt: string;
  endsAt: string;
  mode: string;
  place?: string;
  roomId?: string;
  memberIds: string[];
  participants?: Participant[];
  status: string;
  outcome?: string;
  minutes?: string;
  minutesVersion?: number;
  videoUrl?: string | null;
  agenda?: string[];
}
interface Party {
  partyId: string;
  role: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
  signedAt: string | null;
  appliedAt: string | null;
}
interface Agreement {
  terms: string[];
  recordedAt: string;
  signedInPerson?: boolean;
  effectiveAt?: string;
}
interface StaffCase extends CaseItem {
  version: number;
  description: string;
  mode: string;
  level: string;
  handlingRegionId: string;
  filedRegionId: string;
  parties: Party[];
  sessions: Session[];
  agreement: Agreement | null;
  confirmation: { appliedAt?: string; decision?: string; decidedAt?: string } | null;
  followUp: { result: string; at: string } | null;
  attachments: { uploadId: string; fileName: string; contentType: string; size: number }[];
  closureType: string | null;
  /** The panel's seats chosen at diagnosis, when the file carries them. */
  panelKinds?: string[];
  filedAt: string;
  updatedAt: string;
}
interface Proposal {
  start: string;
  end: string;
  members: { id: string; name: string; kind: string }[];
  room: { id: string; name: string; servicePointId: string } | null;
}
interface CalendarItem {
  kind: 'session' | 'booking';
  start: string;
  end: string;
  mode?: string;
  caseNumber?: string;
  sessionId?: string;
  reference?: string;
  place?: string;
  servicePointName?: string;
  status?: string;
}
interface QueueItem {
  caseNumber: string;
  category: string;
  categoryName?: string;
  appliedAt?: string;
  dueAt?: string;
  overdue?: boolean;
  agreement?: Agreement;
  parties?: { role: string; name: string }[];
}

const caseUrl = (caseNumber: string, rest = '') =>
  `/api/staff/cases/${encodeURIComponent(caseNumber)}${rest}`;

class FqStaff extends HTMLElement {
  #t = {} as Strings;
  #config: IssuerConfig | undefined;
  #me: Me | undefined;
  #city: City | undefined;
  #params = new URLSearchParams(location.search);

  connectedCallback(): void {
    this.#t = JSON.parse(this.dataset.strings ?? '{}') as Strings;
    this.#q('[data-sign-out]')?.addEventListener('click', () => void this.#signOut());
    this.#q('[data-sign-in]')?.addEventListener('click', () => void this.#signIn());
    void this.#start().catch((error: unknown) => {
      console.error(error);
      this.#status(navigator.onLine ? this.#t.failed : this.#t.problem.offline, true);
    });
  }

  get #view(): string {
    return this.dataset.view ?? 'work';
  }

  get #en(): boolean {
    return this.dataset.locale === 'en';
  }

  #q<T extends Element = HTMLElement>(selector: string): T | null {
    return this.querySelector<T>(selector);
  }

  /** The page's one live region (role=status); errors are marked as such in words, not colour only. */
  #status(text: string, error = false): void {
    const status = this.#q('[data-status]');
    if (!status) return;
    status.classList.toggle('fq-staff-status--error', error);
    status.textContent = error && text ? `${this.#t.errorPrefix}${text}` : text;
  }

  #list(name: string, ...content: Child[]): void {
    const list = this.#q(`[data-list="${name}"]`);
    if (!list) return;
    const nodes = content.filter(Boolean) as (Node | string)[];
    list.replaceChildren(...(nodes.length ? nodes : [el('p', {}, this.#t.none)]));
  }

  #link(name: LinkName, params: Record<string, string> = {}): string {
    const base = this.#t.links?.[name] ?? '/staff/';
    const query = new URLSearchParams(params).toString();
    return query ? `${base}?${query}` : base;
  }

  async #issuer(): Promise<IssuerConfig> {
    if (this.#config) return this.#config;
    const response = await fetch('/api/sign-in', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET /api/sign-in answered ${response.status}`);
    const { issuer, clientId } = (await response.json()) as { issuer: string; clientId: string };
    this.#config = {
      issuer,
      clientId,
      locale: this.dataset.locale ?? 'zh-CN',
      // The one callback the issuer knows; it sends the user back to where they were.
      callback: new URL('/staff/callback/', location.origin).toString(),
    };
    return this.#config;
  }

  async #start(): Promise<void> {
    if (this.#view === 'callback') {
      this.#status(this.#t.signingIn);
      try {
        location.replace(await completeSignIn(await this.#issuer()));
      } catch (error) {
        console.error(error);
        this.#status(this.#t.signInFailed, true);
        this.#showSignIn();
      }
      return;
    }
    if (!currentToken()) {
      if (signedOut()) {
        this.#status(this.#t.signedOut);
        this.#showSignIn();
      } else await this.#signIn();
      return;
    }
    this.#status(this.#t.loading);
    this.setAttribute('aria-busy', 'true');
    const [me, city] = await Promise.all([
      this.#api<Me>('GET', '/api/staff/me'),
      fetch('/api/city', { headers: { Accept: 'application/json' } })
        .then((r) => (r.ok ? (r.json() as Promise<City>) : undefined))
        .catch(() => undefined),
    ]);
    if (me.status !== 200) return;
    this.#me = me.body;
    this.#city = city;
    const who = this.#q('[data-me]');
    if (who)
      who.textContent = `${me.body.name} · ${this.#en ? me.body.region.nameEn : me.body.region.name}`;
    if (me.body.roles.includes('judge')) {
      const judge = this.#q<HTMLElement>('[data-judge-only]');
      if (judge) judge.hidden = false;
    }
    // The agency's links (its console, the audit log): shown to agency admins only.
    for (const admin of this.querySelectorAll<HTMLElement>('[data-admin-only]'))
      admin.hidden = !me.body.roles.includes('agency_admin');
    const ok = await this.#render();
    this.removeAttribute('aria-busy');
    if (ok === false) return;
    const ready = this.#q<HTMLElement>('[data-ready]');
    if (ready) ready.hidden = false;
    if (this.#q('[data-status]')?.textContent === this.#t.loading) this.#status('');
  }

  #showSignIn(): void {
    const note = this.#q<HTMLElement>('[data-signed-out]');
    if (note) note.hidden = false;
    this.#q<HTMLButtonElement>('[data-sign-in]')?.focus();
  }

  async #signIn(): Promise<void> {
    this.#status(this.#t.signingIn);
    await signIn(await this.#issuer(), `${location.pathname}${location.search}`);
  }

  async #signOut(): Promise<void> {
    // A registered logout URL: the portal's home in this language, without a query.
    const back = new URL(this.#link('work'), location.origin).toString();
    await signOut(await this.#issuer(), back);
  }

  /**
   * A staff API call with the ID token. A refused token (401) goes through sign-in and back to
   * this page (drafts are already in localStorage); a 401 for a token the API never accepted is
   * reported instead, so a server that refuses the account cannot send the user round in a loop.
   */
  async #api<T = JsonObject>(
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
      this.#status(this.#t.problem.offline, true);
      return { status: 0, body: {} as T & ApiError };
    }
    if (response.status === 401) {
      forgetToken();
      if (freshTokenRefused()) {
        this.#status(this.#t.problem.loop, true);
        this.#showSignIn();
        return { status: 401, body: {} as T & ApiError };
      }
      await this.#signIn();
      return new Promise(() => {});
    }
    tokenWorked();
    const text = await response.text();
    let parsed = {} as T & ApiError;
    try {
      parsed = (text ? JSON.parse(text) : {}) as T & ApiError;
    } catch {
      // Not JSON (a gateway's own page): reported below by status.
    }
    if (response.status >= 400) {
      const p = this.#t.problem;
      const message =
        response.status === 403
          ? p.forbidden
          : (parsed.error?.message ?? (response.status === 404 ? p.notFound : this.#t.failed));
      this.#status(message, true);
    }
    return { status: response.status, body: parsed };
  }

  /** A case action with If-Match at the case's version as it is now. */
  async #act<T = StaffCase>(caseNumber: string, action: string, body: unknown): Promise<Answer<T>> {
    const current = await this.#api<StaffCase>('GET', caseUrl(caseNumber));
    if (current.status !== 200) return current as unknown as Answer<T>;
    return this.#api<T>('POST', caseUrl(caseNumber, `/${action}`), body, {
      'If-Match': `"${current.body.version}"`,
    });
  }

  async #render(): Promise<boolean | undefined> {
    switch (this.#view) {
      case 'work':
        return this.#work();
      case 'calendar':
        return this.#calendar();
      case 'cases':
        return this.#cases();
      case 'case':
        return this.#caseFile();
      case 'schedule':
        return this.#schedule();
      case 'session':
        return this.#session();
      case 'judge':
        return this.#judge();
      case 'agreement':
        return this.#agreement();
      case 'audit':
        return this.#auditView();
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Names

  #stage = (stage: string) => this.#t.stages[stage] ?? stage;
  #caseStatus = (status: string) => this.#t.caseStatus[status] ?? status;
  #category(item: { category: string; categoryName?: string; categoryNameEn?: string }): string {
    const known = this.#city?.categories.find((c) => c.id === item.category);
    return this.#en
      ? (item.categoryNameEn ?? known?.nameEn ?? item.category)
      : (item.categoryName ?? known?.name ?? item.category);
  }
  #region(id: string, en = this.#en): string {
    const find = (nodes: RegionNode[]): RegionNode | undefined => {
      for (const n of nodes) {
        if (n.id === id) return n;
        const below = find(n.children ?? []);
        if (below) return below;
      }
      return undefined;
    };
    const found = find(this.#city?.regions ?? []);
    return found ? (en ? found.nameEn : found.name) : id;
  }

  #count(n: number): string {
    return n === 1 ? this.#t.cases.countOne : fill(this.#t.cases.count, { n });
  }

  #caseLink(caseNumber: string): HTMLAnchorElement {
    return el('a', { href: this.#link('case', { case: caseNumber }) }, caseNumber);
  }

  /** A deadline, with the word 已逾期 when passed (never colour alone). */
  #due(due: string | null | undefined, overdue?: boolean): Child {
    if (!due) return '';
    const late = overdue ?? new Date(due) < new Date();
    return el(
      'span',
      { class: late ? 'fq-staff-badge fq-staff-badge--danger' : 'fq-staff-badge' },
      late ? `${this.#t.work.overdue} · ` : '',
      time(due),
    );
  }

  #caseRows(caption: string, cases: CaseItem[]): HTMLElement {
    const t = this.#t;
    return table(
      caption,
      [t.cases.number, t.cases.category, t.cases.stage, t.file.status, t.work.due, t.file.assignee],
      cases.map((c) => [
        this.#caseLink(c.caseNumber),
        this.#category(c),
        this.#stage(c.stage),
        this.#caseStatus(c.status),
        this.#due(c.dueAt ?? c.openStep?.dueAt, c.overdue),
        c.assignee?.name ?? t.file.unassigned,
      ]),
    );
  }

  // -------------------------------------------------------------------------------------------
  // My work: cases assigned to me, overdue first, then the nearest deadline; open cases of my
  // region nobody has taken.

  async #work(): Promise<boolean> {
    const t = this.#t;
    const answer = await this.#api<{ cases: CaseItem[]; unassigned?: CaseItem[] }>(
      'GET',
      '/api/staff/me/cases',
    );
    if (answer.status !== 200) return false;
    const mine = answer.body.cases ?? [];
    this.#list('mine', mine.length ? this.#caseRows(t.work.mine, mine) : null);
    const region = answer.body.unassigned;
    const section = this.#q('[data-list="region"]')?.closest('section');
    if (region) this.#list('region', region.length ? this.#caseRows(t.work.region, region) : null);
    else if (section) section.hidden = true;
    // Invitations to sessions, their changes, cancellations and reminders (the members' inbox).
    const inbox = await this.#api<{
      notices?: { at: string; caseNumber: string; text: string }[];
    }>('GET', '/api/staff/me/notices');
    const notices = (inbox.status === 200 && inbox.body.notices) || [];
    this.#list(
      'notices',
      notices.length
        ? el(
            'ul',
            { class: 'fq-staff-notices' },
            ...notices.map((n) =>
              el('li', {}, time(n.at), ' ', this.#caseLink(n.caseNumber), ' ', n.text),
            ),
          )
        : null,
    );
    const count = this.#q('[data-work-count]');
    const late = mine.filter((c) => c.overdue).length;
    if (count) count.textContent = fill(t.work.count, { n: mine.length, late });
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // My calendar: a day or a week of sessions and bookings; bookings are marked attended or not.

  async #calendar(): Promise<boolean> {
    const t = this.#t;
    const day = this.#params.get('span') === 'day';
    const span = day ? 1 : 7;
    const asked = this.#params.get('from') ?? '';
    const from = /^\d{4}-\d\d-\d\d$/.test(asked) ? asked : businessDate();
    const start = new Date(`${from}T00:00:00Z`);
    const to = businessDate(span - 1, new Date(start.getTime() - 8 * HOUR));
    for (const a of this.querySelectorAll<HTMLAnchorElement>('[data-span]')) {
      a.href = `?span=${a.dataset.span}&from=${from}`;
      if ((a.dataset.span === 'day') === day) a.setAttribute('aria-current', 'page');
    }
    for (const a of this.querySelectorAll<HTMLAnchorElement>('[data-move]')) {
      const next = businessDate(
        Number(a.dataset.move) * span,
        new Date(start.getTime() - 8 * HOUR),
      );
      a.href = `?span=${day ? 'day' : 'week'}&from=${next}`;
    }
    const range = this.#q('[data-range]');
    if (range) range.textContent = day ? from : `${from} – ${to}`;
    const answer = await this.#api<{ items?: CalendarItem[] }>(
      'GET',
      `/api/staff/me/calendar?from=${from}&to=${to}`,
    );
    if (answer.status !== 200) return false;
    const items = answer.body.items ?? [];
    this.#list(
      'calendar',
      items.length
        ? table(
            t.calendar.title,
            [t.calendar.when, t.calendar.what, t.cases.number, t.schedule.place, t.calendar.action],
            items.map((item) => [
              el('span', {}, time(item.start), ' – ', businessTime(item.end).slice(11)),
              `${item.kind === 'booking' ? t.calendar.booking : t.calendar.session}${item.mode ? ` · ${t.modes[item.mode] ?? item.mode}` : ''}`,
              item.caseNumber ? this.#caseLink(item.caseNumber) : (item.reference ?? ''),
              item.place ?? item.servicePointName ?? '',
              item.kind === 'booking' ? this.#attendance(item) : this.#roomLink(item),
            ]),
          )
        : null,
    );
    return true;
  }

  #roomLink(item: CalendarItem): Child {
    if (!item.caseNumber || !item.sessionId) return '';
    return el(
      'a',
      { href: this.#link('session', { case: item.caseNumber, session: item.sessionId }) },
      this.#t.file.room,
    );
  }

  /** A booking's attendance: its mark (in words) and buttons to mark it, or to correct a mistake. */
  #attendance(item: CalendarItem): Child {
    const t = this.#t;
    const reference = item.reference ?? '';
    const box = el('span', { class: 'fq-staff-actions' });
    const show = (current: string) => {
      if (current === 'cancelled') {
        box.replaceChildren(
          el('span', { class: 'fq-staff-badge' }, t.calendar.statuses.cancelled ?? current),
        );
        return;
      }
      const marks = (
        [
          ['completed', t.calendar.attended],
          ['no_show', t.calendar.noShow],
        ] as const
      ).filter(([status]) => status !== current);
      box.replaceChildren(
        current !== 'confirmed'
          ? el(
              'span',
              { class: 'fq-staff-badge', 'data-attendance': current },
              t.calendar.statuses[current] ?? current,
            )
          : '',
        ...marks.map(([status, label]) => {
          const button = el(
            'button',
            {
              type: 'button',
              class: 'fq-staff-button fq-staff-button--secondary',
              'aria-label': `${label} ${reference}`,
            },
            label,
          );
          button.addEventListener('click', async () => {
            const answer = await this.#api(
              'POST',
              `/api/staff/bookings/${encodeURIComponent(reference)}/attendance`,
              { status },
            );
            if (answer.status !== 200) return;
            show(status);
            this.#status(`${reference} · ${t.calendar.statuses[status] ?? status}`);
            box.querySelector('button')?.focus();
          });
          return button;
        }),
      );
    };
    show(item.status ?? 'confirmed');
    return box;
  }

  // -------------------------------------------------------------------------------------------
  // Case search within my scope.

  async #cases(): Promise<boolean> {
    const t = this.#t;
    const form = this.#q<HTMLFormElement>('[data-search]');
    if (!form) return false;
    const categories = this.#q<HTMLSelectElement>('[data-categories]');
    for (const c of this.#city?.categories ?? [])
      categories?.append(el('option', { value: c.id }, this.#en ? c.nameEn : c.name));
    // My region and the regions below it that handle cases (grids are handled by their village).
    const regions = this.#q<HTMLSelectElement>('[data-regions]');
    const mine = await this.#api<RegionNode>(
      'GET',
      `/api/staff/regions/${encodeURIComponent(this.#me?.region.id ?? '')}`,
    );
    const add = (node: RegionNode, depth: number) => {
      if (node.level === 'grid') return;
      regions?.append(
        el(
          'option',
          { value: node.id },
          `${'　'.repeat(depth)}${this.#en ? node.nameEn : node.name}`,
        ),
      );
      for (const child of node.children ?? []) add(child, depth + 1);
    };
    if (mine.status === 200) add(mine.body, 0);
    for (const [name, value] of this.#params) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement)
        field.value = value;
    }
    const run = async (push: boolean) => {
      const query = new URLSearchParams();
      for (const [name, value] of new FormData(form))
        if (String(value).trim()) query.set(name, String(value).trim());
      if (push) history.replaceState(null, '', `?${query}`);
      const results = this.#q('[data-list="results"]');
      results?.setAttribute('aria-busy', 'true');
      const answer = await this.#api<{ cases: CaseItem[] }>('GET', `/api/staff/cases?${query}`);
      results?.removeAttribute('aria-busy');
      if (answer.status !== 200) return;
      const cases = answer.body.cases ?? [];
      const count = this.#count(cases.length);
      const counter = this.#q('[data-count]');
      if (counter) counter.textContent = count;
      this.#list('results', cases.length ? this.#caseRows(t.cases.results, cases) : null);
      if (push) this.#status(count);
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void run(true);
    });
    await run(false);
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // The case file

  async #case(): Promise<StaffCase | undefined> {
    const caseNumber = (this.#params.get('case') ?? '').trim();
    if (!caseNumber) {
      this.#status(this.#t.problem.noCase, true);
      return undefined;
    }
    const answer = await this.#api<StaffCase>('GET', caseUrl(caseNumber));
    if (answer.status !== 200) return undefined;
    for (const node of this.querySelectorAll('[data-case-number]'))
      node.textContent = answer.body.caseNumber;
    for (const a of this.querySelectorAll<HTMLAnchorElement>('[data-case-link]'))
      a.href = this.#link('case', { case: answer.body.caseNumber });
    return answer.body;
  }

  /** What happened to the case, in order, from the file's own dates (no personal data). */
  #timeline(record: StaffCase): [string, string][] {
    const e = this.#t.events;
    const items: [string, string][] = [[record.filedAt, e.filed]];
    for (const s of record.sessions) {
      items.push([
        s.startsAt,
        `${e.session} · ${this.#t.modes[s.mode] ?? s.mode}${s.place ? ` · ${s.place}` : ''} · ${
          s.outcome
            ? (this.#t.outcomes[s.outcome] ?? s.outcome)
            : (this.#t.sessionStatus[s.status] ?? s.status)
        }`,
      ]);
    }
    const a = record.agreement;
    if (a) items.push([a.recordedAt, fill(e.agreement, { n: a.terms.length })]);
    if (a?.effectiveAt) items.push([a.effectiveAt, e.effective]);
    const c = record.confirmation;
    if (c?.appliedAt) items.push([c.appliedAt, e.applied]);
    if (c?.decidedAt)
      items.push([
        c.decidedAt,
        `${e.decided} · ${this.#t.decisions[c.decision ?? ''] ?? c.decision ?? ''}`,
      ]);
    if (record.followUp) items.push([record.followUp.at, e.followUp]);
    if (record.status === 'closed')
      items.push([
        record.updatedAt,
        `${e.closed}${record.closureType ? ` · ${this.#t.closure[record.closureType] ?? record.closureType}` : ''}`,
      ]);
    return items.sort((x, y) => x[0].localeCompare(y[0]));
  }

  #facts(record: StaffCase): void {
    const t = this.#t;
    const facts = this.#q('[data-facts]');
    const pairs: [string, Child][] = [
      [t.cases.category, this.#category(record)],
      [t.cases.stage, this.#stage(record.stage)],
      [t.file.status, this.#caseStatus(record.status)],
      [t.file.handledAt, this.#region(record.handlingRegionId)],
      [t.file.assignee, record.assignee?.name ?? t.file.unassigned],
      [t.file.filedAt, time(record.filedAt)],
    ];
    facts?.replaceChildren(...pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    // The stages as a list, the current one marked in words and by aria-current.
    const stages = this.#q('[data-stages]');
    const order = Object.keys(t.stages);
    const at = order.indexOf(record.stage);
    stages?.replaceChildren(
      ...order.map((stage, i) =>
        el(
          'li',
          {
            class: i === at ? 'fq-staff-stage fq-staff-stage--current' : 'fq-staff-stage',
            'aria-current': i === at ? 'step' : undefined,
          },
          i < at ? `✓ ${this.#stage(stage)}` : this.#stage(stage),
          i === at ? el('span', { class: 'fq-visually-hidden' }, ` (${t.file.current})`) : null,
        ),
      ),
    );
  }

  async #caseFile(): Promise<boolean> {
    const record = await this.#case();
    if (!record) return false;
    // Full numbers shown live in the page only: gone when it is left (and not kept by the
    // back-forward cache), never stored.
    addEventListener('pagehide', () => this.#hideAll());
    this.#recusalForm(record.caseNumber);
    this.#showCase(record);
    return true;
  }

  /** Fills the case file from `record` (again after a recusal: its members and timeline). */
  #showCase(record: StaffCase): void {
    const t = this.#t;
    this.#record = record;
    this.#facts(record);
    const actions = this.#q('[data-case-actions]');
    actions?.replaceChildren();
    const mine =
      record.assignee?.rosterMemberId &&
      record.assignee.rosterMemberId === this.#me?.rosterMemberId;
    if (actions && record.status !== 'closed') {
      if (!mine && this.#me?.roles.includes('mediator')) {
        const take = el(
          'button',
          { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
          t.work.take,
        );
        take.addEventListener('click', async () => {
          const answer = await this.#act(record.caseNumber, 'take', {});
          if (answer.status === 200) {
            this.#status(t.file.taken);
            take.remove();
            this.#facts(answer.body);
          }
        });
        actions.append(take);
      }
      const step = record.openStep && !record.openStep.answered ? record.openStep.state : '';
      const scheduled = record.sessions.find((s) => s.status === 'scheduled');
      if (scheduled)
        actions.append(
          el(
            'a',
            {
              class: 'fq-staff-button',
              href: this.#link('session', {
                case: record.caseNumber,
                session: scheduled.sessionId,
              }),
            },
            t.file.room,
          ),
        );
      else if (step === 'Session' || step === 'SessionLate')
        actions.append(
          el(
            'a',
            { class: 'fq-staff-button', href: this.#link('schedule', { case: record.caseNumber }) },
            t.file.schedule,
          ),
        );
    }
    if (actions && this.#me?.roles.includes('agency_admin'))
      actions.append(
        el(
          'a',
          {
            class: 'fq-staff-button fq-staff-button--secondary',
            href: this.#link('audit', { target: record.caseNumber }),
          },
          t.nav.audit,
        ),
      );
    const deadlines: [string, Child][] = [];
    if (record.openStep)
      deadlines.push([
        `${t.file.openStep}: ${t.steps[record.openStep.state] ?? record.openStep.state}`,
        this.#due(record.openStep.dueAt, record.status === 'overdue'),
      ]);
    for (const s of record.sessions.filter((x) => x.status === 'scheduled'))
      deadlines.push([t.events.session, time(s.startsAt)]);
    this.#q('[data-deadlines]')?.replaceChildren(
      ...(deadlines.length
        ? deadlines.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])
        : [el('dd', {}, t.none)]),
    );
    const description = this.#q('[data-description]');
    if (description) description.textContent = record.description;
    this.#parties(record);
    const memberNames = (s: Session) =>
      (s.participants ?? s.memberIds.map((id) => ({ id, name: id, kind: undefined })))
        .map((p) => `${p.name ?? p.id}${p.kind ? `（${t.kinds[p.kind] ?? p.kind}）` : ''}`)
        .join('、');
    this.#list(
      'sessions',
      record.sessions.length
        ? table(
            t.file.sessions,
            [
              t.schedule.startsAt,
              t.schedule.mode,
              t.schedule.place,
              t.session.participants,
              t.session.outcome,
              t.calendar.action,
            ],
            record.sessions.map((s) => [
              time(s.startsAt),
              t.modes[s.mode] ?? s.mode,
              s.place ?? '',
              memberNames(s),
              s.outcome
                ? (t.outcomes[s.outcome] ?? s.outcome)
                : (t.sessionStatus[s.status] ?? s.status),
              el(
                'a',
                { href: this.#link('session', { case: record.caseNumber, session: s.sessionId }) },
                t.file.room,
              ),
            ]),
          )
        : null,
    );
    this.#recusalChoices(record);
    const agreement = record.agreement;
    this.#list(
      'agreement',
      agreement && el('ol', {}, ...agreement.terms.map((term) => el('li', {}, term))),
      agreement &&
        el(
          'p',
          {},
          agreement.effectiveAt
            ? `${t.events.effective} · ${businessTime(agreement.effectiveAt)}`
            : t.file.awaitingSignatures,
        ),
      agreement &&
        el(
          'a',
          {
            class: 'fq-staff-button fq-staff-button--secondary',
            href: this.#link('agreement', { case: record.caseNumber }),
          },
          t.session.agreementDoc,
        ),
    );
    this.#list(
      'timeline',
      el(
        'ol',
        { class: 'fq-staff-timeline' },
        ...this.#timeline(record).map(([at, text]) => el('li', {}, time(at), ' ', text)),
      ),
    );
    this.#list(
      'documents',
      record.attachments.length
        ? el(
            'ul',
            {},
            ...record.attachments.map((f) =>
              el(
                'li',
                {},
                `${f.fileName} (${f.contentType === 'application/pdf' ? 'PDF' : t.file.image}, ${Math.max(1, Math.round(f.size / 1024))} KB)`,
              ),
            ),
          )
        : null,
    );
  }

  // -------------------------------------------------------------------------------------------
  // A party's full number, opened for a stated reason (the API audits each look), shown in place
  // with a note and a way to hide it again; never stored.

  /** The cells showing a full number now, with what they showed before. */
  #unmasked = new Map<HTMLElement, string>();

  #hideAll(): void {
    for (const [cell, masked] of this.#unmasked) cell.replaceChildren(masked);
    this.#unmasked.clear();
  }

  #parties(record: StaffCase): void {
    const f = this.#t.file;
    this.#hideAll();
    const box = el('div', { 'data-unmask': '' });
    const rows = record.parties.map((p) => {
      const who = `${this.#t.roles[p.role] ?? p.role} ${p.name}`;
      const cells = {
        phone: el('span', {}, p.phone ?? '—'),
        idNumber: el('span', {}, p.idNumber ?? '—'),
      };
      let open: Child = '—';
      if (p.phone || p.idNumber) {
        const button = el(
          'button',
          {
            type: 'button',
            class: 'fq-staff-button fq-staff-button--secondary',
            'aria-label': fill(f.unmaskLabel, { party: who }),
            'aria-expanded': 'false',
            'data-unmask-party': p.partyId,
          },
          f.unmask,
        );
        button.addEventListener('click', () =>
          this.#unmaskForm(box, record.caseNumber, p, who, cells, button),
        );
        open = button;
      }
      return [
        this.#t.roles[p.role] ?? p.role,
        p.name,
        cells.phone,
        cells.idNumber,
        p.address ?? '—',
        p.signedAt ? time(p.signedAt) : '—',
        open,
      ];
    });
    this.#list(
      'parties',
      table(f.parties, [f.role, f.name, f.phone, f.idNumber, f.address, f.signed, f.action], rows),
      box,
    );
  }

  /** The small form under the parties: which number, and why; the number then shows in its cell. */
  #unmaskForm(
    box: HTMLElement,
    caseNumber: string,
    party: Party,
    who: string,
    cells: Record<'phone' | 'idNumber', HTMLElement>,
    opener: HTMLButtonElement,
  ): void {
    const t = this.#t;
    const f = t.file;
    for (const b of this.querySelectorAll('[data-unmask-party]'))
      b.setAttribute('aria-expanded', String(b === opener));
    const fields = (['phone', 'idNumber'] as const).filter((k) => party[k]);
    const radios = fields.map((k, i) =>
      el(
        'label',
        { class: 'fq-staff-check' },
        el('input', {
          type: 'radio',
          name: 'field',
          value: k,
          ...(i === 0 ? { checked: '' } : {}),
        }),
        f[k],
      ),
    );
    const problem = el('p', { class: 'fq-staff-error', role: 'alert', hidden: '' });
    const cancel = el(
      'button',
      { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
      f.cancel,
    );
    const form = el(
      'form',
      {
        class: 'fq-staff-form fq-staff-card',
        id: 'fq-unmask',
        novalidate: '',
        'aria-labelledby': 'fq-unmask-title',
      },
      el('h3', { id: 'fq-unmask-title' }, fill(f.unmaskTitle, { party: who })),
      el('fieldset', {}, el('legend', {}, f.unmaskField), ...radios),
      el(
        'div',
        { class: 'fq-staff-field' },
        el('label', { for: 'fq-unmask-reason' }, f.unmaskReason),
        el('textarea', {
          id: 'fq-unmask-reason',
          name: 'reason',
          rows: '2',
          maxlength: '200',
          required: '',
        }),
        el('p', { class: 'fq-staff-hint' }, f.unmaskHint),
        el('p', {
          class: 'fq-staff-error',
          id: 'fq-unmask-reason-error',
          'data-error-for': 'reason',
          hidden: '',
        }),
      ),
      problem,
      el(
        'div',
        { class: 'fq-staff-actions' },
        el('button', { type: 'submit', class: 'fq-staff-button' }, f.unmaskSubmit),
        cancel,
      ),
    );
    opener.setAttribute('aria-controls', 'fq-unmask');
    const close = () => {
      box.replaceChildren();
      opener.setAttribute('aria-expanded', 'false');
    };
    cancel.addEventListener('click', () => {
      close();
      opener.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const field = String(data.get('field') ?? fields[0]) as 'phone' | 'idNumber';
      const reason = String(data.get('reason') ?? '').trim();
      problem.hidden = true;
      if (!this.#fieldError(form, 'reason', reason.length >= 2 ? '' : f.reasonShort)) {
        this.#focusInvalid(form);
        return;
      }
      const answer = await this.#api<{ field: string; value: string | null }>(
        'POST',
        caseUrl(caseNumber, `/parties/${encodeURIComponent(party.partyId)}/unmask`),
        { field, reason },
      );
      if (answer.status !== 200) {
        if (answer.status === 400) this.#fieldErrors(form, answer.body.error?.details);
        problem.textContent =
          answer.status === 403
            ? f.unmaskForbidden
            : (answer.body.error?.message ?? this.#t.failed);
        problem.hidden = false;
        if (answer.status === 403) this.#status(f.unmaskForbidden, true);
        return;
      }
      close();
      const cell = cells[field];
      const masked = party[field] ?? '—';
      const hide = el(
        'button',
        {
          type: 'button',
          class: 'fq-staff-button fq-staff-button--secondary',
          'aria-label': fill(f.hideLabel, { party: who, field: f[field] }),
        },
        f.hide,
      );
      hide.addEventListener('click', () => {
        cell.replaceChildren(masked);
        this.#unmasked.delete(cell);
        this.#status(f.hidden);
        opener.focus();
      });
      if (!this.#unmasked.has(cell)) this.#unmasked.set(cell, masked);
      cell.replaceChildren(
        el('strong', { 'data-unmasked': field }, answer.body.value ?? f.notOnFile),
        el('br'),
        el('span', { class: 'fq-staff-badge' }, `✓ ${f.unmaskAudited}`),
        el('br'),
        hide,
      );
      this.#status(fill(f.unmaskShown, { party: who, field: f[field] }));
      hide.focus();
    });
    box.replaceChildren(form);
    form
      .querySelector<HTMLElement>(fields.length > 1 ? 'input[name="field"]' : 'textarea')
      ?.focus();
  }

  // -------------------------------------------------------------------------------------------
  // Recusal (回避): a member of the panel, or the assigned mediator, steps aside for a reason; the
  // API seats a free member of the same kind (or leaves the seat pending) and tells every party.

  /** Who on the case can be recused by me: everyone for a mediator or the agency, else only myself. */
  #recusalChoices(record: StaffCase): void {
    const t = this.#t;
    const r = t.recusal;
    const section = this.#q<HTMLElement>('[data-recusal-section]');
    const select = this.#q<HTMLSelectElement>('[data-recusal-members]');
    if (!section || !select) return;
    const roles = this.#me?.roles ?? [];
    const lead = roles.includes('mediator') || roles.includes('agency_admin');
    // Grid workers do not handle a case's people (the API refuses them too).
    const handler = roles.some((role) => role !== 'grid_worker');
    const members = new Map<string, string[]>();
    const add = (id: string | null | undefined, label: string) => {
      if (!id || (!lead && id !== this.#me?.rosterMemberId)) return;
      members.set(id, [...(members.get(id) ?? []), label]);
    };
    if (record.assignee?.rosterMemberId)
      add(record.assignee.rosterMemberId, `${record.assignee.name}（${r.assignee}）`);
    for (const s of record.sessions.filter((x) => x.status === 'scheduled'))
      for (const p of s.participants ?? s.memberIds.map((id) => ({ id, name: id, kind: null }))) {
        const kind = p.kind ? `（${t.kinds[p.kind] ?? p.kind}）` : '';
        add(
          p.id,
          `${p.name ?? p.id}${kind} · ${fill(r.session, { when: businessTime(s.startsAt) })}`,
        );
      }
    section.hidden = record.status === 'closed' || !handler;
    const intro = this.#q('[data-recusal-lead]');
    if (intro) intro.textContent = lead ? r.lead : r.leadSelf;
    const form = this.#q<HTMLFormElement>('[data-recusal]');
    const empty = this.#q<HTMLElement>('[data-recusal-empty]');
    if (form) form.hidden = members.size === 0;
    if (empty) empty.hidden = members.size > 0;
    const first = new Map<string, string>();
    select.replaceChildren(
      el('option', { value: '' }, r.choose),
      ...[...members].map(([id, labels]) => {
        first.set(id, labels[0]?.replace(/（.*$/, '') ?? id);
        return el('option', { value: id }, labels.join('；'));
      }),
    );
    this.#memberNames = first;
  }

  /** Recusable members' names by roster id, for the result's sentences. */
  #memberNames = new Map<string, string>();
  /** The case file as last shown. */
  #record: StaffCase | undefined;

  #recusalForm(caseNumber: string): void {
    const t = this.#t;
    const r = t.recusal;
    const form = this.#q<HTMLFormElement>('[data-recusal]');
    const result = this.#q<HTMLElement>('[data-recusal-result]');
    if (!form || !result) return;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const memberId = String(data.get('memberId') ?? '');
      const reason = String(data.get('reason') ?? '').trim();
      const okMember = this.#fieldError(form, 'memberId', memberId ? '' : r.chooseMember);
      const okReason = this.#fieldError(form, 'reason', reason ? '' : t.problem.required);
      if (!okMember || !okReason) {
        this.#focusInvalid(form);
        return;
      }
      const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (submit) submit.disabled = true;
      const done = await this.#act<{
        memberId: string;
        replacements: { sessionId: string; memberId: string | null }[];
        assignee: { rosterMemberId: string | null; name: string } | null;
      }>(caseNumber, 'recusals', { memberId, reason });
      if (submit) submit.disabled = false;
      if (done.status !== 200) {
        if (done.status === 400) this.#fieldErrors(form, done.body.error?.details);
        return;
      }
      const name = this.#memberNames.get(memberId) ?? memberId;
      const wasAssignee = this.#record?.assignee?.rosterMemberId === memberId;
      const fresh = await this.#api<StaffCase>('GET', caseUrl(caseNumber));
      const lines = [fill(r.done, { name })];
      for (const seat of done.body.replacements ?? []) {
        const session = fresh.body.sessions?.find((s) => s.sessionId === seat.sessionId);
        const when = businessTime(session?.startsAt);
        const by = session?.participants?.find((p) => p.id === seat.memberId)?.name;
        lines.push(
          seat.memberId
            ? fill(r.replaced, { when, name: by ?? seat.memberId })
            : fill(r.pending, { when }),
        );
      }
      // The answer names the case's assignee as it is now: news only when it was the one recused.
      const next = done.body.assignee;
      if (wasAssignee)
        lines.push(
          next && next.rosterMemberId !== memberId
            ? fill(r.assigneeNow, { name: next.name })
            : r.assigneePending,
        );
      if (fresh.status === 200) this.#showCase(fresh.body);
      form.reset();
      result.replaceChildren(
        el('h3', { id: 'fq-recusal-result' }, r.result),
        el('ul', {}, ...lines.map((line) => el('li', {}, line))),
      );
      result.hidden = false;
      this.#status(lines.join(' '));
      result.focus();
    });
  }

  // -------------------------------------------------------------------------------------------
  // The audit log (agency admins), in its own module (staff-audit.ts), loaded on that page only.

  async #auditView(): Promise<boolean> {
    const { auditView } = await import('./staff-audit.ts');
    const kit: StaffKit = {
      t: this.#t,
      en: this.#en,
      root: this,
      me: this.#me,
      params: this.#params,
      api: (method, path, body, headers) => this.#api(method, path, body, headers),
      status: (text, error) => this.#status(text, error),
      fieldError: (form, name, message) => this.#fieldError(form, name, message),
      caseLink: (caseNumber) => this.#caseLink(caseNumber),
    };
    return auditView(kit);
  }

  // -------------------------------------------------------------------------------------------
  // Panel scheduling: the earliest times every member is free, one chosen, the session booked.

  async #schedule(): Promise<boolean> {
    const t = this.#t;
    const record = await this.#case();
    const form = this.#q<HTMLFormElement>('[data-schedule]');
    if (!record || !form) return false;
    const starts = form.elements.namedItem('startsAt') as HTMLInputElement;
    const place = form.elements.namedItem('place') as HTMLInputElement;
    const propose = this.#q<HTMLButtonElement>('[data-propose]');
    // The earliest start the server takes is an hour ahead of its clock; the field offers that.
    starts.min = businessTime(new Date(Date.now() + HOUR).toISOString()).replace(' ', 'T');
    let proposals: Proposal[] = [];
    const chosen = () => {
      const picked = form.querySelector<HTMLInputElement>('input[name="proposal"]:checked');
      return picked && picked.value !== 'manual' ? proposals[Number(picked.value)] : undefined;
    };
    // Proposed at once with the defaults; again after the duration, mode or members change.
    const find = async (focus: boolean) => {
      const data = new FormData(form);
      const query = new URLSearchParams({
        durationMinutes: String(data.get('duration') || '60'),
        mode: String(data.get('mode') || 'in_person'),
      });
      const extra = String(data.get('members') ?? '')
        .split(/[,，、\s]+/)
        .filter(Boolean);
      if (extra.length) query.set('extra', extra.join(','));
      // The seats the diagnosis chose, when the file names them (else the server's 三官一顾问).
      if (record.panelKinds) query.set('kinds', record.panelKinds.join(','));
      this.#fieldError(form, 'members', '');
      const list = this.#q('[data-list="proposals"]');
      list?.setAttribute('aria-busy', 'true');
      this.#status(t.loading);
      const answer = await this.#api<{ proposals: Proposal[] }>(
        'GET',
        caseUrl(record.caseNumber, `/panel-proposals?${query}`),
      );
      list?.removeAttribute('aria-busy');
      if (answer.status !== 200) {
        this.#fieldErrors(form, answer.body.error?.details);
        if (focus) this.#focusInvalid(form);
        return;
      }
      proposals = answer.body.proposals ?? [];
      const options = proposals.map((p, i) => {
        const input = el('input', { type: 'radio', name: 'proposal', value: String(i) });
        input.addEventListener('change', () => {
          starts.value = businessTime(p.start).replace(' ', 'T');
          if (p.room) place.value = p.room.name;
        });
        return el(
          'label',
          { class: 'fq-staff-check fq-staff-proposal' },
          input,
          el(
            'span',
            {},
            el('strong', {}, `${businessTime(p.start)} – ${businessTime(p.end).slice(11)}`),
            el('br'),
            p.members.map((m) => `${m.name}（${t.kinds[m.kind] ?? m.kind}）`).join('、'),
            p.room ? el('span', {}, el('br'), `${t.schedule.room}: ${p.room.name}`) : null,
          ),
        );
      });
      const manual = el('input', { type: 'radio', name: 'proposal', value: 'manual' });
      this.#list(
        'proposals',
        options.length
          ? el(
              'fieldset',
              {},
              el('legend', {}, t.schedule.proposals),
              ...options,
              el('label', { class: 'fq-staff-check' }, manual, t.schedule.manual),
            )
          : el('p', {}, t.schedule.noProposals),
      );
      this.#status(fill(t.schedule.found, { n: proposals.length }));
      if (focus) options[0]?.querySelector('input')?.focus();
    };
    // A time typed by hand is no longer the proposal's: its members and room may not be free then.
    starts.addEventListener('input', () => {
      const pick = chosen();
      if (pick && starts.value !== businessTime(pick.start).replace(' ', 'T')) {
        const manual = form.querySelector<HTMLInputElement>(
          'input[name="proposal"][value="manual"]',
        );
        if (manual) manual.checked = true;
      }
    });
    propose?.addEventListener('click', () => void find(true));
    void find(false);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const local = String(data.get('startsAt') ?? '');
      if (!this.#fieldError(form, 'startsAt', local ? '' : t.problem.required)) {
        this.#focusInvalid(form);
        return;
      }
      const pick = chosen();
      const where = String(data.get('place') ?? '').trim();
      const extra = String(data.get('members') ?? '')
        .split(/[,，、\s]+/)
        .filter(Boolean);
      const memberIds = pick ? pick.members.map((m) => m.id) : extra;
      const body: JsonObject = {
        // The field is business time (Asia/Shanghai).
        startsAt: `${local.length === 16 ? `${local}:00` : local}+08:00`,
        durationMinutes: Number(data.get('duration') || 60),
        mode: String(data.get('mode') || 'in_person'),
        ...(where ? { place: where } : {}),
        ...(memberIds.length ? { memberIds } : {}),
        ...(pick?.room ? { roomId: pick.room.id } : {}),
      };
      const answer = await this.#act(record.caseNumber, 'sessions', body);
      if (answer.status !== 200) {
        this.#fieldErrors(form, answer.body.error?.details);
        this.#focusInvalid(form);
        return;
      }
      const session =
        answer.body.sessions.find((s) => s.status === 'scheduled') ?? answer.body.sessions.at(-1);
      this.#status(t.schedule.booked);
      if (session)
        location.assign(
          this.#link('session', { case: record.caseNumber, session: session.sessionId }),
        );
    });
    return true;
  }

  /** Shows (or clears) a field's error beside it, tied by aria-describedby. */
  #fieldError(form: HTMLFormElement, name: string, message: string): boolean {
    const field = form.elements.namedItem(name);
    const error = form.querySelector<HTMLElement>(`[data-error-for="${name}"]`);
    if (!(field instanceof HTMLElement) || !error) return !message;
    error.textContent = message;
    error.hidden = !message;
    if (message) {
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', error.id);
    } else {
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-describedby');
    }
    return !message;
  }

  #focusInvalid(form: HTMLFormElement): void {
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** The server's `details` shown at the fields they name (when a field of that name exists). */
  #fieldErrors(form: HTMLFormElement, details: Record<string, JsonValue> | undefined): void {
    const names: Record<string, string> = {
      durationMinutes: 'duration',
      memberIds: 'members',
      extra: 'members',
    };
    for (const [key, value] of Object.entries(details ?? {}))
      this.#fieldError(
        form,
        names[key] ?? key,
        typeof value === 'string' ? value : JSON.stringify(value),
      );
  }

  // -------------------------------------------------------------------------------------------
  // The session room: participants and check-in, the video link, the agenda, minutes saved as
  // they are typed, and the outcome.

  async #session(): Promise<boolean> {
    const t = this.#t;
    const record = await this.#case();
    if (!record) return false;
    const sessionId = this.#params.get('session') ?? '';
    const session = record.sessions.find((s) => s.sessionId === sessionId);
    if (!session) {
      this.#status(t.problem.noSession, true);
      return false;
    }
    const base = caseUrl(record.caseNumber, `/sessions/${encodeURIComponent(sessionId)}`);
    const when = this.#q('[data-when]');
    if (when)
      when.replaceChildren(
        time(session.startsAt),
        ` – ${businessTime(session.endsAt).slice(11)} · ${t.modes[session.mode] ?? session.mode}${session.place ? ` · ${session.place}` : ''}`,
      );
    const showParticipants = (list: Participant[]) =>
      this.#list(
        'participants',
        el(
          'ul',
          { class: 'fq-staff-people' },
          ...list.map((p) =>
            el(
              'li',
              {},
              `${p.name ?? p.id}${p.kind ? `（${t.kinds[p.kind] ?? p.kind}）` : ''} `,
              el(
                'span',
                {
                  class: p.checkedInAt
                    ? 'fq-staff-badge fq-staff-badge--success'
                    : 'fq-staff-badge',
                },
                p.checkedInAt ? `✓ ${t.session.checkedIn}` : t.session.notCheckedIn,
              ),
            ),
          ),
        ),
      );
    showParticipants(session.participants ?? session.memberIds.map((id) => ({ id })));
    const showVideo = (url: string | null | undefined) => {
      const video = this.#q<HTMLElement>('[data-video]');
      const link = this.#q<HTMLAnchorElement>('[data-video-link]');
      if (!url || !video || !link) return;
      link.href = url;
      link.textContent = t.session.openVideo;
      video.hidden = false;
    };
    showVideo(session.videoUrl);
    this.#list(
      'agenda',
      ...(session.agenda?.length ? session.agenda : t.session.agendaItems).map((item) =>
        el('li', {}, item),
      ),
    );
    const join = this.#q<HTMLButtonElement>('[data-join]');
    const member = Boolean(
      this.#me?.rosterMemberId && session.memberIds.includes(this.#me.rosterMemberId),
    );
    const me = session.participants?.find((p) => p.id === this.#me?.rosterMemberId);
    if (join) {
      join.hidden = !member || session.status !== 'scheduled' || Boolean(me?.checkedInAt);
      join.addEventListener('click', async () => {
        const answer = await this.#api<{ participants?: Participant[]; videoUrl?: string | null }>(
          'POST',
          `${base}/check-in`,
          {},
        );
        if (answer.status !== 200 && answer.status !== 201) return;
        this.#status(t.session.joined);
        if (answer.body.participants) showParticipants(answer.body.participants);
        showVideo(answer.body.videoUrl);
        join.hidden = true;
        (
          this.#q<HTMLElement>('[data-video-link]:not([hidden])') ?? this.#q('[data-minutes]')
        )?.focus();
      });
    }

    const form = this.#q<HTMLFormElement>('[data-outcome]');
    const minutes = this.#q<HTMLTextAreaElement>('[data-minutes]');
    const saved = this.#q('[data-saved]');
    if (!form || !minutes || !saved) return false;
    if (session.status !== 'scheduled') {
      // Held: the record, read-only.
      minutes.value = session.minutes ?? '';
      minutes.readOnly = true;
      for (const field of form.querySelectorAll<HTMLElement>(
        'fieldset, [data-terms-field], [data-submit]',
      ))
        field.hidden = true;
      saved.textContent = `${t.session.outcome}: ${t.outcomes[session.outcome ?? ''] ?? session.outcome ?? ''}`;
      if (record.agreement) this.#showAgreementLink(record.caseNumber, false);
      return true;
    }
    // Minutes: saved a moment after typing stops, against the version last saved; a draft stays
    // on this device until the server has it (a lost connection or a sign-in loses nothing).
    const draftKey = `fq.minutes.${record.caseNumber}.${sessionId}`;
    const termsKey = `fq.terms.${record.caseNumber}.${sessionId}`;
    const terms = form.elements.namedItem('terms') as HTMLTextAreaElement;
    let version = Number(session.minutesVersion ?? 0);
    minutes.value = localStorage.getItem(draftKey) ?? session.minutes ?? '';
    terms.value = localStorage.getItem(termsKey) ?? '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    let saving: Promise<void> = Promise.resolve();
    const save = async () => {
      saved.textContent = t.session.saving;
      const answer = await this.#api<{ version?: number }>('PUT', `${base}/minutes`, {
        text: minutes.value,
        version,
      });
      if (answer.status === 200) {
        version = Number(answer.body.version ?? version + 1);
        if (localStorage.getItem(draftKey) === minutes.value) localStorage.removeItem(draftKey);
        saved.textContent = `${t.session.saved} ${businessTime(new Date().toISOString()).slice(11)}`;
      } else if (answer.status === 412) {
        saved.textContent = t.session.stale;
      } else saved.textContent = t.session.savedLocal;
    };
    minutes.addEventListener('input', () => {
      localStorage.setItem(draftKey, minutes.value);
      clearTimeout(timer);
      timer = setTimeout(() => {
        saving = saving.then(save);
      }, 1500);
    });
    terms.addEventListener('input', () => localStorage.setItem(termsKey, terms.value));
    const sync = () => {
      const outcome = String(new FormData(form).get('outcome'));
      for (const field of form.querySelectorAll<HTMLElement>('[data-terms-field]'))
        field.hidden = outcome !== 'agreement';
      const hint = this.#q('[data-outcome-hint]');
      if (hint) hint.textContent = t.outcomeHints[outcome] ?? '';
    };
    form.addEventListener('change', sync);
    sync();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearTimeout(timer);
      const data = new FormData(form);
      const outcome = String(data.get('outcome'));
      const lines = String(data.get('terms') ?? '')
        .split('\n')
        .map((line) => line.replace(/^\s*(\d+[.、．)]|[-•·])\s*/, '').trim())
        .filter(Boolean);
      const text = minutes.value.trim();
      // Escalating or referring ends this level's work: the minutes say why.
      const needsReason = outcome === 'escalate' || outcome === 'refer';
      const okMinutes = this.#fieldError(
        form,
        'minutes',
        needsReason && !text ? t.problem.reason : '',
      );
      const okTerms = this.#fieldError(
        form,
        'terms',
        outcome === 'agreement' && !lines.length ? t.problem.terms : '',
      );
      if (!okMinutes || !okTerms) {
        this.#status(fill(t.problem.fix, { n: Number(!okMinutes) + Number(!okTerms) }), true);
        this.#focusInvalid(form);
        return;
      }
      await saving;
      const body: JsonObject = {
        sessionId,
        outcome,
        ...(text ? { minutes: text } : {}),
        ...(outcome === 'agreement'
          ? { terms: lines, signedInPerson: data.get('signedInPerson') === 'on' }
          : {}),
      };
      const answer = await this.#act(record.caseNumber, 'outcome', body);
      if (answer.status !== 200) return;
      localStorage.removeItem(draftKey);
      localStorage.removeItem(termsKey);
      this.#status(`${t.session.recorded} ${t.outcomes[outcome] ?? outcome}`);
      for (const field of form.querySelectorAll<HTMLElement>(
        'fieldset, [data-terms-field], [data-submit]',
      ))
        field.hidden = true;
      minutes.readOnly = true;
      if (join) join.hidden = true;
      if (outcome === 'agreement') this.#showAgreementLink(record.caseNumber, true);
    });
    return true;
  }

  #showAgreementLink(caseNumber: string, focus: boolean): void {
    const box = this.#q<HTMLElement>('[data-agreement-link]');
    const link = this.#q<HTMLAnchorElement>('[data-agreement-href]');
    if (!box || !link) return;
    link.href = this.#link('agreement', { case: caseNumber });
    box.hidden = false;
    if (focus) link.focus();
  }

  // -------------------------------------------------------------------------------------------
  // The judges' queue: agreements whose parties applied for judicial confirmation.

  async #judge(): Promise<boolean> {
    const t = this.#t;
    const answer = await this.#api<{ cases: QueueItem[] }>('GET', '/api/staff/judicial-queue');
    if (answer.status !== 200) return false;
    const cases = answer.body.cases ?? [];
    const count = this.#q('[data-count]');
    if (count) count.textContent = this.#count(cases.length);
    this.#list(
      'queue',
      ...cases.map((c, i) => {
        const id = `fq-queue-${i}`;
        const form = el(
          'form',
          { class: 'fq-staff-form fq-staff-card', 'aria-labelledby': `${id}-title` },
          el('h2', { id: `${id}-title` }, this.#caseLink(c.caseNumber), ` · ${this.#category(c)}`),
          el(
            'p',
            {},
            `${t.events.applied}: `,
            time(c.appliedAt),
            ' · ',
            `${t.work.due}: `,
            this.#due(c.dueAt, c.overdue),
          ),
          c.parties?.length
            ? el(
                'p',
                {},
                c.parties.map((p) => `${t.roles[p.role] ?? p.role}：${p.name}`).join('；'),
              )
            : null,
          el('h3', {}, t.agreement.terms),
          el('ol', {}, ...(c.agreement?.terms ?? []).map((x) => el('li', {}, x))),
          el('label', { for: `${id}-reasons` }, t.judge.reasons),
          el('textarea', { id: `${id}-reasons`, name: 'reasons', maxlength: '1000', rows: '3' }),
          el('p', {
            class: 'fq-staff-error',
            id: `${id}-error`,
            'data-error-for': 'reasons',
            hidden: '',
          }),
        );
        const buttons = el('div', { class: 'fq-staff-actions' });
        for (const [decision, label] of [
          ['confirmed', t.judge.confirm],
          ['rejected', t.judge.reject],
        ] as const)
          buttons.append(
            el(
              'button',
              {
                type: 'submit',
                value: decision,
                class:
                  decision === 'confirmed'
                    ? 'fq-staff-button'
                    : 'fq-staff-button fq-staff-button--secondary',
              },
              label,
            ),
          );
        form.append(buttons);
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          const decision = (event.submitter as HTMLButtonElement | null)?.value ?? 'confirmed';
          const reasons = String(new FormData(form).get('reasons') ?? '').trim();
          if (!this.#fieldError(form, 'reasons', reasons ? '' : t.problem.required)) {
            this.#focusInvalid(form);
            return;
          }
          const done = await this.#act(c.caseNumber, 'judicial-decision', { decision, reasons });
          if (done.status === 200) {
            const result = `${c.caseNumber} · ${t.decisions[decision] ?? decision}`;
            form.replaceChildren(el('p', {}, result));
            this.#status(result);
          }
        });
        return form;
      }),
    );
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // The printable mediation agreement (人民调解协议书), in Chinese whatever the portal's language:
  // the parties, the dispute, the terms, and lines for the signatures and the committee's seal.

  async #agreement(): Promise<boolean> {
    const d = this.#t.doc;
    const record = await this.#case();
    if (!record) return false;
    if (!record.agreement) {
      this.#status(this.#t.problem.noAgreement, true);
      return false;
    }
    const roles = this.#t.rolesZh;
    const committee = this.#q('[data-committee]');
    const committeeName = `${this.#region(record.handlingRegionId, false)}${d.committeeSuffix}`;
    if (committee) committee.textContent = committeeName;
    this.#list(
      'parties',
      ...record.parties.map((p) =>
        el(
          'li',
          {},
          `${roles[p.role] ?? p.role}：${p.name}`,
          p.phone ? `　${d.phone}：${p.phone}` : '',
          p.address ? `　${d.address}：${p.address}` : '',
        ),
      ),
    );
    const dispute = this.#q('[data-dispute]');
    if (dispute) dispute.textContent = record.description;
    this.#list('terms', ...record.agreement.terms.map((term) => el('li', {}, term)));
    const mediator = record.assignee?.name ?? '';
    this.#list(
      'signatures',
      ...record.parties
        .filter((p) => p.role !== 'agent')
        .map((p) =>
          el(
            'li',
            { class: 'fq-staff-sign' },
            `${roles[p.role] ?? p.role}（签名）：`,
            el('span', { class: 'fq-staff-line', 'aria-label': p.name }),
            d.date,
          ),
        ),
      el(
        'li',
        { class: 'fq-staff-sign' },
        `${d.signMediator}：${mediator}`,
        el('span', { class: 'fq-staff-line' }),
        d.date,
      ),
      el(
        'li',
        { class: 'fq-staff-sign' },
        `${committeeName}${d.seal}`,
        el('span', { class: 'fq-staff-line' }),
        d.date,
      ),
    );
    const recorded = this.#q('[data-recorded]');
    if (recorded) recorded.textContent = businessTime(record.agreement.recordedAt).slice(0, 10);
    this.#q('[data-print]')?.addEventListener('click', () => window.print());
    return true;
  }
}

customElements.define('fq-staff', FqStaff);
