// The agency console's People page (/staff/admin/people/), loaded by <fq-admin> on that page only:
// staff accounts (listed, created by e-mail or `sub` as the city's issuer wants, disabled and
// enabled), the roster (each member edited in one form — kind, points, services, weekly shifts,
// leave, one-day changes — saved under If-Match), and the handover of a member's open cases.
// Text goes in with textContent only, never as HTML.
import {
  type AdminKit,
  type Answer,
  type Child,
  type Choice,
  el,
  type Field,
  fill,
  type Json,
  type Named,
  newKey,
  table,
} from './admin-kit.ts';

interface Account {
  subject: string;
  name: string;
  roles: string[];
  regionId: string;
  rosterMemberId?: string | null;
  enabled?: boolean;
  email?: string;
}
interface Shift {
  weekday: number;
  start: string;
  end: string;
  servicePointId: string;
}
interface Leave {
  from: string;
  to: string;
  reason?: string;
}
interface RosterException {
  date: string;
  shifts: Omit<Shift, 'weekday'>[];
  reason?: string;
}
interface Member extends Named {
  kind: string;
  regionId: string;
  servicePoints: string[];
  services: string[];
  bio: string;
  bioEn: string;
  shifts: Shift[];
  leave?: Leave[];
  exceptions?: RosterException[];
}
interface Point extends Named {
  regionId: string;
}
type Details = Record<string, Json> | undefined;

/** The kind that may take any member's cases (the API's rule; it decides). */
const MEDIATOR_KIND = 'people_mediator';

export async function peopleView(kit: AdminKit): Promise<boolean> {
  return new People(kit).start();
}

class People {
  readonly #kit: AdminKit;
  #accounts: Account[] = [];
  #members: Member[] = [];
  #services: Named[] = [];
  #points: Point[] = [];
  #version: number | string = '';
  /** `email` (Cognito makes the user), `subject` (an external issuer), or unknown: both shown. */
  #signInBy: 'email' | 'subject' | undefined;
  /** The member whose form is open (undefined: a new one), and the button that opened it. */
  #editing: { id?: string; opener: HTMLElement } | undefined;

  constructor(kit: AdminKit) {
    this.#kit = kit;
  }

