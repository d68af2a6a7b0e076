// <fq-staff>: the staff portal's one script. Signs in with the issuer GET /api/sign-in names
// (OIDC code + PKCE, staff-auth.ts), then fills the page's view from the staff API: my work, my
// calendar, case search, the case file, panel scheduling, the session room, the judges' queue and
// the printable agreement. Copy comes from the page (data-strings); text goes in with
// textContent only, never as HTML.
import { completeSignIn, currentToken, type IssuerConfig, signIn, signOut } from './staff-auth.ts';

type Strings = Record<string, any>;
type Json = Record<string, any>;

interface Answer {
  status: number;
  body: Json;
  etag: string | null;
}

/** Business time (Asia/Shanghai) of an instant, as "2026-12-07 09:30". */
function businessTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Today's business date, shifted by `days`. */
function businessDate(days = 0, from = new Date()): string {
  return new Date(from.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string | null | undefined | false)[]
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

function table(headers: string[], rows: (Node | string)[][]): HTMLElement {
  return el(
    'div',
    { class: 'fq-staff-scroll' },
    el(
      'table',
      { class: 'fq-staff-table' },
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
    ),
  );
}

class FqStaff extends HTMLElement {
  #t: Strings = {};
  #config: IssuerConfig | undefined;
  #me: Json | undefined;
  #params = new URLSearchParams(location.search);

  connectedCallback(): void {
    this.#t = JSON.parse(this.dataset.strings ?? '{}');
    void this.#start().catch((error: unknown) => {
      console.error(error);
      this.#status(this.#t.failed);
    });
  }

  get #view(): string {
    return this.dataset.view ?? 'work';
  }

  #q<T extends Element = HTMLElement>(selector: string): T | null {
    return this.querySelector<T>(selector);
  }

  #status(text: string, alert = false): void {
    const status = this.#q('[data-status]');
    if (!status) return;
    status.textContent = text ?? '';
    status.setAttribute('role', alert ? 'alert' : 'status');
  }

  #list(name: string, ...content: (Node | string)[]): void {
    const list = this.#q(`[data-list="${name}"]`);
    if (!list) return;
    list.replaceChildren(...(content.length ? content : [el('p', {}, this.#t.none)]));
  }

  #link(name: string, params: Record<string, string> = {}): string {
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
    this.#q('[data-sign-out]')?.addEventListener('click', () => void this.#signOut());
    this.#q('[data-sign-in]')?.addEventListener('click', () => void this.#signIn());
    const config = await this.#issuer();
    if (this.#view === 'callback') {
      try {
        location.replace(await completeSignIn(config));
      } catch (error) {
        console.error(error);
        this.#status(this.#t.signInFailed, true);
        this.#signedOut();
      }
      return;
    }
    if (this.#params.get('signedOut') === '1') {
      this.#signedOut();
      return;
    }
    if (!currentToken()) {
      await this.#signIn();
      return;
    }
    this.#status(this.#t.loading);
    const me = await this.#api('GET', '/api/staff/me');
    if (me.status !== 200) return;
    this.#me = me.body;
    const who = this.#q('[data-me]');
    if (who) who.textContent = `${me.body.name} · ${me.body.region?.name ?? ''}`;
    if ((me.body.roles as string[]).includes('judge')) {
      const judge = this.#q<HTMLElement>('[data-judge-only]');
      if (judge) judge.hidden = false;
    }
    await this.#render();
    const ready = this.#q<HTMLElement>('[data-ready]');
    if (ready) ready.hidden = false;
    if (this.#q('[data-status]')?.textContent === this.#t.loading) this.#status('');
  }

  #signedOut(): void {
    const note = this.#q<HTMLElement>('[data-signed-out]');
    if (note) note.hidden = false;
  }

  async #signIn(): Promise<void> {
    const here = `${location.pathname}${location.search}`.replace(/[?&]signedOut=1/, '');
    await signIn(await this.#issuer(), here);
  }

  async #signOut(): Promise<void> {
    const back = new URL(this.#link('work', { signedOut: '1' }), location.origin).toString();
    await signOut(await this.#issuer(), back);
  }

  /** A staff API call with the ID token; an expired or refused token goes through sign-in and back here. */
  async #api(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const token = currentToken();
    if (!token) {
      await this.#signIn();
      return new Promise(() => {});
    }
    const response = await fetch(path, {
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
    if (response.status === 401) {
      sessionStorage.clear();
      await this.#signIn();
      return new Promise(() => {});
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Json) : {};
    if (response.status >= 400) this.#status(parsed.error?.message ?? this.#t.failed, true);
    return { status: response.status, body: parsed, etag: response.headers.get('ETag') };
  }

  /** A case action with If-Match at the case's version. */
  async #act(caseNumber: string, action: string, body: unknown, version: number): Promise<Answer> {
    return this.#api('POST', `/api/staff/cases/${encodeURIComponent(caseNumber)}/${action}`, body, {
      'If-Match': `"${version}"`,
    });
  }

  async #render(): Promise<void> {
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
    }
  }

  #stage(stage: string): string {
    return this.#t.stages?.[stage] ?? stage;
  }

  #caseLink(caseNumber: string): HTMLAnchorElement {
    return el('a', { href: this.#link('case', { case: caseNumber }) }, caseNumber);
  }

  #due(item: Json): Node {
    const due = item.dueAt ?? item.deadline ?? item.openStep?.dueAt;
    if (!due) return document.createTextNode('');
    const overdue = item.overdue ?? new Date(due) < new Date();
    return el(
      'span',
      { class: overdue ? 'fq-staff-badge fq-staff-badge--danger' : 'fq-staff-badge' },
      `${overdue ? `${this.#t.work.overdue} · ` : ''}${businessTime(due)}`,
    );
  }

  #caseRows(cases: Json[]): HTMLElement {
    const t = this.#t;
    return table(
      [t.cases.number, t.cases.category, t.cases.stage, t.work.due],
      cases.map((c) => [
        this.#caseLink(c.caseNumber),
        c.categoryName ?? c.category ?? '',
        this.#stage(c.stage),
        this.#due(c),
      ]),
    );
  }

  // My work: cases assigned to me, overdue first, then the nearest deadline.
  async #work(): Promise<void> {
    const mine = await this.#api('GET', '/api/staff/me/cases');
    if (mine.status !== 200) return;
    const cases = (mine.body.cases ?? []) as Json[];
    this.#list('mine', ...(cases.length ? [this.#caseRows(cases)] : []));
    const region = mine.body.unassigned as Json[] | undefined;
    const section = this.#q('[data-list="region"]')?.closest('section') as HTMLElement | null;
    if (region && section) this.#list('region', ...(region.length ? [this.#caseRows(region)] : []));
    else if (section) section.hidden = true;
  }

  // My calendar: a day or a week of sessions and bookings; bookings can be marked attended or not.
  async #calendar(): Promise<void> {
    const t = this.#t;
    const span = this.#params.get('span') === 'day' ? 1 : 7;
    const from = this.#params.get('from') ?? businessDate();
    const to = businessDate(span - 1, new Date(`${from}T00:00:00Z`));
    for (const a of this.querySelectorAll<HTMLAnchorElement>('[data-span]')) {
      a.href = `?span=${a.dataset.span}&from=${from}`;
      if ((a.dataset.span === 'day') === (span === 1)) a.setAttribute('aria-current', 'true');
    }
    for (const a of this.querySelectorAll<HTMLAnchorElement>('[data-move]')) {
      const next = businessDate(Number(a.dataset.move) * span, new Date(`${from}T00:00:00Z`));
      a.href = `?span=${span === 1 ? 'day' : 'week'}&from=${next}`;
    }
    const range = this.#q('[data-range]');
    if (range) range.textContent = span === 1 ? from : `${from} – ${to}`;
    const answer = await this.#api('GET', `/api/staff/me/calendar?from=${from}&to=${to}`);
    if (answer.status !== 200) return;
    const items = (answer.body.items ?? answer.body.entries ?? []) as Json[];
    this.#list(
      'calendar',
      ...(items.length
        ? [
            table(
              [t.schedule.startsAt, t.schedule.mode, t.cases.number, t.schedule.place, ''],
              items.map((item) => [
                `${businessTime(item.start ?? item.startsAt)} – ${businessTime(item.end ?? item.endsAt).slice(11)}`,
                `${item.kind === 'booking' ? t.calendar.booking : t.calendar.session} · ${t.modes?.[item.mode] ?? item.mode ?? ''}`,
                item.caseNumber
                  ? this.#caseLink(item.caseNumber)
                  : (item.reference ?? item.bookingReference ?? ''),
                item.place ?? item.servicePointName ?? '',
                item.kind === 'booking' ? this.#attendance(item) : this.#roomLink(item),
              ]),
            ),
          ]
        : []),
    );
  }

  #roomLink(item: Json): Node {
    if (!item.caseNumber || !item.sessionId) return document.createTextNode('');
    return el(
      'a',
      { href: this.#link('session', { case: item.caseNumber, session: item.sessionId }) },
      this.#t.file.room,
    );
  }

  #attendance(item: Json): Node {
    const t = this.#t;
    const reference = item.reference ?? item.bookingReference;
    const done = item.attendance ?? (item.status === 'confirmed' ? null : item.status);
    if (done && done !== 'confirmed')
      return el('span', { class: 'fq-staff-badge' }, t.calendar.marked);
    const box = el('span', { class: 'fq-staff-actions' });
    for (const [status, label] of [
      ['completed', t.calendar.attended],
      ['no_show', t.calendar.noShow],
    ] as const) {
      const button = el(
        'button',
        { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
        label,
      );
      button.addEventListener('click', async () => {
        const answer = await this.#api(
          'POST',
          `/api/staff/bookings/${encodeURIComponent(reference)}/attendance`,
          { status },
        );
        if (answer.status === 200) {
          box.replaceChildren(el('span', { class: 'fq-staff-badge' }, t.calendar.marked));
          this.#status(t.calendar.marked);
        }
      });
      box.append(button);
    }
    return box;
  }

  // Case search within my scope.
  async #cases(): Promise<void> {
    const t = this.#t;
    const form = this.#q<HTMLFormElement>('[data-search]');
    const city = await fetch('/api/city').then((r) => (r.ok ? r.json() : undefined));
    const select = this.#q<HTMLSelectElement>('[data-categories]');
    for (const category of (city?.categories ?? []) as Json[]) {
      select?.append(
        el(
          'option',
          { value: category.id },
          this.dataset.locale === 'en' ? category.nameEn : category.name,
        ),
      );
    }
    const run = async () => {
      const data = new FormData(form!);
      const query = new URLSearchParams();
      for (const [name, value] of data)
        if (String(value).trim()) query.set(name, String(value).trim());
      const answer = await this.#api('GET', `/api/staff/cases?${query}`);
      if (answer.status !== 200) return;
      const cases = (answer.body.cases ?? []) as Json[];
      const count = this.#q('[data-count]');
      if (count) count.textContent = String(t.cases.count).replace('{n}', String(cases.length));
      this.#list('results', ...(cases.length ? [this.#caseRows(cases)] : []));
    };
    form?.addEventListener('submit', (event) => {
      event.preventDefault();
      void run();
    });
    await run();
  }

  async #case(): Promise<Json | undefined> {
    const caseNumber = this.#params.get('case') ?? '';
    if (!caseNumber) {
      this.#status(this.#t.failed, true);
      return undefined;
    }
    const answer = await this.#api('GET', `/api/staff/cases/${encodeURIComponent(caseNumber)}`);
    if (answer.status !== 200) return undefined;
    for (const node of this.querySelectorAll('[data-case-number]')) node.textContent = caseNumber;
    return answer.body;
  }

  // The case file: deadlines, parties (masked), sessions, agreement, timeline, documents.
  async #caseFile(): Promise<void> {
    const t = this.#t;
    const record = await this.#case();
    if (!record) return;
    const actions = this.#q('[data-case-actions]');
    if (actions && record.status !== 'closed') {
      if (!record.assignee) {
        const take = el('button', { type: 'button', class: 'fq-staff-button' }, t.work.take);
        take.addEventListener('click', async () => {
          const answer = await this.#act(record.caseNumber, 'take', {}, record.version);
          if (answer.status === 200) location.reload();
        });
        actions.append(take);
      }
      actions.append(
        el(
          'a',
          { class: 'fq-staff-button', href: this.#link('schedule', { case: record.caseNumber }) },
          t.file.schedule,
        ),
      );
    }
    const deadlines = this.#q('[data-deadlines]');
    deadlines?.replaceChildren(
      el('dt', {}, t.cases.stage),
      el('dd', {}, this.#stage(record.stage)),
      ...(record.openStep
        ? [
            el('dt', {}, t.file.openStep),
            el('dd', {}, `${record.openStep.state} · `, this.#due(record)),
          ]
        : []),
    );
    const description = this.#q('[data-description]');
    if (description) description.textContent = record.description;
    this.#list(
      'parties',
      table(
        [t.file.role, t.file.name, t.file.phone, t.file.idNumber],
        (record.parties as Json[]).map((p) => [
          t.roles?.[p.role] ?? p.role,
          p.name,
          p.phone ?? '',
          p.idNumber ?? '',
        ]),
      ),
    );
    this.#list(
      'sessions',
      ...((record.sessions as Json[]).length
        ? [
            table(
              [t.schedule.startsAt, t.schedule.mode, t.schedule.place, t.session.outcome, ''],
              (record.sessions as Json[]).map((s) => [
                businessTime(s.startsAt),
                t.modes?.[s.mode] ?? s.mode,
                s.place ?? '',
                s.outcome ? (t.outcomes?.[s.outcome] ?? s.outcome) : s.status,
                el(
                  'a',
                  {
                    href: this.#link('session', { case: record.caseNumber, session: s.sessionId }),
                  },
                  t.file.room,
                ),
              ]),
            ),
          ]
        : []),
    );
    this.#list(
      'agreement',
      ...(record.agreement
        ? [
            el('ol', {}, ...(record.agreement.terms as string[]).map((term) => el('li', {}, term))),
            el(
              'a',
              {
                class: 'fq-staff-button fq-staff-button--secondary',
                href: this.#link('agreement', { case: record.caseNumber }),
              },
              t.session.agreementDoc,
            ),
          ]
        : []),
    );
    const timeline = (record.timeline ?? []) as Json[];
    this.#list(
      'timeline',
      ...(timeline.length
        ? [
            el(
              'ol',
              {},
              ...timeline.map((e) =>
                el('li', {}, `${businessTime(e.at)} · ${e.text ?? e.summary ?? e.kind ?? ''}`),
              ),
            ),
          ]
        : []),
    );
    const files = (record.attachments ?? []) as Json[];
    this.#list(
      'documents',
      ...(files.length ? [el('ul', {}, ...files.map((f) => el('li', {}, f.fileName)))] : []),
    );
  }

  // Panel scheduling: the earliest times every member is free, then the session booked.
  async #schedule(): Promise<void> {
    const t = this.#t;
    const record = await this.#case();
    if (!record) return;
    const form = this.#q<HTMLFormElement>('[data-schedule]')!;
    const starts = this.#q<HTMLInputElement>('[data-starts]')!;
    const propose = this.#q<HTMLButtonElement>('[data-propose]')!;
    let chosen: Json | undefined;
    propose.hidden = false;
    propose.addEventListener('click', async () => {
      const data = new FormData(form);
      const query = new URLSearchParams({
        durationMinutes: String(data.get('duration') ?? '60'),
        mode: String(data.get('mode') ?? 'in_person'),
      });
      const extra = String(data.get('members') ?? '').trim();
      if (extra) query.set('extra', extra.replace(/\s+/g, ''));
      const answer = await this.#api(
        'GET',
        `/api/staff/cases/${encodeURIComponent(record.caseNumber)}/panel-proposals?${query}`,
      );
      if (answer.status !== 200) return;
      const proposals = (answer.body.proposals ?? []) as Json[];
      const options = proposals.map((p, i) => {
        const input = el('input', { type: 'radio', name: 'proposal', value: String(i) });
        input.addEventListener('change', () => {
          chosen = p;
          starts.value = businessTime(p.start ?? p.startsAt).replace(' ', 'T');
          const place = form.elements.namedItem('place') as HTMLInputElement | null;
          if (place && p.room) place.value = p.room.name ?? p.room.id ?? '';
        });
        const members = ((p.members ?? []) as Json[]).map((m) => m.name ?? m.id).join('、');
        return el(
          'label',
          { class: 'fq-staff-check' },
          input,
          `${businessTime(p.start ?? p.startsAt)} · ${members}${p.room ? ` · ${p.room.name ?? p.room.id}` : ''}`,
        );
      });
      this.#list(
        'proposals',
        ...(options.length
          ? [el('fieldset', {}, el('legend', {}, t.schedule.proposals), ...options)]
          : []),
      );
      (options[0]?.querySelector('input') as HTMLInputElement | undefined)?.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const local = String(data.get('startsAt') ?? '');
      const place = String(data.get('place') ?? '').trim();
      const body: Json = {
        // The field is business time (Asia/Shanghai).
        startsAt: `${local.length === 16 ? `${local}:00` : local}+08:00`,
        durationMinutes: Number(data.get('duration') ?? 60),
        mode: String(data.get('mode') ?? 'in_person'),
        ...(place ? { place } : {}),
      };
      const members = chosen?.members
        ? (chosen.members as Json[]).map((m) => m.id ?? m.rosterMemberId)
        : String(data.get('members') ?? '')
            .split(/[,，\s]+/)
            .filter(Boolean);
      if (members.length) body.memberIds = members;
      if (chosen?.room?.id) body.roomId = chosen.room.id;
      const current = await this.#api(
        'GET',
        `/api/staff/cases/${encodeURIComponent(record.caseNumber)}`,
      );
      const answer = await this.#act(record.caseNumber, 'sessions', body, current.body.version);
      if (answer.status !== 200) return;
      const session = (answer.body.sessions as Json[]).at(-1)!;
      this.#status(t.schedule.booked);
      location.assign(
        this.#link('session', { case: record.caseNumber, session: session.sessionId }),
      );
    });
  }

  // The session room: participants, joining (check-in), the video link, minutes with autosave,
  // and the outcome.
  async #session(): Promise<void> {
    const t = this.#t;
    const record = await this.#case();
    if (!record) return;
    const sessionId = this.#params.get('session') ?? '';
    const session = (record.sessions as Json[]).find((s) => s.sessionId === sessionId);
    if (!session) {
      this.#status(t.failed, true);
      return;
    }
    const base = `/api/staff/cases/${encodeURIComponent(record.caseNumber)}/sessions/${encodeURIComponent(sessionId)}`;
    const when = this.#q('[data-when]');
    if (when)
      when.textContent = `${businessTime(session.startsAt)} – ${businessTime(session.endsAt).slice(11)} · ${t.modes?.[session.mode] ?? session.mode}${session.place ? ` · ${session.place}` : ''}`;
    const participants = (session.participants ??
      (session.memberIds as string[]).map((id) => ({ id }))) as Json[];
    const showParticipants = (list: Json[]) =>
      this.#list(
        'participants',
        el(
          'ul',
          {},
          ...list.map((p) =>
            el(
              'li',
              {},
              `${p.name ?? p.id ?? p.rosterMemberId} · `,
              el(
                'span',
                {
                  class: p.checkedInAt
                    ? 'fq-staff-badge fq-staff-badge--success'
                    : 'fq-staff-badge',
                },
                p.checkedInAt ? t.session.checkedIn : t.session.notCheckedIn,
              ),
            ),
          ),
        ),
      );
    showParticipants(participants);
    if (session.videoUrl) {
      const video = this.#q<HTMLElement>('[data-video]');
      const link = this.#q<HTMLAnchorElement>('[data-video-link]');
      if (video && link) {
        link.href = session.videoUrl;
        link.textContent = session.videoUrl.replace(/\?.*$/, '');
        video.hidden = false;
      }
    }
    const agenda = (session.agenda ?? []) as string[];
    this.#list('agenda', ...agenda.map((item) => el('li', {}, item)));
    this.#q('[data-join]')?.addEventListener('click', async () => {
      const answer = await this.#api('POST', `${base}/check-in`, {});
      if (answer.status === 200 || answer.status === 201) {
        this.#status(t.session.joined);
        if (answer.body.participants) showParticipants(answer.body.participants);
        if (answer.body.videoUrl) window.open(answer.body.videoUrl, '_blank', 'noopener');
      }
    });
    // Minutes: saved a moment after typing stops, with the version last saved (a stale one is 409).
    const minutes = this.#q<HTMLTextAreaElement>('[data-minutes]')!;
    const saved = this.#q('[data-saved]')!;
    const draftKey = `fq.minutes.${record.caseNumber}.${sessionId}`;
    let version = Number(session.minutesVersion ?? 0);
    minutes.value = localStorage.getItem(draftKey) ?? session.minutes ?? '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = async () => {
      saved.textContent = t.session.saving;
      localStorage.setItem(draftKey, minutes.value);
      const answer = await this.#api('PUT', `${base}/minutes`, { text: minutes.value, version });
      if (answer.status === 200) {
        version = Number(answer.body.version ?? version + 1);
        localStorage.removeItem(draftKey);
        saved.textContent = t.session.saved;
      } else {
        saved.textContent = t.session.savedLocal;
      }
    };
    minutes.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void save(), 1200);
    });
    const form = this.#q<HTMLFormElement>('[data-outcome]')!;
    const sync = () => {
      const outcome = String(new FormData(form).get('outcome'));
      for (const field of form.querySelectorAll<HTMLElement>('[data-terms-field]'))
        field.hidden = outcome !== 'agreement';
      for (const field of form.querySelectorAll<HTMLElement>('[data-reason-field]'))
        field.hidden = outcome !== 'escalate' && outcome !== 'refer';
    };
    form.addEventListener('change', sync);
    sync();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearTimeout(timer);
      const data = new FormData(form);
      const outcome = String(data.get('outcome'));
      const terms = String(data.get('terms') ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const body: Json = {
        sessionId,
        outcome,
        ...(minutes.value.trim() ? { minutes: minutes.value.trim() } : {}),
        ...(outcome === 'agreement'
          ? { terms, signedInPerson: data.get('signedInPerson') === 'on' }
          : {}),
      };
      const current = await this.#api(
        'GET',
        `/api/staff/cases/${encodeURIComponent(record.caseNumber)}`,
      );
      const answer = await this.#act(record.caseNumber, 'outcome', body, current.body.version);
      if (answer.status !== 200) return;
      localStorage.removeItem(draftKey);
      this.#status(t.session.recorded);
      if (outcome === 'agreement') {
        const link = this.#q<HTMLElement>('[data-agreement-link]');
        const href = this.#q<HTMLAnchorElement>('[data-agreement-href]');
        if (link && href) {
          href.href = this.#link('agreement', { case: record.caseNumber });
          link.hidden = false;
          href.focus();
        }
      }
    });
  }

  // The judges' queue: agreements whose parties applied for judicial confirmation.
  async #judge(): Promise<void> {
    const t = this.#t;
    const answer = await this.#api('GET', '/api/staff/judicial-queue');
    if (answer.status !== 200) return;
    const cases = (answer.body.cases ?? []) as Json[];
    this.#list(
      'queue',
      ...cases.map((c) => {
        const form = el(
          'form',
          { class: 'fq-staff-form' },
          el('h2', {}, this.#caseLink(c.caseNumber)),
          el(
            'ol',
            {},
            ...((c.agreement?.terms ?? c.terms ?? []) as string[]).map((x) => el('li', {}, x)),
          ),
          el(
            'label',
            {},
            t.judge.reasons,
            el('textarea', { name: 'reasons', required: 'required', maxlength: '1000', rows: '3' }),
          ),
        );
        const buttons = el('div', { class: 'fq-staff-actions' });
        for (const [decision, label] of [
          ['confirmed', t.judge.confirm],
          ['rejected', t.judge.reject],
        ] as const) {
          const button = el(
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
          );
          buttons.append(button);
        }
        form.append(buttons);
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          const decision = (event.submitter as HTMLButtonElement | null)?.value ?? 'confirmed';
          const reasons = String(new FormData(form).get('reasons') ?? '').trim();
          const current = await this.#api(
            'GET',
            `/api/staff/cases/${encodeURIComponent(c.caseNumber)}`,
          );
          const done = await this.#act(
            c.caseNumber,
            'judicial-decision',
            { decision, reasons },
            current.body.version,
          );
          if (done.status === 200) {
            form.replaceChildren(el('p', {}, `${c.caseNumber} · ${t.judge.done}`));
            this.#status(t.judge.done);
          }
        });
        return form;
      }),
    );
  }

  // The printable mediation agreement (人民调解协议书): parties, terms and signature lines.
  async #agreement(): Promise<void> {
    const t = this.#t;
    const record = await this.#case();
    if (!record?.agreement) {
      if (record) this.#status(t.none);
      return;
    }
    this.#list(
      'parties',
      ...(record.parties as Json[]).map((p) =>
        el(
          'li',
          {},
          `${t.roles?.[p.role] ?? p.role}：${p.name}　签字：＿＿＿＿＿＿　日期：＿＿＿＿`,
        ),
      ),
    );
    this.#list('terms', ...(record.agreement.terms as string[]).map((term) => el('li', {}, term)));
    this.#q('[data-print]')?.addEventListener('click', () => window.print());
  }
}

customElements.define('fq-staff', FqStaff);
