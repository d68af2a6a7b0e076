// <fq-track>: a party's view of a dispute case (docs/cases.md) with the case number and their
// own tracking code, sent as X-Tracking-Code and kept in sessionStorage for this tab only (a
// refresh keeps the case open; the code never goes into a URL). It answers the step the case
// waits on for this party: respond, sign the agreement with an SMS code, apply for judicial
// confirmation, rate the service once the case is closed. A party who lost the code gets it back
// in place with a one-time SMS code sent to their mobile on file. Copy comes from the page
// (data-strings); text goes in with textContent only.
import {
  clearFieldErrors,
  fill,
  forgetCase,
  formatShanghai,
  isoForTimeElement,
  newKey,
  normalizeMobile,
  readError,
  rememberCase,
  rememberedCase,
  retryMinutes,
  setFieldError,
} from './resident-form.ts';
import { setStepperCurrent } from './stepper.ts';

type Strings = Record<string, string> & {
  stages: Record<string, string>;
  roles: Record<string, string>;
  modes: Record<string, string>;
  closureTypes: Record<string, string>;
  statuses: Record<string, string>;
  todo: Record<string, string>;
  events: Record<string, string>;
  documentTitles: Record<string, string>;
};

interface CaseView {
  caseNumber: string;
  party: { partyId: string; role: string; name: string };
  category: string;
  categoryName: string;
  stage: string;
  status: string;
  level?: string;
  regionName?: string;
  filedAt: string;
  closureType: string | null;
  timeline?: { at: string; type: string; stage?: string; actorRole?: string; text?: string }[];
  nextSession?: {
    startsAt: string;
    endsAt?: string;
    mode: string;
    place?: string | null;
    videoUrl?: string | null;
  } | null;
  nextAction?: { kind: string; dueAt?: string | null } | null;
  agreement?: {
    terms?: string[];
    effectiveAt?: string | null;
    signatures?: { partyId: string; role: string; signed: boolean }[];
  } | null;
  documents?: { id: string; title: string }[];
}

/** Kinds of nextAction that ask this party to do something here. */
const ACTIONS = ['respond', 'sign_agreement', 'apply_confirmation'];

class FqTrack extends HTMLElement {
  #t = {} as Strings;
  #en = false;
  #caseNumber = '';
  #code = '';
  #categoriesEn: Map<string, string> | undefined;
  /** The rating being sent, and its Idempotency-Key: a retry of the same rating keeps the key. */
  #rateBody: string | undefined;
  #rateKey = '';
  #rating = false;
  /** The case and mobile the last recovery SMS was asked for: step 2 checks its code with them. */
  #recoverCase = '';
  #recoverPhone = '';
  #recovering = false;