  get #p() {
    return this.#kit.t.people;
  }

  #q<T extends Element = HTMLElement>(selector: string): T | null {
    return this.#kit.root.querySelector<T>(selector);
  }

  async start(): Promise<boolean> {
    const [accounts, loaded] = await Promise.all([
      this.#kit.api<{ accounts: Account[]; signInBy?: 'email' | 'subject' }>(
        'GET',
        '/api/admin/staff-accounts',
      ),
      this.#load(),
    ]);
    if (accounts.status !== 200 && !loaded) return false;
    if (accounts.status === 200) {
      this.#accounts = accounts.body.accounts;
      this.#signInBy = accounts.body.signInBy;
      this.#drawAccounts();
      this.#accountForm();
    }
    if (loaded) {
      this.#drawRoster();
      this.#handoverForm();
      const add = this.#q<HTMLButtonElement>('[data-add-member]');
      if (add) add.onclick = () => this.#openMember(undefined, add);
    }
    return true;
  }

  /** The roster (at the setup's version) and the setup's services and points. */
  async #load(): Promise<boolean> {
    const [roster, setup] = await Promise.all([
      this.#kit.api<{ version: number; members: Member[] }>('GET', '/api/admin/roster'),
      this.#kit.api<{ version: number; services: Named[]; servicePoints: Point[] }>(
        'GET',
        '/api/admin/setup',
      ),
    ]);
    if (roster.status !== 200) return false;
    this.#members = roster.body.members;
    this.#version = roster.body.version ?? etagOf(roster) ?? '';
    if (setup.status === 200) {
      this.#services = setup.body.services;
      this.#points = setup.body.servicePoints;
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /** The admin's region and everything under it, indented by depth (what they may give). */
  #myRegions(): Choice[] {
    const all = this.#kit.regions();
    const start = all.findIndex((r) => r.id === this.#kit.regionId);
    if (start < 0)
      return all.map((r) => ({ value: r.id, label: indent(r.depth, this.#kit.name(r)) }));
    const root = all[start]!;
    const out: Choice[] = [];
    for (let i = start; i < all.length; i++) {
      const r = all[i]!;
      if (i > start && r.depth <= root.depth) break;
      out.push({ value: r.id, label: indent(r.depth - root.depth, this.#kit.name(r)) });
    }
    return out;
  }

  #memberName(id: string | null | undefined): string {
    const m = id ? this.#members.find((x) => x.id === id) : undefined;
    return m ? this.#kit.name(m) : (id ?? '');
  }

  #kind(kind: string): string {
    return this.#kit.t.staff.kinds[kind] ?? kind;
  }

  #pointName(id: string): string {
    const point = this.#points.find((x) => x.id === id);
    return point ? this.#kit.name(point) : id;
  }

  #select(choices: Choice[], value?: string): HTMLSelectElement {
    return this.#kit.input({ kind: 'select', options: choices }, value) as HTMLSelectElement;
  }

  #text(value: string | undefined, required = true, maxlength = '100'): HTMLInputElement {
    return el('input', {
      type: 'text',
      value: value ?? '',
      autocomplete: 'off',
      maxlength,
      ...(required ? { required: '' } : {}),
    });
  }

  /** A group of checkboxes named `name`, with the group's own error line. */
  #checks(form: string, name: string, legend: string, choices: Choice[], chosen: string[]) {
    return el(
      'fieldset',
      {},
      el('legend', {}, legend),
      ...choices.map((c) => {
        const box = el('input', { type: 'checkbox', name, value: c.value });
        box.checked = chosen.includes(c.value);
        return el('label', { class: 'fq-staff-check' }, box, c.label);
      }),
      el('p', {
        class: 'fq-staff-error',
        id: `fq-${form}-${name}-error`,
        'data-error-for': name,
        hidden: '',
      }),
    );
  }

  #checked(form: HTMLFormElement, name: string): string[] {
    return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
      (b) => b.value,
    );
  }

  #value(form: HTMLFormElement, name: string): string {
    const field = form.querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`);
    return field?.value.trim() ?? '';
  }

  #errors(form: HTMLFormElement, answer: Answer<unknown>): void {
    this.#kit.showErrors(form, answer.body.error?.details as Details, answer.body.error?.message);
  }

  // -------------------------------------------------------------------------------------------
  // Accounts: the table (disable, enable) and the new-account form.

  #drawAccounts(): void {
    const p = this.#p;
    const kit = this.#kit;
    this.#q('[data-list="accounts"]')?.replaceChildren(
      table(
        p.accounts,
        [p.name, p.roles, p.region, p.memberCol, p.signInCol, p.status, p.actions],
        this.#accounts.map((a) => {
          const off = a.enabled === false;
          const toggle = el(
            'button',
            { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
            off ? p.enable : p.disable,
            el('span', { class: 'fq-visually-hidden' }, ` ${a.name}`),
          );
          toggle.addEventListener('click', async () => {
            toggle.disabled = true;
            const answer = await kit.api<{ account: Account }>(
              'POST',
              `/api/admin/staff-accounts/${encodeURIComponent(a.subject)}/${off ? 'enable' : 'disable'}`,
              {},
              { 'Idempotency-Key': newKey() },
            );
            toggle.disabled = false;
            if (answer.status === 400) {
              kit.status(answer.body.error?.message ?? kit.t.staff.failed, true);
              return;
            }
            if (answer.status !== 200) return;
            this.#accounts = this.#accounts.map((x) =>
              x.subject === a.subject ? { ...x, ...answer.body.account } : x,
            );
            this.#drawAccounts();
            kit.status(fill(p.done, { name: a.name }));
          });
          return [
            a.name,
            a.roles.map((r) => p.roleNames[r] ?? r).join(kit.en ? ', ' : '、'),
            kit.regionName(a.regionId),
            a.rosterMemberId ? this.#memberName(a.rosterMemberId) : '—',
            a.email ?? a.subject,
            off ? p.disabled : p.active,
            toggle,
          ];
        }),
      ),
    );
  }

  #accountForm(): void {
    const p = this.#p;
    const kit = this.#kit;
    const form = this.#q<HTMLFormElement>('[data-form="account"]');
    if (!form) return;
    const by = this.#signInBy;
    const email = el('input', {
      type: 'email',
      autocomplete: 'off',
      inputmode: 'email',
      maxlength: '254',
      ...(by === 'email' ? { required: '' } : {}),
    });
    const subject = this.#text('', by === 'subject', '255');
    form.replaceChildren(
      kit.control('fq-account-name', 'name', p.name, this.#text('', true, '30')),
      this.#checks(
        'account',
        'roles',
        p.accountRoles,
        Object.entries(p.roleNames).map(([value, label]) => ({ value, label })),
        [],
      ),
      kit.control(
        'fq-account-region',
        'regionId',
        p.accountRegion,
        this.#select(this.#myRegions()),
      ),
      kit.control(
        'fq-account-member',
        'rosterMemberId',
        p.member,
        this.#select([
          { value: '', label: p.noMember },
          ...this.#members.map((m) => ({
            value: m.id,
            label: `${kit.name(m)} · ${this.#kind(m.kind)}`,
          })),
        ]),
      ),
      by !== 'subject' ? kit.control('fq-account-email', 'email', p.email, email, p.emailHint) : '',
      by !== 'email'
        ? kit.control('fq-account-subject', 'subject', p.subject, subject, p.subjectHint)
        : '',
      el('div', { class: 'fq-staff-error', 'data-form-errors': '', hidden: '' }),
      el('div', {}, el('button', { type: 'submit', class: 'fq-staff-button' }, p.createAccount)),
    );
    // The same key for a retry of the same attempt (no answer); a new one once answered.
    let key = newKey();
    form.onsubmit = async (event) => {
      event.preventDefault();
      if (!kit.checkRequired(form)) return;
      const roles = this.#checked(form, 'roles');
      if (!roles.length) {
        kit.showErrors(form, { roles: kit.t.required });
        return;
      }
      const body: Record<string, unknown> = {
        name: this.#value(form, 'name'),
        roles,
        regionId: this.#value(form, 'regionId'),
        rosterMemberId: this.#value(form, 'rosterMemberId') || null,
      };
      if (this.#value(form, 'email')) body.email = this.#value(form, 'email');
      if (this.#value(form, 'subject')) body.subject = this.#value(form, 'subject');
      const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      submit.disabled = true;
      kit.status(kit.t.saving);
      const answer = await kit.api<{ account: Account }>(
        'POST',
        '/api/admin/staff-accounts',
        body,
        { 'Idempotency-Key': key },
      );
      submit.disabled = false;
      if (answer.status !== 0) key = newKey();
      if (answer.status === 400) return this.#errors(form, answer);
      if (answer.status !== 201 && answer.status !== 200) return;
      const account = answer.body.account;
      this.#accounts = [...this.#accounts.filter((a) => a.subject !== account.subject), account];
      this.#drawAccounts();
      kit.clearErrors(form);
      form.reset();
      kit.status(fill(p.created, { name: account.name }));
    };
  }

  // -------------------------------------------------------------------------------------------
  // Roster: the table with an Edit button per member, and the member's form.

  #drawRoster(): void {
    const p = this.#p;
    const kit = this.#kit;
    const weekdays = kit.t.weekdays;
    const list = kit.en ? '; ' : '；';
    this.#q('[data-list="roster"]')?.replaceChildren(
      table(
        p.roster,
        [p.name, p.kind, p.region, p.shifts, p.leave, p.exceptions, p.actions],
        this.#members.map((m) => {
          const edit = el(
            'button',
            {
              type: 'button',
              class: 'fq-staff-button fq-staff-button--secondary',
              'data-edit-member': m.id,
            },
            p.edit,
            el('span', { class: 'fq-visually-hidden' }, ` ${kit.name(m)}`),
          );
          edit.addEventListener('click', () => this.#openMember(m.id, edit));
          return [
            kit.name(m),
            this.#kind(m.kind),
            kit.regionName(m.regionId),
            m.shifts.map((s) => `${weekdays[s.weekday]} ${s.start}–${s.end}`).join(list),
            (m.leave ?? []).map((l) => `${l.from}–${l.to}`).join(list),
            (m.exceptions ?? [])
              .map((x) =>
                x.shifts.length
                  ? `${x.date} ${x.shifts.map((s) => `${s.start}–${s.end}`).join(kit.en ? ', ' : '、')}`
                  : `${x.date} —`,
              )
              .join(list),
            edit,
          ];
        }),
      ),
    );
  }

  #openMember(id: string | undefined, opener: HTMLElement): void {
    this.#editing = { ...(id ? { id } : {}), opener };
    const member = id ? this.#members.find((m) => m.id === id) : undefined;
    this.#renderMember(member);
    const card = this.#q<HTMLElement>('[data-member-card]');
    if (!card) return;
    card.hidden = false;
    this.#q<HTMLElement>('[data-member-title]')?.focus();
  }

  #closeMember(): void {
    const card = this.#q<HTMLElement>('[data-member-card]');
    if (card) card.hidden = true;
    const opener = this.#editing?.opener;
    this.#editing = undefined;
    // The table was redrawn meanwhile: its button for the same member, if the old one is gone.
    const id = opener?.dataset.editMember;
    const again = id
      ? this.#q<HTMLElement>(`[data-edit-member="${CSS.escape(id)}"]`)
      : this.#q<HTMLElement>('[data-add-member]');
    (opener?.isConnected ? opener : again)?.focus();
  }

  #renderMember(member: Member | undefined): void {
    const p = this.#p;
    const kit = this.#kit;
    const t = kit.t;
    const form = this.#q<HTMLFormElement>('[data-form="member"]');
    if (!form) return;
    const title = this.#q('[data-member-title]');
    if (title) title.textContent = member ? fill(p.editing, { name: kit.name(member) }) : p.adding;
    const regions = this.#myRegions();
    const mine = new Set(regions.map((r) => r.value));
    const points = this.#points.filter(
      (x) => mine.has(x.regionId) || member?.servicePoints.includes(x.id),
    );
    const pointChoices = points.map((x) => ({ value: x.id, label: kit.name(x) }));
    const shiftFields: Field[] = [
      { key: 'start', label: p.start, kind: 'time' },
      { key: 'end', label: p.end, kind: 'time' },
      { key: 'servicePointId', label: p.point, kind: 'select', options: pointChoices },
    ];
    const textarea = (value: string | undefined) => {
      const area = el('textarea', { rows: '3', maxlength: '500', required: '' });
      area.value = value ?? '';
      return area;
    };
    const exceptions = el('div', { class: 'fq-admin-rows', 'data-exceptions': '' });
    const drawExceptions = (days: RosterException[], focus?: number) => {
      exceptions.replaceChildren(
        ...days.map((day, i) => {
          const n = i + 1;
          const dayName = fill(p.exception, { n });
          const named = (label: string) =>
            el('span', {}, el('span', { class: 'fq-visually-hidden' }, `${dayName} `), label);
          const date = kit.input({ kind: 'date' }, day.date);
          date.setAttribute('required', '');
          const remove = el(
            'button',
            { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
            fill(p.removeException, { n }),
          );
          remove.addEventListener('click', () => {
            const current = readExceptions();
            current.splice(i, 1);
            drawExceptions(current, Math.min(i, current.length - 1));
          });
          return el(
            'fieldset',
            { class: 'fq-admin-rowset', 'data-exception': '' },
            el('legend', {}, dayName),
            kit.control(
              `fq-member-exceptions-${i}-date`,
              `exceptions.${i}.date`,
              named(p.date),
              date,
            ),
            kit.rows(
              'member',
              `exceptions.${i}.shifts`,
              `${dayName} ${p.dayShifts}`,
              shiftFields,
              day.shifts.map((s) => ({ ...s })),
              p.addDayShift,
            ),
            kit.control(
              `fq-member-exceptions-${i}-reason`,
              `exceptions.${i}.reason`,
              named(p.reason),
              this.#text(day.reason, false, '500'),
            ),
            el('div', {}, remove),
            el('p', {
              class: 'fq-staff-error',
              id: `fq-member-exceptions-${i}-error`,
              'data-error-for': `exceptions.${i}`,
              hidden: '',
            }),
          );
        }),
      );
      if (focus !== undefined && focus >= 0)
        exceptions
          .querySelectorAll<HTMLElement>('[data-exception]')
          [focus]?.querySelector<HTMLElement>('input')
          ?.focus();
      else if (focus !== undefined) addDay.focus();
    };
    const readExceptions = (): RosterException[] =>
      [...exceptions.querySelectorAll<HTMLElement>('[data-exception]')].map((_, i) => {
        const reason = this.#value(form, `exceptions.${i}.reason`);
        return {
          date: this.#value(form, `exceptions.${i}.date`),
          shifts: kit.readRows(
            form,
            `exceptions.${i}.shifts`,
          ) as unknown as RosterException['shifts'],
          ...(reason ? { reason } : {}),
        };
      });
    const addDay = el(
      'button',
      { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
      p.addException,
    );
    addDay.addEventListener('click', () => {
      const current = readExceptions();
      current.push({ date: '', shifts: [] });
      drawExceptions(current, current.length - 1);
    });
    const cancel = el(
      'button',
      { type: 'button', class: 'fq-staff-button fq-staff-button--secondary' },
      p.cancel,
    );
    cancel.addEventListener('click', () => this.#closeMember());

    form.replaceChildren(
      member
        ? el('p', { class: 'fq-staff-hint' }, `${p.memberId}: ${member.id}`)
        : kit.control('fq-member-id', 'id', p.memberId, this.#text('', true, '64'), p.memberIdHint),
      kit.control('fq-member-name', 'name', p.name, this.#text(member?.name, true, '30')),
      kit.control('fq-member-name-en', 'nameEn', p.nameEn, this.#text(member?.nameEn)),
      kit.control(
        'fq-member-kind',
        'kind',
        p.kind,
        this.#select(
          Object.entries(t.staff.kinds).map(([value, label]) => ({ value, label })),
          member?.kind,
        ),
      ),
      kit.control(
        'fq-member-region',
        'regionId',
        p.homeRegion,
        this.#select(regions, member?.regionId),
        p.homeRegionHint,
      ),
      this.#checks('member', 'servicePoints', p.points, pointChoices, member?.servicePoints ?? []),
      this.#checks(
        'member',
        'services',
        p.services,
        this.#services.map((s) => ({ value: s.id, label: kit.name(s) })),
        member?.services ?? [],
      ),
      kit.control('fq-member-bio', 'bio', p.bio, textarea(member?.bio)),
      kit.control('fq-member-bio-en', 'bioEn', p.bioEn, textarea(member?.bioEn)),
      kit.rows(
        'member',
        'shifts',
        p.shifts,
        [{ key: 'weekday', label: p.weekday, kind: 'weekday' }, ...shiftFields],
        (member?.shifts ?? []).map((s) => ({ ...s })),
        p.addShift,
        p.shiftsHint,
      ),
      kit.rows(
        'member',
        'leave',
        p.leave,
        [
          { key: 'from', label: p.from, kind: 'date' },
          { key: 'to', label: p.to, kind: 'date' },
          { key: 'reason', label: p.reason, kind: 'text', optional: true },
        ],
        (member?.leave ?? []).map((l) => ({ ...l })),
        p.addLeave,
        p.leaveHint,
      ),
      el(
        'fieldset',
        { class: 'fq-admin-rowset' },
        el('legend', {}, p.exceptions),
        el('p', { class: 'fq-staff-hint' }, p.exceptionsHint),
        exceptions,
        el('p', {
          class: 'fq-staff-error',
          id: 'fq-member-exceptions-error',
          'data-error-for': 'exceptions',
          hidden: '',
        }),
        el('div', {}, addDay),
      ),
      el('div', { class: 'fq-staff-error', 'data-form-errors': '', hidden: '' }),
      el('div', { class: 'fq-admin-warnings', 'data-form-warnings': '', hidden: '' }),
      el(
        'div',
        { class: 'fq-staff-actions' },
        el('button', { type: 'submit', class: 'fq-staff-button' }, p.saveMember),
        cancel,
      ),
    );
    drawExceptions((member?.exceptions ?? []).map((x) => ({ ...x, shifts: [...x.shifts] })));

    form.onsubmit = (event) => {
      event.preventDefault();
      if (!kit.checkRequired(form)) return;
      const id = member?.id ?? this.#value(form, 'id');
      if (!member && this.#members.some((m) => m.id === id)) {
        kit.showErrors(form, { id: p.idTaken });
        return;
      }
      const leave = kit.readRows(form, 'leave') as unknown as Leave[];
      const days = readExceptions();
      const body: Member = {
        id,
        name: this.#value(form, 'name'),
        nameEn: this.#value(form, 'nameEn'),
        kind: this.#value(form, 'kind'),
        regionId: this.#value(form, 'regionId'),
        servicePoints: this.#checked(form, 'servicePoints'),
        services: this.#checked(form, 'services'),
        bio: this.#value(form, 'bio'),
        bioEn: this.#value(form, 'bioEn'),
        shifts: kit.readRows(form, 'shifts') as unknown as Shift[],
        ...(leave.length ? { leave } : {}),
        ...(days.length ? { exceptions: days } : {}),
      };
      void this.#saveMember(form, body);
    };
  }

  /** A PUT with If-Match at the roster's version; 412 reloads the roster and says so. */
  async #saveMember(form: HTMLFormElement, body: Member): Promise<void> {
    const kit = this.#kit;
    const p = this.#p;
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (submit) submit.disabled = true;
    kit.alert('');
    kit.status(kit.t.saving);
    try {
      const answer = await kit.api<{
        version: number;
        member: Member;
        warnings?: { path: string; message: string }[];
      }>('PUT', `/api/admin/roster/${encodeURIComponent(body.id)}`, body, {
        'If-Match': `"${this.#version}"`,
      });
      if (answer.status === 200) {
        this.#version = answer.body.version ?? etagOf(answer) ?? this.#version;
        const saved = answer.body.member ?? body;
        const known = this.#members.some((m) => m.id === saved.id);
        this.#members = known
          ? this.#members.map((m) => (m.id === saved.id ? saved : m))
          : [...this.#members, saved];
        this.#drawRoster();
        this.#handoverForm();
        // The form stays open at what was saved (a new member is now edited by its id).
        if (this.#editing) this.#editing.id = saved.id;
        this.#renderMember(saved);
        kit.status(fill(p.memberSaved, { name: kit.name(saved) }));
        // Allowed, but worth knowing: e.g. a member's shift now outside the point's hours.
        const warnings = answer.body.warnings ?? [];
        const box = form.querySelector<HTMLElement>('[data-form-warnings]');
        if (box) {
          box.replaceChildren(
            ...(warnings.length
              ? [
                  el('p', {}, kit.t.warned),
                  el('ul', {}, ...warnings.map((w) => el('li', {}, w.message))),
                ]
              : []),
          );
          box.hidden = warnings.length === 0;
        }
        return;
      }
      if (answer.status === 412) {
        if (await this.#load()) {
          this.#drawRoster();
          this.#handoverForm();
          const id = this.#editing?.id;
          this.#renderMember(id ? this.#members.find((m) => m.id === id) : undefined);
        }
        kit.status('');
        kit.alert(kit.t.stale);
        return;
      }
      if (answer.status === 400) {
        // A point or service the schema refuses is named by its index: say which one.
        const details: Record<string, Json> = {};
        for (const [key, value] of Object.entries(answer.body.error?.details ?? {})) {
          const list = /^(?:json\.)?(servicePoints|services)\.(\d+)$/.exec(key);
          if (!list) details[key] = value;
          else {
            const chosen = body[list[1] as 'servicePoints' | 'services'][Number(list[2])] ?? '';
            const name =
              list[1] === 'servicePoints'
                ? this.#pointName(chosen)
                : (this.#services.find((s) => s.id === chosen)?.[kit.en ? 'nameEn' : 'name'] ??
                  chosen);
            const text = `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
            const prior = details[list[1]!];
            details[list[1]!] = prior ? `${prior} ${text}` : text;
          }
        }
        kit.showErrors(form, details, answer.body.error?.message);
      }
    } finally {
      if (submit?.isConnected) submit.disabled = false;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Handover: a member's open cases to another of the same kind (or a people's mediator).

  #handoverForm(): void {
    const p = this.#p;
    const kit = this.#kit;
    const form = this.#q<HTMLFormElement>('[data-form="handover"]');
    if (!form) return;
    const keep = {
      from: this.#value(form, 'fromMemberId'),
      to: this.#value(form, 'toMemberId'),
      reason: this.#value(form, 'reason'),
    };
    const label = (m: Member) => `${kit.name(m)} · ${this.#kind(m.kind)}`;
    const from = this.#select(
      this.#members.map((m) => ({ value: m.id, label: label(m) })),
      keep.from || undefined,
    );
    const to = el('select', {}) as HTMLSelectElement;
    const targets = () => {
      const leaving = this.#members.find((m) => m.id === from.value);
      const fit = this.#members.filter(
        (m) =>
          leaving && m.id !== leaving.id && (m.kind === leaving.kind || m.kind === MEDIATOR_KIND),
      );
      const chosen = to.value;
      to.replaceChildren(
        ...(fit.length
          ? fit.map((m) => el('option', { value: m.id }, label(m)))
          : [el('option', { value: '' }, p.noTarget)]),
      );
      if (fit.some((m) => m.id === chosen)) to.value = chosen;
    };
    from.addEventListener('change', targets);
    targets();
    if (keep.to && [...to.options].some((o) => o.value === keep.to)) to.value = keep.to;
    const reason = el('textarea', { rows: '3', maxlength: '500', required: '' });
    reason.value = keep.reason;
    form.replaceChildren(
      kit.control('fq-handover-from', 'fromMemberId', p.fromMember, from),
      kit.control('fq-handover-to', 'toMemberId', p.toMember, to),
      kit.control('fq-handover-reason', 'reason', p.handoverReason, reason),
      el('div', { class: 'fq-staff-error', 'data-form-errors': '', hidden: '' }),
      el('div', {}, el('button', { type: 'submit', class: 'fq-staff-button' }, p.doHandover)),
    );
    form.onsubmit = async (event) => {
      event.preventDefault();
      if (!kit.checkRequired(form)) return;
      if (!to.value) {
        kit.showErrors(form, { toMemberId: p.noTarget });
        return;
      }
      const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      submit.disabled = true;
      kit.status(kit.t.saving);
      const answer = await kit.api<{
        moved: string[];
        skipped: { caseNumber: string; reason: string }[];
      }>(
        'POST',
        `/api/admin/roster/${encodeURIComponent(from.value)}/handover`,
        { toMemberId: to.value, reason: reason.value.trim() },
        { 'Idempotency-Key': newKey() },
      );
      submit.disabled = false;
      if (answer.status === 400) return this.#errors(form, answer);
      if (answer.status !== 200) return;
      kit.clearErrors(form);
      this.#handoverResult(
        this.#memberName(from.value),
        this.#memberName(to.value),
        answer.body.moved,
        answer.body.skipped,
      );
    };
  }

  #handoverResult(
    from: string,
    to: string,
    moved: string[],
    skipped: { caseNumber: string; reason: string }[],
  ): void {
    const p = this.#p;
    const kit = this.#kit;
    const caseLink = (n: string) =>
      el('a', { href: `${kit.t.links.case}?case=${encodeURIComponent(n)}` }, n);
    const summary = moved.length
      ? fill(p.handedOver, { n: moved.length, from, to })
      : skipped.length
        ? fill(p.allSkipped, { n: skipped.length, from, to })
        : fill(p.handedNone, { from });
    const parts: Child[] = [el('p', {}, summary)];
    if (moved.length)
      parts.push(
        el('p', {}, p.moved),
        el('ul', { 'data-moved': '' }, ...moved.map((n) => el('li', {}, caseLink(n)))),
      );
    if (skipped.length)
      parts.push(
        el('p', {}, fill(p.skipped, { n: skipped.length })),
        el(
          'ul',
          { 'data-skipped': '' },
          ...skipped.map((s) =>
            el(
              'li',
              {},
              caseLink(s.caseNumber),
              `${kit.en ? ': ' : '：'}${p.skipReasons[s.reason] ?? s.reason}`,
            ),
          ),
        ),
      );
    const box = this.#q<HTMLElement>('[data-handover-result]');
    if (box) {
      box.replaceChildren(...parts.filter((x): x is Node => x instanceof Node));
      box.hidden = false;
    }
    kit.status(summary);
  }
}

function indent(depth: number, name: string): string {
  return `${'　'.repeat(Math.max(0, depth))}${name}`;
}

function etagOf(answer: Answer<unknown>): string | undefined {
  return answer.headers?.get('ETag')?.replace(/^W\//, '').replace(/"/g, '') || undefined;
}
