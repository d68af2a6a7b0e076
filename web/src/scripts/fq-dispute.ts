// <fq-dispute>: filing a dispute (docs/cases.md) in four steps over the public API: categories
// and places from GET /api/city, attachments by POST /api/uploads then PUT of the bytes, the
// application by POST /api/cases. Each step is checked with the input rules of CONTRACT.md
// before moving on; the server's VALIDATION_FAILED details are shown at their fields too.
// Copy comes from the page (data-strings and markup); text goes in with textContent only.
import {
  clearFieldErrors,
  fill,
  isIdNumber,
  isLandline,
  nameProblem,
  newKey,
  normalizeMobile,
  readError,
  rememberCase,
  retryMinutes,
  setFieldError,
} from './resident-form.ts';
import { setStepperCurrent } from './stepper.ts';

type Strings = Record<string, string> & {
  relations: Record<string, string>;
  /** The relations in Chinese, as the case records and its documents print them. */
  relationWords: Record<string, string>;
  modeNames: Record<string, string>;
  modes: Record<string, string>;
  steps: { label: string }[];
};

interface Named {
  id: string;
  name: string;
  nameEn: string;
}
interface RegionNode extends Named {
  level: string;
  children?: RegionNode[];
}

const LAST_STEP = 4;
/** The server's limits (functions/api/routes/cases.ts): description 10–5000, address 2–200. */
const DESCRIPTION_MIN = 10;
const DESCRIPTION_MAX = 5000;
const ADDRESS_MIN = 2;
const ADDRESS_MAX = 200;
const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024;
const TYPES: Record<string, string> = {
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'application/pdf': 'application/pdf',
};
const EXTENSIONS: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

interface Upload {
  file: File;
  contentType: string;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  /** Kept across a retry of the POST; a new one once a POST has answered (its URL may expire). */
  idempotencyKey: string;
  uploadId?: string;
  /** A file the rules refuse cannot be retried, only removed. */
  refused?: boolean;
  xhr?: XMLHttpRequest;
  item: HTMLLIElement;
}

interface Problem {
  control: HTMLElement;
  message: string;
}

class FqDispute extends HTMLElement {
  #t = {} as Strings;
  #en = false;
  #step = 1;
  #uploads: Upload[] = [];
  #pumping = false;
  #regions = new Map<string, string>();
  #categories = new Map<string, string>();
  #serial = 0;
  /** One key per submission attempt, reused when the same application is sent again. */
  #submitKey: string | undefined;
  #submitBody: string | undefined;
  #sending = false;

