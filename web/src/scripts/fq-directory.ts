// Shared by <fq-service-points> and <fq-providers>: a list of cards filled from the public API,
// narrowed by the <select> filters inside the element. Copy comes from the page (data-strings);
// text goes in with textContent only, so the script holds no words of its own.

export type Strings = Record<string, unknown>;
type State = 'loading' | 'loaded' | 'empty' | 'failed';

export interface Named {
  id: string;
  name: string;
  nameEn: string;
}

/** A slow rural connection gets this long before we show the phone number instead. */
const TIMEOUT_MS = 15_000;

export abstract class FqDirectory<T> extends HTMLElement {
  protected t: Strings = {};
  protected en = false;
  #controller: AbortController | undefined;
  #ready = false;

  connectedCallback(): void {
    this.t = JSON.parse(this.dataset.strings ?? '{}') as Strings;
    this.en = this.dataset.locale === 'en';
    this.querySelector('[data-retry]')?.addEventListener('click', () => {
      // The button is about to be hidden; keep keyboard focus in the same place on the page.
      this.querySelector<HTMLElement>('[data-status]')?.focus();
      void this.load();
    });
    for (const select of this.querySelectorAll('select')) {
      select.addEventListener('change', () => void this.load());
    }
    void this.load();
  }

  disconnectedCallback(): void {
    this.#controller?.abort();
  }

  /** Fetches what the filters need (once), then the list for the current filters. */
  protected abstract prepare(get: <R>(path: string) => Promise<R>): Promise<void>;
  protected abstract fetchList(get: <R>(path: string) => Promise<R>): Promise<T[]>;
  protected abstract card(item: T, template: HTMLTemplateElement): DocumentFragment;

  async load(): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#show('loading');
    // AbortSignal.timeout is missing from older Android WebViews.
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    const get = async <R>(path: string): Promise<R> => {
      const response = await fetch(path, {
        headers: { Accept: 'application/json', 'Accept-Language': this.en ? 'en' : 'zh-CN' },
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      return (await response.json()) as R;
    };
    try {
      if (!this.#ready) {
        await this.prepare(get);
        this.#ready = true;
      }
      const items = await this.fetchList(get);
      if (controller !== this.#controller) return; // superseded by a newer filter
      const list = this.querySelector<HTMLElement>('[data-list]');
      const template = this.querySelector<HTMLTemplateElement>('template[data-item]');
      if (!list || !template) return;
      list.replaceChildren(
        ...items.map((item) => {
          const li = document.createElement('li');
          li.append(this.card(item, template));
          return li;
        }),
      );
      this.#show(items.length === 0 ? 'empty' : 'loaded', items.length);
    } catch (error) {
      if (controller !== this.#controller) return;
      // Not console.error: a failed fetch is an expected condition the page explains.
      console.warn(`${this.localName}:`, error);
      this.#show('failed');
    } finally {
      clearTimeout(timer);
    }
  }

  protected str(key: string): string {
    const value = this.t[key];
    return typeof value === 'string' ? value : '';
  }

  protected map(key: string): Record<string, string> {
    return (this.t[key] ?? {}) as Record<string, string>;
  }

  protected name(item: Named): string {
    return this.en ? item.nameEn : item.name;
  }

  protected select(name: string): HTMLSelectElement | null {
    return this.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
  }

  /** Adds the options after the first ("all") one, keeping a choice already made. */
  protected options(name: string, items: { value: string; label: string }[]): void {
    const select = this.select(name);
    if (!select) return;
    const first = select.options[0];
    select.replaceChildren(
      ...(first ? [first] : []),
      ...items.map(({ value, label }) => new Option(label, value)),
    );
  }

  protected query(names: string[]): string {
    const params = new URLSearchParams();
    for (const name of names) {
      const value = this.select(name)?.value;
      if (value) params.set(name, value);
    }
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  protected fill(root: ParentNode, field: string, text: string): void {
    const node = root.querySelector(`[data-field="${field}"]`);
    if (node) node.textContent = text;
  }

  /**
   * Shows the parts that belong to a state and says it in the status line, the one live
   * region, so a screen reader hears each change exactly once.
   */
  #show(state: State, count = 0): void {
    this.setAttribute('aria-busy', String(state === 'loading'));
    for (const part of this.querySelectorAll<HTMLElement>('[data-when]')) {
      part.hidden = part.dataset.when !== state;
    }
    const status = this.querySelector<HTMLElement>('[data-status]');
    if (!status) return;
    status.classList.toggle('fq-visually-hidden', state === 'failed' || state === 'empty');
    status.textContent =
      state === 'loading'
        ? this.str('loading')
        : state === 'failed'
          ? this.str('failedTitle')
          : state === 'empty'
            ? this.str('emptyTitle')
            : this.str('loaded').replace('{count}', String(count));
  }
}