  connectedCallback(): void {
    this.#t = JSON.parse(this.dataset.strings ?? '{}') as Strings;
    this.#en = this.dataset.locale === 'en';
    const given = new URLSearchParams(location.search).get('case')?.trim() ?? '';
    const caseInput = this.#el<HTMLInputElement>('#fq-case-number');
    if (given) caseInput.value = given;
    this.#el('[data-open]').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submitOpen();
    });
    this.#el('[data-sign-out]').addEventListener('click', () => this.#signOut());
    this.#el('[data-recover-toggle]').addEventListener('click', () => this.#toggleRecovery());
    this.#el('[data-recover-send]').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#sendRecovery();
    });
    this.#el('[data-recover-verify]').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#verifyRecovery();
    });
    this.#el('[data-recover-back]').addEventListener('click', () => this.#recoveryStep(1));
    this.#el('[data-respond]').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#respond();
    });
    this.#el('[data-send-code]').addEventListener('click', () => void this.#sendCode());
    this.#el('[data-sign]').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#sign();
    });
    this.#el('[data-apply]').addEventListener('click', () => void this.#apply());
    this.#el('[data-rate]').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#rate();
    });
    this.#el('#fq-rate-comment').addEventListener('input', () => this.#countComment());
    this.#el('[data-print-document]').addEventListener('click', () => this.#printDocument());
    this.#el('[data-close-document]').addEventListener('click', () => this.#closeDocument());
    this.addEventListener('input', (event) => {
      const target = event.target as HTMLElement;
      if (target.getAttribute('aria-invalid') === 'true') setFieldError(target, '');
    });
    this.addEventListener('change', (event) => {
      const group = (event.target as HTMLElement).closest<HTMLElement>('fieldset.fq-choices');
      if (group?.getAttribute('aria-invalid')) setFieldError(group, '');
    });
    // A refresh, or the link from the filing page, reopens the case of this tab.
    const remembered = rememberedCase();
    if (remembered && (!given || given.toUpperCase() === remembered.caseNumber.toUpperCase())) {
      caseInput.value = remembered.caseNumber;
      void this.#open(remembered.caseNumber, remembered.code, true);
    }
  }

  #el<T extends HTMLElement = HTMLElement>(selector: string): T {
    return this.querySelector<T>(selector)!;
  }

  #status(text: string): void {
    this.#el('[data-status]').textContent = text;
  }

  /** A refusal, in the alert line: with the danger icon, never colour alone. */
  #error(text: string): void {
    const line = this.#el('[data-error]');
    if (!text) {
      line.replaceChildren();
      return;
    }
    const template = this.querySelector<HTMLTemplateElement>('template[data-error-icon]');
    const words = document.createElement('span');
    words.textContent = text;
    line.replaceChildren(...(template ? [template.content.cloneNode(true)] : []), words);
  }

  #when(iso: string | null | undefined, withTime = true): string {
    return iso ? formatShanghai(iso, this.#en, withTime) : '';
  }

  // ---- opening ------------------------------------------------------------------------------

  async #submitOpen(): Promise<void> {
    const caseInput = this.#el<HTMLInputElement>('#fq-case-number');
    const codeInput = this.#el<HTMLInputElement>('#fq-code');
    clearFieldErrors(this.#el('[data-open]'));
    const caseNumber = caseInput.value.trim();
    const code = codeInput.value.replace(/\s/g, '');
    if (!caseNumber) setFieldError(caseInput, this.#t.caseNumberRequired ?? '');
    if (!code) setFieldError(codeInput, this.#t.codeRequired ?? '');
    if (!caseNumber || !code) {
      (caseNumber ? codeInput : caseInput).focus();
      return;
    }
    await this.#open(caseNumber, code, false);
  }

  async #open(caseNumber: string, code: string, remembered: boolean): Promise<void> {
    this.#caseNumber = caseNumber.trim().toUpperCase();
    this.#code = code.replace(/\s/g, '').toUpperCase();
    this.#error('');
    this.#status(this.#t.opening ?? '');
    let response: Response;
    try {
      response = await this.#call('');
    } catch {
      this.#status('');
      this.#error(this.#t.failed ?? '');
      return;
    }
    if (!response.ok) {
      this.#status('');
      if (remembered && response.status === 404) forgetCase();
      await this.#refused(response);
      return;
    }
    const view = (await response.json()) as CaseView;
    rememberCase(this.#caseNumber, this.#code);
    this.#resetRecovery();
    this.#resetRating();
    await this.#render(view);
    this.#el('[data-open-area]').hidden = true;
    this.#el('[data-view]').hidden = false;
    this.#status(
      fill(this.#t.opened ?? '', {
        case: view.caseNumber,
        stage: this.#t.stages[view.stage] ?? view.stage,
      }),
    );
    if (!remembered) this.#el('#fq-case-heading').focus();
  }

  /** The same words for a wrong number and a wrong code: neither is given away. */
  async #refused(response: Response): Promise<void> {
    if (response.status === 429) {
      this.#error(fill(this.#t.tooMany ?? '', { minutes: retryMinutes(response) }));
    } else if (response.status === 404) {
      this.#error(this.#t.notFound ?? '');
    } else {
      await readError(response);
      this.#error(this.#t.failed ?? '');
    }
  }

  #call(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`/api/cases/${encodeURIComponent(this.#caseNumber)}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        Accept: path.startsWith('/documents/') ? 'text/html' : 'application/json',
        'Accept-Language': this.#en ? 'en' : 'zh-CN',
        'X-Tracking-Code': this.#code,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  // ---- a lost code ------------------------------------------------------------------------------

  /** Opens or closes the recovery under the sign-in form; what was typed stays. */
  #toggleRecovery(open = this.#el('[data-recover]').hidden): void {
    this.#el('[data-recover]').hidden = !open;
    this.#el('[data-recover-toggle]').setAttribute('aria-expanded', String(open));
    this.#error('');
    // Focus stays on the toggle (a disclosure): the panel follows it in reading and Tab order.
  }

  /** Shows step 1 (the mobile) or step 2 (the SMS code) and moves focus to its field. */
  #recoveryStep(step: 1 | 2): void {
    this.#el('[data-recover-send]').hidden = step !== 1;
    this.#el('[data-recover-verify]').hidden = step !== 2;
    this.#error('');
    this.#el(step === 1 ? '#fq-recover-phone' : '#fq-recover-otp').focus();
  }

  /** A recovery refusal in the page's alert line, scrolled into sight below the small form. */
  #recoveryError(text: string): void {
    this.#error(text);
    this.#el('[data-error]').scrollIntoView({ block: 'nearest' });
  }

  #recoveryCall(caseNumber: string, path: string, body: unknown): Promise<Response> {
    return fetch(`/api/cases/${encodeURIComponent(caseNumber)}/code-recovery${path}`, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Accept-Language': this.#en ? 'en' : 'zh-CN',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  }

  /**
   * Step 1: asks for a one-time code to the mobile. The answer is the same whether or not the
   * number is on the case, so step 2 always follows and says "if".
   */
  async #sendRecovery(): Promise<void> {
    if (this.#recovering) return;
    const t = this.#t;
    const caseInput = this.#el<HTMLInputElement>('#fq-case-number');
    const phoneInput = this.#el<HTMLInputElement>('#fq-recover-phone');
    clearFieldErrors(this.#el('[data-open]'));
    clearFieldErrors(this.#el('[data-recover-send]'));
    this.#error('');
    const caseNumber = caseInput.value.trim().toUpperCase();
    const phone = normalizeMobile(phoneInput.value);
    if (!caseNumber) {
      setFieldError(caseInput, t.recoverCaseFirst ?? '');
      caseInput.focus();
      return;
    }
    if (!phone) {
      setFieldError(phoneInput, t.recoverPhoneInvalid ?? '');
      phoneInput.focus();
      return;
    }
    this.#recovering = true;
    this.#status(t.recoverSending ?? '');
    let response: Response;
    try {
      response = await this.#recoveryCall(caseNumber, '', { phone });
    } catch {
      this.#status('');
      this.#recoveryError(t.failed ?? '');
      return;
    } finally {
      this.#recovering = false;
    }
    this.#status('');
    if (response.status === 429) {
      this.#recoveryError(fill(t.recoverTooManySends ?? '', { minutes: retryMinutes(response) }));
      return;
    }
    if (!response.ok) {
      const error = await readError(response);
      if (error.code === 'VALIDATION_FAILED') {
        setFieldError(phoneInput, t.recoverPhoneInvalid ?? '');
        phoneInput.focus();
      } else {
        this.#recoveryError(t.failed ?? '');
      }
      return;
    }
    this.#recoverCase = caseNumber;
    this.#recoverPhone = phone;
    const otp = this.#el<HTMLInputElement>('#fq-recover-otp');
    otp.value = '';
    setFieldError(otp, '');
    // Said with the field (its hint), so it is read out when step 2 takes focus.
    this.#el('#fq-recover-otp-hint').textContent = fill(t.recoverSent ?? '', {
      phone: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      case: caseNumber,
    });
    this.#recoveryStep(2);
  }

  /** Step 2: trades the SMS code for the party's code, fills it in and opens the case. */
  async #verifyRecovery(): Promise<void> {
    if (this.#recovering) return;
    const t = this.#t;
    const input = this.#el<HTMLInputElement>('#fq-recover-otp');
    const otp = input.value.replace(/\s/g, '');
    this.#error('');
    if (!/^\d{6}$/.test(otp)) {
      setFieldError(input, t.recoverOtpInvalid ?? '');
      input.focus();
      return;
    }
    this.#recovering = true;
    this.#status(t.recoverChecking ?? '');
    let response: Response;
    try {
      response = await this.#recoveryCall(this.#recoverCase, '/verify', {
        phone: this.#recoverPhone,
        otp,
      });
    } catch {
      this.#status('');
      this.#recoveryError(t.failed ?? '');
      return;
    } finally {
      this.#recovering = false;
    }
    this.#status('');
    if (!response.ok) {
      // Neither the mobile nor the code is named: a wrong one of either reads the same.
      if (response.status === 429) {
        this.#recoveryError(fill(t.tooMany ?? '', { minutes: retryMinutes(response) }));
      } else {
        const error = await readError(response);
        this.#recoveryError(
          response.status === 404 || error.code === 'VALIDATION_FAILED'
            ? (t.recoverNotFound ?? '')
            : (t.failed ?? ''),
        );
      }
      input.focus();
      input.select();
      return;
    }
    const found = (await response.json()) as { caseNumber: string; trackingCode: string };
    this.#el<HTMLInputElement>('#fq-case-number').value = found.caseNumber;
    this.#el<HTMLInputElement>('#fq-code').value = found.trackingCode;
    clearFieldErrors(this.#el('[data-open]'));
    await this.#open(found.caseNumber, found.trackingCode, false);
    const status = this.#el('[data-status]');
    if (!this.#el('[data-view]').hidden) {
      status.textContent = [t.recovered, status.textContent].join(this.#en ? ' ' : '');
    }
  }

  /** Closes the recovery and forgets the mobile and the SMS code typed there. */
  #resetRecovery(): void {
    this.#recoverCase = '';
    this.#recoverPhone = '';
    for (const form of this.querySelectorAll<HTMLFormElement>(
      '[data-recover-send], [data-recover-verify]',
    )) {
      form.reset();
      clearFieldErrors(form);
    }
    this.#el('#fq-recover-otp-hint').textContent = this.#t.recoverOtpHint ?? '';
    this.#el('[data-recover-send]').hidden = false;
    this.#el('[data-recover-verify]').hidden = true;
    this.#el('[data-recover]').hidden = true;
    this.#el('[data-recover-toggle]').setAttribute('aria-expanded', 'false');
  }

  #signOut(): void {
    forgetCase();
    this.#code = '';
    this.#closeDocument(false);
    this.#resetRating();
    this.#el('[data-view]').hidden = true;
    this.#el('[data-open-area]').hidden = false;
    this.#el<HTMLInputElement>('#fq-code').value = '';
    this.#error('');
    this.#status(this.#t.signedOut ?? '');
    this.#el('#fq-case-number').focus();
  }

  // ---- showing the case -----------------------------------------------------------------------

  async #categoryName(view: CaseView): Promise<string> {
    if (!this.#en) return view.categoryName;
    if (!this.#categoriesEn) {
      this.#categoriesEn = new Map();
      try {
        const response = await fetch('/api/city', { headers: { Accept: 'application/json' } });
        const city = (await response.json()) as { categories?: { id: string; nameEn: string }[] };
        for (const c of city.categories ?? []) this.#categoriesEn.set(c.id, c.nameEn);
      } catch {
        // the Chinese name from the case will do
      }
    }
    return this.#categoriesEn.get(view.category) ?? view.categoryName;
  }

  #role(role: string | undefined): string {
    return (role && this.#t.roles[role]) || this.#t.roles.staff || '';
  }

  async #render(view: CaseView): Promise<void> {
    const t = this.#t;
    const kind = view.nextAction?.kind ?? 'wait';
    const category = await this.#categoryName(view);
    this.#el('[data-case-heading]').textContent =
      `${fill(t.caseHeading ?? '', { case: view.caseNumber })} · ${category}`;

    const badge =
      view.status === 'waiting_party'
        ? ACTIONS.includes(kind)
          ? 'waitingYou'
          : 'waitingOthers'
        : view.status === 'overdue'
          ? 'overdue'
          : view.status === 'closed'
            ? 'closed'
            : 'open';
    for (const b of this.querySelectorAll<HTMLElement>('[data-badge]')) {
      b.hidden = b.dataset.badge !== badge;
    }
    this.#el('[data-overdue]').hidden = view.status !== 'overdue';

    // What to do, in one sentence, and by when.
    this.#el('[data-todo]').textContent =
      view.status === 'closed'
        ? ((kind === 'rate' ? t.todo.rate : t.todo.closed) ?? '')
        : (t.todo[kind] ?? t.todo.wait ?? '');
    const due = this.#el('[data-due]');
    const dueAt = view.nextAction?.dueAt;
    due.hidden = !dueAt || !ACTIONS.includes(kind);
    due.textContent = dueAt ? fill(t.dueBy ?? '', { when: this.#when(dueAt) }) : '';

    this.#renderSession(view);
    this.#el('[data-action="respond"]').hidden = kind !== 'respond';
    this.#renderAgreement(view, kind === 'sign_agreement');
    const apply = this.#el('[data-action="apply_confirmation"]');
    apply.hidden = kind !== 'apply_confirmation';
    this.#el('[data-action="rate"]').hidden = kind !== 'rate';
    this.#el('[data-confirmation-due]').textContent = dueAt
      ? fill(t.confirmationDue ?? '', { when: this.#when(dueAt) })
      : '';

    // Judicial confirmation is optional: shown only when this case has been near it.
    const timeline = view.timeline ?? [];
    const confirmation =
      view.stage === 'judicial_confirmation' ||
      kind === 'apply_confirmation' ||
      timeline.some((e) => e.stage === 'judicial_confirmation');
    setStepperCurrent(
      this.#el('#fq-case-stages'),
      view.stage,
      confirmation ? [] : ['judicial_confirmation'],
    );

    this.#fact(
      'party',
      [this.#role(view.party?.role), view.party?.name].filter(Boolean).join(' · '),
    );
    this.#fact('category', category);
    this.#fact('region', view.regionName ?? '');
    this.#fact('filed', this.#when(view.filedAt));
    this.#el('[data-closure]').hidden = !view.closureType;
    this.#fact('closure', view.closureType ? (t.closureTypes[view.closureType] ?? '') : '');

    this.#renderTimeline(timeline);
    this.#renderDocuments(view.documents ?? []);
  }

  #fact(name: string, text: string): void {
    this.#el(`[data-fact="${name}"]`).textContent = text;
  }

  #renderSession(view: CaseView): void {
    const session = view.nextSession;
    const box = this.#el('[data-session]');
    box.hidden = !session || view.status === 'closed';
    if (!session) return;
    const start = this.#when(session.startsAt);
    const end = session.endsAt ? formatShanghai(session.endsAt, this.#en).slice(-5) : '';
    this.#el('[data-session-when]').textContent = end ? `${start}–${end}` : start;
    this.#el('[data-session-how]').textContent = this.#t.modes[session.mode] ?? session.mode;
    this.#el('[data-session-place]').hidden = !session.place;
    this.#el('[data-session-where]').textContent = session.place ?? '';
    const video = this.#el<HTMLAnchorElement>('[data-video]');
    const url = session.videoUrl ?? '';
    // Only a web address becomes a link (never javascript: or the like).
    video.hidden = !/^https?:\/\//i.test(url);
    video.href = video.hidden ? '#' : url;
  }

  #renderAgreement(view: CaseView, signing: boolean): void {
    const agreement = view.agreement;
    const box = this.#el('[data-agreement]');
    box.hidden = !agreement || !(agreement.terms?.length || signing);
    if (!agreement) return;
    const t = this.#t;
    this.#el('[data-terms]').replaceChildren(
      ...(agreement.terms ?? []).map((term) => {
        const li = document.createElement('li');
        li.textContent = term;
        return li;
      }),
    );
    const mine = agreement.signatures?.find((s) => s.partyId === view.party?.partyId);
    this.#el('[data-signatures]').replaceChildren(
      ...(agreement.signatures ?? []).map((s) => {
        const li = document.createElement('li');
        const who =
          s.partyId === view.party?.partyId
            ? `${this.#role(s.role)} (${view.party.name})`
            : this.#role(s.role);
        li.textContent = `${s.signed ? '✓' : '○'} ${who}: ${s.signed ? t.signed : t.notSigned}`;
        return li;
      }),
    );
    const effective = this.#el('[data-effective]');
    effective.hidden = !agreement.effectiveAt;
    effective.textContent = agreement.effectiveAt
      ? fill(t.effective ?? '', { when: this.#when(agreement.effectiveAt) })
      : '';
    const canSign = signing && !mine?.signed;
    for (const part of box.querySelectorAll<HTMLElement>('[data-sign-only]'))
      part.hidden = !canSign;
    if (!canSign) this.#el('[data-sign]').hidden = true;
  }

  #renderTimeline(timeline: NonNullable<CaseView['timeline']>): void {
    const t = this.#t;
    this.#el('[data-timeline]').replaceChildren(
      ...timeline.map((entry) => {
        const li = document.createElement('li');
        const time = document.createElement('time');
        time.dateTime = isoForTimeElement(entry.at);
        time.textContent = this.#when(entry.at);
        const p = document.createElement('p');
        const role = document.createElement('strong');
        role.textContent = `${this.#role(entry.actorRole)}${this.#en ? ': ' : '：'}`;
        // The server's sentence, unless the English page knows the step in English.
        const text =
          (this.#en && t.events[entry.type]) || entry.text || t.events[entry.type] || entry.type;
        p.append(role, text);
        li.append(time, p);
        return li;
      }),
    );
  }

  /** The server names documents in Chinese; the English page says what each one is. */
  #documentTitle(doc: { id: string; title: string }): string {
    return (this.#en && this.#t.documentTitles[doc.id]) || doc.title;
  }

  #renderDocuments(documents: { id: string; title: string }[]): void {
    const template = this.#el<HTMLTemplateElement>('template[data-document-item]');
    this.#el('[data-no-documents]').hidden = documents.length > 0;
    this.#el('[data-documents]').replaceChildren(
      ...documents.map((doc) => {
        const item = template.content.cloneNode(true) as DocumentFragment;
        item.querySelector('[data-document-title]')!.textContent = this.#documentTitle(doc);
        item
          .querySelector('[data-open-document]')!
          .addEventListener('click', () => void this.#openDocument(doc));
        return item;
      }),
    );
  }

  // ---- documents --------------------------------------------------------------------------------

  /**
   * The document is fetched with the code in its header (a link could not send it) and shown
   * inside the page: its text and structure only, never its scripts, styles or attributes, so
   * the page's strict CSP holds and nothing in the file can act.
   */
  async #openDocument(doc: { id: string; title: string }): Promise<void> {
    this.#status(this.#t.documentLoading ?? '');
    let response: Response;
    try {
      response = await this.#call(`/documents/${encodeURIComponent(doc.id)}`);
    } catch {
      this.#status(this.#t.documentFailed ?? '');
      return;
    }
    if (!response.ok) {
      this.#status('');
      if (response.status === 404 || response.status === 429) await this.#refused(response);
      else this.#error(this.#t.documentFailed ?? '');
      return;
    }
    const html = await response.text();
    // Parsed into an inert <template> (no scripts run, no styles apply), then rebuilt. Style
    // and event attributes go first: blocked anyway, they would still be reported as CSP
    // violations. (Safety comes from the rebuild, not from this.)
    const inert = document.createElement('template');
    inert.innerHTML = html.replace(/\s(?:on[a-z]+|style)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    const body = this.#el('[data-document-body]');
    body.replaceChildren(...[...inert.content.childNodes].flatMap((node) => this.#clean(node)));
    const section = this.#el('[data-document]');
    const title = this.#documentTitle(doc);
    this.#el('[data-document-heading]').textContent = title;
    for (const name of section.querySelectorAll('[data-document-name]')) name.textContent = title;
    section.hidden = false;
    this.#status('');
    section.scrollIntoView({ block: 'start' });
    this.#el('[data-document-heading]').focus({ preventScroll: true });
  }

  #clean(node: Node): Node[] {
    if (node.nodeType === Node.TEXT_NODE) return [document.createTextNode(node.textContent ?? '')];
    if (!(node instanceof Element)) return [];
    const tag = node.tagName.toLowerCase();
    const children = () => [...node.childNodes].flatMap((child) => this.#clean(child));
    if (DROP.has(tag)) return [];
    // Headings move down two levels: the document sits under this page's h3.
    const level = /^h([1-6])$/.exec(tag);
    const name = level ? `h${Math.min(6, Number(level[1]) + 3)}` : BLOCKS.has(tag) ? 'div' : tag;
    if (!KEEP.has(tag) && !level) return children();
    const element = document.createElement(name);
    for (const attribute of ['colspan', 'rowspan']) {
      const value = node.getAttribute(attribute);
      if (value && /^\d{1,2}$/.test(value)) element.setAttribute(attribute, value);
    }
    const scope = node.getAttribute('scope');
    if (tag === 'th' && (scope === 'row' || scope === 'col')) element.setAttribute('scope', scope);
    element.append(...children());
    return [element];
  }

  #printDocument(): void {
    const root = document.documentElement;
    root.dataset.print = 'document';
    addEventListener('afterprint', () => delete root.dataset.print, { once: true });
    window.print();
  }

  #closeDocument(focus = true): void {
    const section = this.#el('[data-document]');
    section.hidden = true;
    this.#el('[data-document-body]').replaceChildren();
    if (focus) this.querySelector<HTMLElement>('[data-open-document]')?.focus();
  }

  // ---- actions ------------------------------------------------------------------------------------

  /** Asks in the modal dialog; true when the resident pressed the confirm button. */
  #confirm(message: string): Promise<boolean> {
    const dialog = this.#el<HTMLDialogElement>('#fq-confirm');
    dialog.querySelector('[data-dialog-message]')!.textContent = message;
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    });
  }

  /**
   * Sends an action and shows the case as it answers; `done` is said on success. Returns the
   * failed response's error code, or undefined when it worked.
   */
  async #act(path: string, body: unknown, done: string): Promise<string | undefined> {
    this.#error('');
    let response: Response;
    try {
      response = await this.#call(path, body);
    } catch {
      this.#error(this.#t.actionFailed ?? '');
      return 'NETWORK';
    }
    if (response.ok) {
      const view = (await response.json()) as CaseView;
      await this.#render(view);
      this.#status(done);
      return undefined;
    }
    const error = await readError(response);
    if (response.status === 404 || response.status === 429) {
      await this.#refused(response);
    } else if (error.code === 'STAGE_CONFLICT' || response.status === 409) {
      await this.#reload();
      this.#error(this.#t.stageConflict ?? '');
    } else if (error.code !== 'VALIDATION_FAILED') {
      this.#error(error.message || (this.#t.actionFailed ?? ''));
    }
    return error.code;
  }

  async #reload(): Promise<void> {
    try {
      const response = await this.#call('');
      if (response.ok) await this.#render((await response.json()) as CaseView);
    } catch {
      // keep what is shown
    }
  }

  async #respond(): Promise<void> {
    const form = this.#el<HTMLFormElement>('[data-respond]');
    const group = this.#el('#fq-consent');
    const choice = form.querySelector<HTMLInputElement>('input[name="consent"]:checked')?.value;
    if (!choice) {
      setFieldError(group, this.#t.choiceRequired ?? '');
      group.querySelector('input')?.focus();
      return;
    }
    const consent = choice === 'yes';
    const ok = await this.#confirm(
      (consent ? this.#t.confirmAccept : this.#t.confirmDecline) ?? '',
    );
    if (!ok) return;
    const reason = this.#el<HTMLTextAreaElement>('#fq-reason').value.trim();
    const failed = await this.#act(
      '/response',
      { consent, ...(reason ? { reason } : {}) },
      this.#t.responded ?? '',
    );
    if (failed === 'VALIDATION_FAILED') {
      setFieldError(this.#el('#fq-reason'), this.#t.actionFailed ?? '');
    } else if (!failed) {
      this.#el('#fq-case-heading').focus();
    }
  }

  async #sendCode(): Promise<void> {
    this.#error('');
    let response: Response;
    try {
      response = await this.#call('/agreement/signature-code', {});
    } catch {
      this.#error(this.#t.actionFailed ?? '');
      return;
    }
    if (!response.ok) {
      const error = await readError(response);
      if (response.status === 404 || response.status === 429) await this.#refused(response);
      else this.#error(error.message || (this.#t.actionFailed ?? ''));
      return;
    }
    const sent = (await response.json()) as { sentTo?: string; expiresAt?: string };
    this.#status(
      fill(this.#t.codeSent ?? '', {
        phone: sent.sentTo ?? '',
        when: sent.expiresAt ? formatShanghai(sent.expiresAt, this.#en).slice(-5) : '',
      }),
    );
    this.#el('[data-sign]').hidden = false;
    this.#el('#fq-otp').focus();
  }

  async #sign(): Promise<void> {
    const input = this.#el<HTMLInputElement>('#fq-otp');
    const otp = input.value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(otp)) {
      setFieldError(input, this.#t.otpInvalid ?? '');
      input.focus();
      return;
    }
    const failed = await this.#act('/agreement/signature', { otp }, this.#t.signedDone ?? '');
    if (failed === 'VALIDATION_FAILED' || failed === 'OTP_INVALID' || failed === 'FORBIDDEN') {
      setFieldError(input, this.#t.signFailed ?? '');
      input.focus();
    } else if (!failed) {
      input.value = '';
      this.#el('#fq-case-heading').focus();
    }
  }

  async #apply(): Promise<void> {
    if (!(await this.#confirm(this.#t.applyConfirm ?? ''))) return;
    const failed = await this.#act(
      '/judicial-confirmation',
      { apply: true },
      this.#t.applied ?? '',
    );
    if (!failed) this.#el('#fq-case-heading').focus();
  }

  // ---- rating -------------------------------------------------------------------------------------

  #countComment(): void {
    const form = this.#el('[data-rate]');
    this.#el('#fq-rate-comment-counter').textContent = fill(this.#t.rateCounter ?? '', {
      n: this.#el<HTMLTextAreaElement>('#fq-rate-comment').value.length,
      max: Number(form.dataset.commentMax),
    });
  }

  /** A problem sending the rating, as a danger notice above its button (announced: role=alert). */
  #rateProblem(text: string): void {
    const box = this.#el('[data-rate-problem]');
    if (!text) {
      box.replaceChildren();
      return;
    }
    const template = this.#el<HTMLTemplateElement>('template[data-rate-problem-notice]');
    const notice = template.content.cloneNode(true) as DocumentFragment;
    notice.querySelector('[data-text]')!.textContent = text;
    box.replaceChildren(notice);
  }

  /** Shows the thank-you (or "rated already") in place of the form, and moves focus to it. */
  #rated(which: 'done' | 'already', choice = ''): void {
    this.#el('[data-action="rate"]').hidden = true;
    for (const box of this.querySelectorAll<HTMLElement>('[data-rated]')) {
      box.hidden = box.dataset.rated !== which;
    }
    this.#el('[data-rated-text]').textContent = fill(this.#t.ratedBody ?? '', { choice });
    this.#el(`[data-rated="${which}"]`).focus();
  }

  #resetRating(): void {
    const form = this.#el<HTMLFormElement>('[data-rate]');
    form.reset();
    clearFieldErrors(form);
    this.#rateProblem('');
    this.#countComment();
    for (const box of this.querySelectorAll<HTMLElement>('[data-rated]')) box.hidden = true;
    this.#rateBody = undefined;
    this.#rateKey = '';
  }

  async #rate(): Promise<void> {
    if (this.#rating) return;
    const t = this.#t;
    const form = this.#el<HTMLFormElement>('[data-rate]');
    const group = this.#el('#fq-score');
    const comment = this.#el<HTMLTextAreaElement>('#fq-rate-comment');
    const max = Number(form.dataset.commentMax);
    clearFieldErrors(form);
    this.#rateProblem('');
    this.#error('');
    const chosen = form.querySelector<HTMLInputElement>('input[name="score"]:checked');
    const text = comment.value.trim();
    if (!chosen) {
      setFieldError(group, t.rateRequired ?? '');
      group.querySelector('input')?.focus();
      return;
    }
    if (text.length > max) {
      setFieldError(comment, fill(t.rateCommentTooLong ?? '', { max }));
      comment.focus();
      return;
    }
    const rating = { score: Number(chosen.value), ...(text ? { comment: text } : {}) };
    // A new key for each rating; the same rating sent again (its answer was lost) keeps it, so
    // the server answers the first request's result instead of rating twice.
    const body = JSON.stringify(rating);
    if (body !== this.#rateBody) {
      this.#rateBody = body;
      this.#rateKey = newKey();
    }
    const choice =
      chosen.closest('label')?.querySelector('.fq-choice__label')?.textContent?.trim() ?? '';
    this.#rating = true;
    this.#status(t.rateSending ?? '');
    let response: Response;
    try {
      response = await this.#call('/rating', rating, { 'Idempotency-Key': this.#rateKey });
    } catch {
      this.#status('');
      this.#rateProblem(t.actionFailed ?? '');
      return;
    } finally {
      this.#rating = false;
    }
    this.#status('');
    if (response.status === 201) {
      // The case again: nextAction is `none` now, and the timeline has the rating.
      await this.#reload();
      this.#resetRating();
      this.#rated('done', choice);
      return;
    }
    const error = await readError(response);
    if (response.status === 404 || response.status === 429) {
      await this.#refused(response);
    } else if (error.code === 'STAGE_CONFLICT' || response.status === 409) {
      await this.#reload();
      if (this.#el('[data-action="rate"]').hidden) {
        this.#resetRating();
        this.#rated('already');
      } else {
        this.#rateProblem(t.stageConflict ?? '');
      }
    } else if (error.code === 'VALIDATION_FAILED') {
      const fields = Object.keys(
        error.details && typeof error.details === 'object' ? error.details : {},
      );
      if (fields.some((f) => f.endsWith('.comment'))) {
        setFieldError(comment, fill(t.rateCommentTooLong ?? '', { max }));
        comment.focus();
      } else if (fields.some((f) => f.endsWith('.score'))) {
        setFieldError(group, t.rateRequired ?? '');
        group.querySelector('input')?.focus();
      } else {
        this.#rateProblem(t.actionFailed ?? '');
      }
    } else {
      this.#rateProblem(
        response.status >= 500 || !error.message ? (t.actionFailed ?? '') : error.message,
      );
    }
  }
}

/** Elements whose content never shows (or could act) inside the page. */
const DROP = new Set([
  'script',
  'style',
  'link',
  'meta',
  'title',
  'head',
  'iframe',
  'object',
  'embed',
  'img',
  'svg',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'template',
  'noscript',
  'video',
  'audio',
  'canvas',
]);
/** Elements kept (without attributes); anything else gives up its children only. */
const KEEP = new Set([
  'p',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'strong',
  'b',
  'em',
  'i',
  'br',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'div',
  'span',
  'blockquote',
  'small',
  'time',
]);
/** Sectioning elements become plain boxes: inside this page they must not add landmarks. */
const BLOCKS = new Set(['section', 'article', 'header', 'footer', 'main']);

if (!customElements.get('fq-track')) customElements.define('fq-track', FqTrack);