  connectedCallback(): void {
    this.#t = JSON.parse(this.dataset.strings ?? '{}') as Strings;
    this.#en = this.dataset.locale === 'en';
    const form = this.#form();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.#step < LAST_STEP) this.#next();
      else void this.#send();
    });
    // A field stops showing its error as soon as the resident changes it.
    form.addEventListener('input', (event) => this.#touched(event.target));
    form.addEventListener('change', (event) => this.#touched(event.target));
    this.#el('[data-back]').addEventListener('click', () => this.#go(this.#step - 1));
    this.#el('[data-retry]').addEventListener('click', () => void this.#load());
    for (const button of this.querySelectorAll<HTMLElement>('[data-add]')) {
      button.addEventListener('click', () => this.#addItem(button.dataset.add ?? ''));
    }
    for (const button of this.querySelectorAll<HTMLElement>('[data-edit]')) {
      button.addEventListener('click', () => this.#go(Number(button.dataset.edit)));
    }
    const description = this.#el<HTMLTextAreaElement>('#fq-description');
    description.addEventListener('input', () => this.#count(description));
    this.#el<HTMLInputElement>('#fq-files').addEventListener('change', (event) =>
      this.#pick(event.target as HTMLInputElement),
    );
    this.querySelector('input[name="forRelative"]')?.addEventListener('change', (event) => {
      this.#el('[data-agent]').hidden = !(event.target as HTMLInputElement).checked;
    });
    for (const button of this.querySelectorAll<HTMLElement>('[data-copy]')) {
      button.addEventListener('click', () => void this.#copy(button.dataset.copy ?? ''));
    }
    this.#el('[data-print]').addEventListener('click', () => window.print());
    void this.#load();
  }

  #el<T extends HTMLElement = HTMLElement>(selector: string): T {
    return this.querySelector<T>(selector)!;
  }

  #form(): HTMLFormElement {
    return this.#el<HTMLFormElement>('[data-form]');
  }

  #status(text: string): void {
    this.#el('[data-status]').textContent = text;
  }

  #name(item: Named): string {
    return this.#en ? item.nameEn : item.name;
  }

  // ---- choices from the city -------------------------------------------------------------

  async #load(): Promise<void> {
    this.#el('[data-load-failed]').hidden = true;
    this.#status(this.#t.loading ?? '');
    try {
      const response = await fetch('/api/city', {
        headers: { Accept: 'application/json', 'Accept-Language': this.#en ? 'en' : 'zh-CN' },
      });
      if (!response.ok) throw new Error(`GET /api/city: ${response.status}`);
      const city = (await response.json()) as { categories?: Named[]; regions?: RegionNode[] };
      if (!Array.isArray(city.categories) || !Array.isArray(city.regions)) {
        throw new Error('GET /api/city: no categories or regions');
      }
      this.#fillCategories(city.categories);
      this.#fillRegions(city.regions);
      this.#form().hidden = false;
      this.#status('');
      this.#go(1, false);
    } catch (error) {
      // Not console.error: a failed fetch is an expected condition the page explains.
      console.warn('fq-dispute:', error);
      this.#status('');
      this.#el('[data-load-failed]').hidden = false;
    }
  }

  #fillCategories(categories: Named[]): void {
    const group = this.#el('#fq-category');
    const box = group.querySelector<HTMLElement>('[data-choices]')!;
    const template = group.querySelector<HTMLTemplateElement>('template[data-choice]')!;
    const chosen = box.querySelector<HTMLInputElement>('input:checked')?.value;
    box.replaceChildren(
      ...categories.map((category) => {
        this.#categories.set(category.id, this.#name(category));
        const choice = template.content.cloneNode(true) as DocumentFragment;
        const input = choice.querySelector('input')!;
        input.value = category.id;
        input.required = true;
        input.checked = category.id === chosen;
        choice.querySelector('.fq-choice__label')!.textContent = this.#name(category);
        return choice;
      }),
    );
  }

  /**
   * Villages (and their grids) grouped by town, each group named with its county so that two
   * towns of the same name stay apart; cases are handled at village level or above, so only
   * `village` and `grid` regions can be chosen.
   */
  #fillRegions(roots: RegionNode[]): void {
    const select = this.#el<HTMLSelectElement>('#fq-regionId');
    const chosen = select.value;
    const first = select.options[0]!;
    const groups: HTMLOptGroupElement[] = [];
    const loose: HTMLOptionElement[] = [];
    const option = (node: RegionNode) => {
      this.#regions.set(node.id, this.#name(node));
      const element = document.createElement('option');
      element.value = node.id;
      element.textContent = this.#name(node);
      return element;
    };
    const places = (node: RegionNode): HTMLOptionElement[] =>
      node.level === 'village' || node.level === 'grid'
        ? [option(node), ...(node.children ?? []).flatMap(places)]
        : [];
    const walk = (node: RegionNode, county: string) => {
      const countyName = node.level === 'county' ? this.#name(node) : county;
      if (node.level === 'town') {
        const group = document.createElement('optgroup');
        group.label = fill(this.#t.regionGroup ?? '{town}', {
          county: countyName,
          town: this.#name(node),
        }).trim();
        group.append(...(node.children ?? []).flatMap(places));
        if (group.children.length > 0) groups.push(group);
        return;
      }
      if (node.level === 'village' || node.level === 'grid') {
        loose.push(...places(node));
        return;
      }
      for (const child of node.children ?? []) walk(child, countyName);
    };
    for (const root of roots) walk(root, '');
    select.replaceChildren(first, ...loose, ...groups);
    select.value = chosen;
  }

  // ---- steps -------------------------------------------------------------------------------

  #go(step: number, focus = true): void {
    if (step < 1 || step > LAST_STEP) return;
    this.#step = step;
    for (const panel of this.querySelectorAll<HTMLElement>('[data-panel]')) {
      panel.hidden = panel.dataset.panel !== String(step);
    }
    setStepperCurrent(this.#el('#fq-dispute-steps'), String(step));
    this.#el('[data-back]').hidden = step === 1;
    this.#el('[data-next]').hidden = step === LAST_STEP;
    this.#summary('');
    this.#status('');
    if (step === LAST_STEP) this.#review();
    if (!focus) return;
    this.#el('#fq-dispute-steps').scrollIntoView({ block: 'start' });
    this.#el(`[data-panel="${step}"] [data-panel-heading]`).focus({ preventScroll: true });
  }

  #next(): void {
    const problems = this.#check(this.#step);
    if (problems.length > 0) {
      this.#show(problems);
      return;
    }
    if (this.#step === 3) {
      const busy = this.#uploads.some((u) => u.state === 'waiting' || u.state === 'uploading');
      const failed = this.#uploads.some((u) => u.state === 'failed');
      if (busy || failed) {
        this.#summary(busy ? (this.#t.stillUploading ?? '') : (this.#t.failedFiles ?? ''));
        return;
      }
    }
    this.#go(this.#step + 1);
  }

  /** The error summary at the top of the form (role="alert": read out when it changes). */
  #summary(text: string): void {
    const summary = this.#el('[data-summary]');
    if (!text) {
      summary.replaceChildren();
      return;
    }
    // The danger icon and the word "错误：" too: the colour is never the only sign.
    const template = this.querySelector<HTMLTemplateElement>('template[data-error-icon]');
    const p = document.createElement('p');
    const word = document.createElement('strong');
    word.textContent = template?.dataset.errorWord ?? '';
    p.append(word, text);
    summary.replaceChildren(...(template ? [template.content.cloneNode(true)] : []), p);
  }

  #show(problems: Problem[], summary?: string): void {
    for (const { control, message } of problems) setFieldError(control, message);
    this.#summary(summary ?? fill(this.#t.fixErrors ?? '', { n: problems.length }));
    const first = problems[0]?.control;
    if (!first) return;
    const focusable = first.matches('fieldset') ? first.querySelector('input') : first;
    focusable?.focus();
  }

  #touched(target: EventTarget | null): void {
    if (!(target instanceof HTMLElement)) return;
    if (target.matches('input[type="radio"], input[type="checkbox"]')) {
      const group = target.closest('fieldset.fq-choices');
      if (group instanceof HTMLElement && group.getAttribute('aria-invalid')) {
        setFieldError(group, '');
      }
      return;
    }
    if (target.getAttribute('aria-invalid') === 'true') setFieldError(target, '');
    // The other side's phone and address: either one clears the "at least one" error.
    const group = target.closest<HTMLElement>('[data-contact-group]');
    const phone = group?.querySelector<HTMLElement>('[data-rule="phoneOrLandline"]');
    if (phone && phone !== target && phone.getAttribute('aria-invalid') === 'true') {
      setFieldError(phone, '');
    }
  }

  // ---- checking ------------------------------------------------------------------------------

  #check(step: number): Problem[] {
    const panel = this.#el(`[data-panel="${step}"]`);
    clearFieldErrors(panel);
    const problems: Problem[] = [];
    const t = this.#t;
    if (step === 1) {
      const category = this.#el('#fq-category');
      if (!category.querySelector('input:checked')) {
        problems.push({ control: category, message: t.categoryRequired ?? '' });
      }
      const description = this.#el<HTMLTextAreaElement>('#fq-description');
      const story = description.value.trim();
      if (!story) {
        problems.push({ control: description, message: t.storyRequired ?? '' });
      } else if (story.length < DESCRIPTION_MIN) {
        problems.push({ control: description, message: t.storyTooShort ?? '' });
      }
      const region = this.#el<HTMLSelectElement>('#fq-regionId');
      if (!region.value) problems.push({ control: region, message: t.regionRequired ?? '' });
      const mode = this.#el('#fq-mode');
      if (!mode.querySelector('input:checked')) {
        problems.push({ control: mode, message: t.modeRequired ?? '' });
      }
    }
    if (step === 2) {
      for (const control of panel.querySelectorAll<HTMLInputElement>('[data-rule]')) {
        if (control.closest('[hidden]')) continue;
        const message = this.#rule(control);
        if (message) problems.push({ control, message });
      }
      for (const group of panel.querySelectorAll<HTMLElement>('[data-contact-group]')) {
        const phone = group.querySelector<HTMLInputElement>('[data-rule="phoneOrLandline"]')!;
        const address = group.querySelector<HTMLTextAreaElement>('[data-rule="address"]')!;
        if (!phone.value.trim() && !address.value.trim()) {
          problems.push({ control: phone, message: t.contactRequired ?? '' });
        }
      }
      // In the order they appear on the screen, so the first one is focused.
      problems.sort((a, b) =>
        a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
      );
    }
    if (step === 4) {
      const consent = this.#el('#fq-privacyConsent');
      if (!consent.querySelector('input:checked')) {
        problems.push({ control: consent, message: t.consentRequired ?? '' });
      }
    }
    return problems;
  }

  /** The message for a control that breaks its input rule, or '' when it is fine. */
  #rule(control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string {
    const t = this.#t;
    const value = control.value.trim();
    switch (control.dataset.rule) {
      case 'name': {
        const problem = nameProblem(value);
        return problem === 'required'
          ? (t.nameRequired ?? '')
          : problem === 'tooLong'
            ? (t.nameTooLong ?? '')
            : '';
      }
      case 'mobile':
        if (!value) return t.phoneRequired ?? '';
        return normalizeMobile(value) ? '' : (t.phoneInvalid ?? '');
      case 'phoneOrLandline':
        return !value || normalizeMobile(value) || isLandline(value)
          ? ''
          : (t.landlineInvalid ?? '');
      case 'idNumber':
        return !value || isIdNumber(value) ? '' : (t.idInvalid ?? '');
      case 'relation':
        return value ? '' : (t.relationRequired ?? '');
      case 'address':
        if (value && value.length < ADDRESS_MIN) return t.addressTooShort ?? '';
        return value.length > ADDRESS_MAX ? fill(t.addressTooLong ?? '', { max: ADDRESS_MAX }) : '';
      default:
        return '';
    }
  }

  #count(description: HTMLTextAreaElement): void {
    const counter = this.#el('#fq-description-counter');
    counter.textContent = fill(this.#t.counter ?? '', {
      n: description.value.length,
      max: DESCRIPTION_MAX,
    });
  }

  // ---- co-applicants and other respondents ----------------------------------------------------

  #addItem(kind: string): void {
    const template = this.querySelector<HTMLTemplateElement>(`template[data-item="${kind}"]`);
    const list = this.querySelector<HTMLElement>(`[data-list="${kind}"]`);
    if (!template || !list) return;
    const serial = String(++this.#serial);
    const item = template.content.cloneNode(true) as DocumentFragment;
    for (const element of item.querySelectorAll<HTMLElement>('[id], [for], [aria-describedby]')) {
      for (const attribute of ['id', 'for', 'aria-describedby']) {
        const value = element.getAttribute(attribute);
        if (value?.includes('__')) element.setAttribute(attribute, value.replaceAll('__', serial));
      }
    }
    const root = item.querySelector<HTMLElement>('[data-item-root]')!;
    root.querySelector('[data-remove]')?.addEventListener('click', () => {
      root.remove();
      this.#renumber(kind);
      this.querySelector<HTMLElement>(`[data-add="${kind}"]`)?.focus();
    });
    list.append(item);
    this.#renumber(kind);
    root.querySelector<HTMLElement>('input')?.focus();
  }

  /** Titles ("共同申请人 2") and the paths the server's errors name follow the order shown. */
  #renumber(kind: string): void {
    const title = kind === 'coApplicants' ? this.#t.coItem : this.#t.otherItem;
    const items = this.querySelectorAll<HTMLElement>(`[data-list="${kind}"] > [data-item-root]`);
    items.forEach((item, index) => {
      const name = fill(title ?? '{n}', { n: index + 1 });
      item.querySelector('[data-item-title]')!.textContent = name;
      for (const span of item.querySelectorAll('[data-item-name]')) span.textContent = name;
      for (const control of item.querySelectorAll<HTMLElement>('[data-field]')) {
        control.dataset.path = `${kind}.${index}.${control.dataset.field}`;
      }
    });
  }

  // ---- attachments ---------------------------------------------------------------------------

  #pick(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])];
    // Cleared, so that choosing the same file again (after removing it) still fires `change`.
    input.value = '';
    const room = MAX_FILES - this.#uploads.length;
    const taken = files.slice(0, Math.max(room, 0));
    const extra = files.length - taken.length;
    for (const file of taken) this.#addUpload(file);
    this.#status(extra > 0 ? fill(this.#t.tooManyFiles ?? '', { n: extra }) : '');
    this.#filesChanged();
    void this.#pump();
  }

  #addUpload(file: File): void {
    const template = this.#el<HTMLTemplateElement>('template[data-file]');
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    const item = fragment.querySelector('li')!;
    const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
    const contentType = TYPES[file.type] ?? (file.type ? '' : (EXTENSIONS[extension] ?? ''));
    const upload: Upload = {
      file,
      contentType,
      state: 'waiting',
      idempotencyKey: newKey(),
      item,
    };
    item.querySelector('[data-file-name]')!.textContent = file.name;
    item.querySelector('[data-file-size]')!.textContent = `(${this.#size(file.size)})`;
    for (const label of item.querySelectorAll('[data-file-label]')) label.textContent = file.name;
    item
      .querySelector('[data-file-progress]')!
      .setAttribute('aria-label', fill(this.#t.progressLabel ?? '', { name: file.name }));
    item.querySelector('[data-file-remove]')!.addEventListener('click', () => this.#remove(upload));
    item.querySelector('[data-file-retry]')!.addEventListener('click', () => {
      this.#state(upload, 'waiting');
      void this.#pump();
    });
    this.#el('[data-files]').append(item);
    this.#uploads.push(upload);
    if (!contentType) this.#refuse(upload, this.#t.fileWrongType ?? '');
    else if (file.size > MAX_BYTES) this.#refuse(upload, this.#t.fileTooBig ?? '');
    else if (file.size === 0) this.#refuse(upload, this.#t.fileEmpty ?? '');
    else this.#state(upload, 'waiting');
  }

  #size(bytes: number): string {
    return bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
      : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  }

  #refuse(upload: Upload, reason: string): void {
    upload.refused = true;
    this.#state(upload, 'failed', reason);
  }

  #state(upload: Upload, state: Upload['state'], detail = '', percent = 0): void {
    upload.state = state;
    const { item } = upload;
    item.dataset.state = state;
    const t = this.#t;
    const text =
      state === 'waiting'
        ? (t.uploadWaiting ?? '')
        : state === 'uploading'
          ? fill(t.uploading ?? '', { p: percent })
          : state === 'done'
            ? (t.uploaded ?? '')
            : fill(t.uploadFailed ?? '', { reason: detail });
    item.querySelector('[data-file-state]')!.textContent = text;
    item.querySelector<HTMLProgressElement>('[data-file-progress]')!.value = percent;
    item.querySelector<HTMLElement>('[data-file-retry]')!.hidden =
      state !== 'failed' || Boolean(upload.refused);
    // Only the end of each file is announced, not every percent.
    if (state === 'done' || state === 'failed') this.#status(`${upload.file.name}: ${text}`);
  }

  #remove(upload: Upload): void {
    upload.xhr?.abort();
    upload.item.remove();
    this.#uploads = this.#uploads.filter((u) => u !== upload);
    this.#filesChanged();
    this.#status(fill(this.#t.fileRemoved ?? '', { name: upload.file.name }));
    this.#el('#fq-files').focus();
  }

  #filesChanged(): void {
    this.#el('[data-files-heading]').hidden = this.#uploads.length === 0;
    this.#el<HTMLInputElement>('#fq-files').disabled = this.#uploads.length >= MAX_FILES;
  }

  /** Sends waiting files one at a time: a slow rural connection does better with one stream. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (;;) {
        const next = this.#uploads.find((u) => u.state === 'waiting');
        if (!next) break;
        await this.#upload(next);
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #upload(upload: Upload): Promise<void> {
    this.#state(upload, 'uploading');
    let target: {
      uploadId: string;
      uploadUrl: string;
      method?: string;
      headers?: Record<string, string>;
    };
    try {
      const response = await fetch('/api/uploads', {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'Idempotency-Key': upload.idempotencyKey,
          'Accept-Language': this.#en ? 'en' : 'zh-CN',
        },
        body: JSON.stringify({
          fileName: upload.file.name,
          contentType: upload.contentType,
          size: upload.file.size,
        }),
      });
      if (response.status !== 201) {
        const error = await readError(response);
        // A refusal by the rules (type, size) cannot be cured by sending again.
        upload.refused = response.status < 500 && response.status !== 429;
        if (!this.#uploads.includes(upload)) return;
        this.#state(upload, 'failed', error.message || (this.#t.networkError ?? ''));
        return;
      }
      target = await response.json();
    } catch {
      if (this.#uploads.includes(upload)) this.#state(upload, 'failed', this.#t.networkError ?? '');
      return;
    }
    // The POST answered: a retry asks for a fresh URL rather than replaying one that may expire.
    upload.idempotencyKey = newKey();
    if (!this.#uploads.includes(upload)) return;
    const ok = await this.#put(upload, target);
    if (!this.#uploads.includes(upload)) return;
    if (ok === true) {
      upload.uploadId = target.uploadId;
      this.#state(upload, 'done', '', 100);
    } else {
      this.#state(upload, 'failed', ok);
    }
  }

  /** PUTs the bytes with progress (fetch cannot report upload progress); true or the reason. */
  #put(
    upload: Upload,
    target: { uploadUrl: string; method?: string; headers?: Record<string, string> },
  ): Promise<true | string> {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      upload.xhr = xhr;
      xhr.open(target.method ?? 'PUT', target.uploadUrl);
      for (const [name, value] of Object.entries(target.headers ?? {})) {
        try {
          xhr.setRequestHeader(name, value);
        } catch {
          // a header the browser sets itself (Host, Content-Length)
        }
      }
      xhr.upload.addEventListener('progress', (event) => {
        if (!event.lengthComputable) return;
        const percent = Math.min(99, Math.floor((event.loaded / event.total) * 100));
        this.#state(upload, 'uploading', '', percent);
      });
      xhr.addEventListener('load', () => {
        upload.xhr = undefined;
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(true);
          return;
        }
        let message = '';
        try {
          message =
            (JSON.parse(xhr.responseText) as { error?: { message?: string } }).error?.message ?? '';
        } catch {
          // S3 answers in XML; say it plainly instead
        }
        resolve(message || `HTTP ${xhr.status}`);
      });
      xhr.addEventListener('error', () => {
        upload.xhr = undefined;
        resolve(this.#t.networkError ?? '');
      });
      xhr.addEventListener('abort', () => resolve(''));
      xhr.send(upload.file);
    });
  }

  // ---- review and send ---------------------------------------------------------------------

  #value(selector: string): string {
    return this.querySelector<HTMLInputElement>(selector)?.value.trim() ?? '';
  }

  #checked(group: string): string {
    return this.querySelector<HTMLInputElement>(`#fq-${group} input:checked`)?.value ?? '';
  }

  #items(kind: string): Record<string, string>[] {
    return [...this.querySelectorAll<HTMLElement>(`[data-list="${kind}"] > [data-item-root]`)].map(
      (item) => {
        const values: Record<string, string> = {};
        for (const control of item.querySelectorAll<HTMLInputElement>('[data-field]')) {
          values[control.dataset.field ?? ''] = control.value.trim();
        }
        return values;
      },
    );
  }

  #forRelative(): boolean {
    return Boolean(this.querySelector<HTMLInputElement>('input[name="forRelative"]')?.checked);
  }

  #body(): Record<string, unknown> {
    const mobile = (value: string) => normalizeMobile(value) ?? value;
    const optional = (value: string) => (value ? value : undefined);
    const idNumber = this.#value('#fq-applicant-id').toUpperCase();
    const coApplicants = this.#items('coApplicants').map((p) => ({
      name: p.name ?? '',
      phone: mobile(p.phone ?? ''),
    }));
    const otherRespondents = this.#items('otherRespondents').map((p) => ({
      name: p.name ?? '',
      phone: optional(p.phone ?? ''),
      address: optional(p.address ?? ''),
    }));
    const attachmentIds = this.#uploads.flatMap((u) => (u.uploadId ? [u.uploadId] : []));
    return {
      category: this.#checked('category'),
      description: this.#value('#fq-description'),
      applicant: {
        name: this.#value('#fq-applicant-name'),
        phone: mobile(this.#value('#fq-applicant-phone')),
        idNumber: optional(idNumber),
      },
      coApplicants: coApplicants.length > 0 ? coApplicants : undefined,
      respondent: {
        name: this.#value('#fq-respondent-name'),
        phone: optional(this.#value('#fq-respondent-phone')),
        address: optional(this.#value('#fq-respondent-address')),
      },
      otherRespondents: otherRespondents.length > 0 ? otherRespondents : undefined,
      agent: this.#forRelative()
        ? {
            name: this.#value('#fq-agent-name'),
            phone: mobile(this.#value('#fq-agent-phone')),
            relation: this.#t.relationWords[this.#value('#fq-agent-relation')] ?? '',
          }
        : undefined,
      regionId: this.#value('#fq-regionId'),
      mode: this.#checked('mode'),
      attachmentIds: attachmentIds.length > 0 ? attachmentIds : undefined,
      privacyConsent: true,
    };
  }

  #review(): void {
    const t = this.#t;
    const none = t.none ?? '';
    const facts = (step: string, rows: [string, string][]) => {
      const list = this.#el(`[data-review="${step}"]`);
      list.replaceChildren(
        ...rows.flatMap(([term, value]) => {
          const dt = document.createElement('dt');
          dt.textContent = term;
          const dd = document.createElement('dd');
          dd.textContent = value || none;
          return [dt, dd];
        }),
      );
    };
    const person = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' · ');
    const category = this.#checked('category');
    const mode = this.#checked('mode');
    facts('1', [
      [t.category ?? '', this.#categories.get(category) ?? ''],
      [t.story ?? '', this.#value('#fq-description')],
      [t.region ?? '', this.#regions.get(this.#value('#fq-regionId')) ?? ''],
      [t.mode ?? '', t.modes[mode] ?? ''],
    ]);
    const rows: [string, string][] = [];
    if (this.#forRelative()) {
      const relation = this.#value('#fq-agent-relation');
      rows.push([
        t.agentLegend ?? '',
        person(
          this.#value('#fq-agent-name'),
          t.relations[relation],
          this.#value('#fq-agent-phone'),
        ),
      ]);
    }
    rows.push([
      t.applicantLegend ?? '',
      person(
        this.#value('#fq-applicant-name'),
        this.#value('#fq-applicant-phone'),
        this.#value('#fq-applicant-id'),
      ),
    ]);
    this.#items('coApplicants').forEach((p, i) => {
      rows.push([fill(t.coItem ?? '', { n: i + 1 }), person(p.name, p.phone)]);
    });
    rows.push([
      t.respondentLegend ?? '',
      person(
        this.#value('#fq-respondent-name'),
        this.#value('#fq-respondent-phone'),
        this.#value('#fq-respondent-address'),
      ),
    ]);
    this.#items('otherRespondents').forEach((p, i) => {
      rows.push([fill(t.otherItem ?? '', { n: i + 1 }), person(p.name, p.phone, p.address)]);
    });
    facts('2', rows);
    const done = this.#uploads.filter((u) => u.state === 'done');
    facts('3', [
      [
        done.length > 0 ? fill(t.filesCount ?? '', { n: done.length }) : (t.fileList ?? ''),
        done.map((u) => u.file.name).join('\n'),
      ],
    ]);
  }

  async #send(): Promise<void> {
    if (this.#sending) return;
    const problems = this.#check(LAST_STEP);
    if (problems.length > 0) {
      this.#show(problems);
      return;
    }
    const body = JSON.stringify(this.#body());
    // The same application sent again (after a lost answer) keeps its key; a changed one is new.
    if (body !== this.#submitBody) {
      this.#submitKey = newKey();
      this.#submitBody = body;
    }
    const submit = this.#el<HTMLButtonElement>('[data-submit]');
    this.#sending = true;
    submit.disabled = true;
    this.#summary('');
    this.#status(this.#t.submitting ?? '');
    let response: Response;
    try {
      response = await fetch('/api/cases', {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'Idempotency-Key': this.#submitKey!,
          'Accept-Language': this.#en ? 'en' : 'zh-CN',
        },
        body,
      });
    } catch {
      this.#failed(this.#t.submitFailed ?? '');
      return;
    } finally {
      this.#sending = false;
      submit.disabled = false;
    }
    if (response.status === 201) {
      const created = (await response.json()) as { caseNumber: string; trackingCode: string };
      this.#done(created.caseNumber, created.trackingCode);
      return;
    }
    const error = await readError(response);
    if (response.status === 429) {
      this.#failed(fill(this.#t.tooMany ?? '', { minutes: retryMinutes(response) }));
    } else if (error.code === 'VALIDATION_FAILED') {
      this.#serverProblems(error);
    } else if (response.status >= 500 || !error.message) {
      this.#failed(this.#t.submitFailed ?? '');
    } else {
      this.#failed(error.message);
    }
  }

  #failed(message: string): void {
    this.#status('');
    this.#summary(message);
    this.#el('[data-summary]').scrollIntoView({ block: 'center' });
  }

  /**
   * VALIDATION_FAILED names the fields at fault (`json.applicant.phone`, `respondent`,
   * `coApplicants.1.name`…): each is shown at its control, in our own plain words where the
   * control has a rule, and the form goes back to the first step with a problem.
   */
  #serverProblems(error: { message: string; details?: unknown }): void {
    this.#status('');
    const details =
      error.details && typeof error.details === 'object'
        ? (error.details as Record<string, unknown>)
        : {};
    const problems: Problem[] = [];
    const unplaced: string[] = [];
    for (const [key, value] of Object.entries(details)) {
      const path = key.replace(/^(json|body)\./, '');
      const control = this.#controlFor(path);
      if (!control) {
        unplaced.push(typeof value === 'string' ? value : path);
        continue;
      }
      const own = control.dataset.rule ? this.#rule(control as HTMLInputElement) : '';
      const fallback = path.startsWith('attachmentIds')
        ? this.#t.attachmentsRefused
        : this.#t.serverInvalid;
      problems.push({ control, message: own || (fallback ?? '') });
    }
    if (problems.length === 0) {
      this.#failed(error.message || (this.#t.submitFailed ?? ''));
      return;
    }
    problems.sort((a, b) =>
      a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
    const step = Number(problems[0]!.control.closest<HTMLElement>('[data-panel]')?.dataset.panel);
    this.#go(step || LAST_STEP, false);
    const summary = [this.#t.serverErrors ?? '', ...unplaced].join(' ');
    this.#show(problems, summary);
  }

  #controlFor(path: string): HTMLElement | undefined {
    const groups: Record<string, string> = {
      category: '#fq-category',
      mode: '#fq-mode',
      privacyConsent: '#fq-privacyConsent',
    };
    const top = path.split('.')[0] ?? '';
    if (groups[top]) return this.#el(groups[top]);
    const byPath = (p: string) =>
      [...this.querySelectorAll<HTMLElement>('[data-path]')].find((c) => c.dataset.path === p);
    const exact = byPath(path);
    if (exact) return exact;
    // `respondent` (phone or address missing) or `coApplicants.1`: the first control under it.
    const under = [...this.querySelectorAll<HTMLElement>('[data-path]')].find((c) =>
      c.dataset.path?.startsWith(`${path}.`),
    );
    if (under) return path === 'respondent' ? this.#el('#fq-respondent-phone') : under;
    // `attachmentIds.3` and the like: the nearest named parent.
    const parent = path.split('.').slice(0, -1).join('.');
    return parent ? this.#controlFor(parent) : undefined;
  }

  // ---- done ----------------------------------------------------------------------------------

  #done(caseNumber: string, code: string): void {
    this.#el('[data-wizard]').hidden = true;
    const done = this.#el('[data-done]');
    done.hidden = false;
    this.#el('[data-case-number]').textContent = caseNumber;
    this.#el('[data-tracking-code]').textContent = code;
    this.#el<HTMLAnchorElement>('[data-track-link]').href =
      `${this.dataset.track ?? '/track/'}?case=${encodeURIComponent(caseNumber)}`;
    // The tracking page opens this case straight away in this tab; the code never enters a URL.
    rememberCase(caseNumber, code);
    this.scrollIntoView({ block: 'start' });
    this.#el('#fq-done-heading').focus({ preventScroll: true });
  }

  async #copy(which: string): Promise<void> {
    const value = this.#el(which === 'case' ? '[data-case-number]' : '[data-tracking-code]');
    const what = which === 'case' ? this.#t.caseNumber : this.#t.trackingCode;
    const status = this.#el('[data-copy-status]');
    const text = value.textContent ?? '';
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      // No clipboard API (plain http on a LAN) or refused: select the text for a manual copy.
      const range = document.createRange();
      range.selectNodeContents(value);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      copied = document.execCommand?.('copy') ?? false;
    }
    status.textContent = copied
      ? fill(this.#t.copied ?? '', { what: what ?? '' })
      : (this.#t.copyFailed ?? '');
  }
}

if (!customElements.get('fq-dispute')) customElements.define('fq-dispute', FqDispute);
