// <fq-services>: fills the home page's list of services from GET /api/city, in the page's
// language. All copy comes from the server-rendered markup (data-* attributes and templates),
// so the script holds no words of its own; text goes in with textContent only.

/** The part of the GET /api/city answer this element reads. */
interface CityService {
  id: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  durationMinutes: number;
  modes: string[];
}

/** A slow rural connection gets this long before we show the phone number instead. */
const TIMEOUT_MS = 15_000;

class FqServices extends HTMLElement {
  #controller: AbortController | undefined;

  connectedCallback(): void {
    this.querySelector('[data-retry]')?.addEventListener('click', () => {
      // The button is about to be hidden; keep keyboard focus in the same place on the page.
      this.querySelector<HTMLElement>('[data-status]')?.focus();
      void this.load();
    });
    void this.load();
  }

  disconnectedCallback(): void {
    this.#controller?.abort();
  }

  async load(): Promise<void> {
    this.#show('loading');
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    // AbortSignal.timeout is missing from older Android WebViews.
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(this.dataset.src ?? '/api/city', {
        headers: { Accept: 'application/json', 'Accept-Language': this.#locale() },
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`GET ${this.dataset.src}: ${response.status}`);
      const body = (await response.json()) as { services?: CityService[] };
      if (!Array.isArray(body.services)) throw new Error('GET /api/city: no services list');
      this.#render(body.services);
    } catch (error) {
      if (controller !== this.#controller) return; // superseded by a retry
      // Not console.error: a failed fetch is an expected condition the page explains.
      console.warn('fq-services:', error);
      this.#show('failed');
    } finally {
      clearTimeout(timer);
    }
  }

  #locale(): string {
    return this.dataset.locale ?? 'zh-CN';
  }

  #render(services: CityService[]): void {
    const list = this.querySelector<HTMLUListElement>('[data-list]');
    const template = this.querySelector<HTMLTemplateElement>('template[data-item]');
    if (!list || !template) return;
    const en = this.#locale() === 'en';
    const items = services.map((service) => {
      const item = template.content.cloneNode(true) as DocumentFragment;
      this.#fill(item, 'name', en ? service.nameEn : service.name);
      this.#fill(item, 'description', en ? service.descriptionEn : service.description);
      this.#fill(
        item,
        'duration',
        (this.dataset.duration ?? '{minutes}').replace(
          '{minutes}',
          String(service.durationMinutes),
        ),
      );
      const modes = service.modes.map((mode) => this.dataset[`mode_${mode}`] ?? mode);
      this.#fill(item, 'modes', modes.join(this.dataset.modeSeparator ?? ', '));
      return item;
    });
    list.replaceChildren(...items);
    this.#show(services.length === 0 ? 'empty' : 'loaded', services.length);
  }

  #fill(root: DocumentFragment, field: string, text: string): void {
    const node = root.querySelector(`[data-field="${field}"]`);
    if (node) node.textContent = text;
  }

  /**
   * Shows the parts that belong to a state (loading, loaded, empty or failed) and says it in
   * the status line, the one live region, so a screen reader hears each change exactly once.
   * A failure is shown by its notice; the status line then speaks but is not seen twice.
   */
  #show(state: 'loading' | 'loaded' | 'empty' | 'failed', count = 0): void {
    this.setAttribute('aria-busy', String(state === 'loading'));
    for (const part of this.querySelectorAll<HTMLElement>('[data-when]')) {
      part.hidden = part.dataset.when !== state;
    }
    const status = this.querySelector<HTMLElement>('[data-status]');
    if (!status) return;
    status.classList.toggle('fq-visually-hidden', state === 'failed');
    status.textContent =
      state === 'loading'
        ? (this.dataset.loading ?? '')
        : state === 'failed'
          ? (this.dataset.failed ?? '')
          : (this.dataset.loaded ?? '{count}').replace('{count}', String(count));
  }
}

if (!customElements.get('fq-services')) customElements.define('fq-services', FqServices);
