// <fq-booking>: the booking wizard (service → point → provider → slot → details → done) over the
// public API. Copy comes from the page (data-strings); text goes in with textContent only.

type Strings = Record<string, string>;
interface Named {
  id: string;
  name: string;
  nameEn: string;
}
interface Point extends Named {
  address: string;
  addressEn: string;
  phone: string;
  online: boolean;
}
interface Provider extends Named {
  kind: string;
  nextAvailable: string | null;
}
interface Slot {
  slotId: string;
  start: string;
  remaining: number;
  modes: string[];
}
const steps = ['service', 'point', 'provider', 'slot', 'details'] as const;
type Step = (typeof steps)[number];

class FqBooking extends HTMLElement {
  #t: Strings = {};
  #en = false;
  #step: Step = 'service';
  #choice: { serviceId?: string; pointId?: string; providerId?: string | null; slot?: Slot } = {};
  /** One key per attempt to book, kept across retries of the same submission. */
  #idempotencyKey: string | undefined;
  #modes: Record<string, string> = {};

  connectedCallback(): void {
    this.#t = JSON.parse(this.dataset.strings ?? '{}') as Strings;
    this.#modes = (this.#t as unknown as { modes?: Record<string, string> }).modes ?? {};
    this.#en = this.dataset.locale === 'en';
    this.querySelector('[data-back]')?.addEventListener('click', () => this.#back());
    this.querySelector('[data-form]')?.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
    void this.#go('service');
  }

  #name(item: Named): string {
    return this.#en ? item.nameEn : item.name;
  }

  async #get<T>(path: string): Promise<T> {
    const response = await fetch(path, {
      headers: { Accept: 'application/json', 'Accept-Language': this.#en ? 'en' : 'zh-CN' },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  #status(text: string): void {
    const status = this.querySelector<HTMLElement>('[data-status]');
    if (status) status.textContent = text;
  }

  #panel(step: Step): HTMLElement {
    return this.querySelector<HTMLElement>(`[data-panel="${step}"]`)!;
  }

  #option(label: string, detail: string, value: string, onPick: () => void): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'fq-book__option';
    button.dataset.value = value;
    const strong = document.createElement('strong');
    strong.textContent = label;
    button.append(strong);
    if (detail) {
      const small = document.createElement('small');
      small.textContent = detail;
      button.append(small);
    }
    button.addEventListener('click', onPick);
    return button;
  }

  #when(iso: string): string {
    // Business time is +08:00: show the wall clock the API gives, not the device's zone.
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }

  async #go(step: Step): Promise<void> {
    this.#step = step;
    for (const name of steps) this.#panel(name).hidden = name !== step;
    const index = steps.indexOf(step) + 1;
    const label = this.querySelector<HTMLElement>('[data-step-label]');
    if (label) label.textContent = (this.#t.step ?? '').replace('{n}', String(index));
    const back = this.querySelector<HTMLElement>('[data-back]');
    if (back) back.hidden = index === 1;
    if (step === 'details') {
      this.#fillModes();
      this.#status('');
      this.querySelector<HTMLElement>('#fq-name')?.focus();
      return;
    }
    const options = this.#panel(step).querySelector<HTMLElement>('[data-options]')!;
    options.replaceChildren();
    this.#status(this.#t.loading ?? '');
    try {
      const items = await this.#load(step);
      options.replaceChildren(...items);
      this.#status(items.length === 0 && step === 'slot' ? (this.#t.noSlots ?? '') : '');
      options.querySelector<HTMLElement>('button')?.focus();
    } catch (error) {
      console.warn('fq-booking:', error);
      this.#status(this.#t.failed ?? '');
    }
  }

  async #load(step: Step): Promise<HTMLButtonElement[]> {
    const c = this.#choice;
    if (step === 'service') {
      const { services } = await this.#get<{ services: Named[] }>('/api/city');
      return services.map((s) =>
        this.#option(this.#name(s), '', s.id, () => {
          c.serviceId = s.id;
          void this.#go('point');
        }),
      );
    }
    if (step === 'point') {
      const { servicePoints } = await this.#get<{ servicePoints: Point[] }>(
        `/api/service-points?serviceId=${encodeURIComponent(c.serviceId!)}`,
      );
      return servicePoints.map((p) =>
        this.#option(
          this.#name(p),
          `${this.#en ? p.addressEn : p.address} · ${p.phone}${p.online ? ` · ${this.#t.online}` : ''}`,
          p.id,
          () => {
            c.pointId = p.id;
            void this.#go('provider');
          },
        ),
      );
    }
    if (step === 'provider') {
      const { providers } = await this.#get<{ providers: Provider[] }>(
        `/api/providers?servicePointId=${encodeURIComponent(c.pointId!)}&serviceId=${encodeURIComponent(c.serviceId!)}`,
      );
      const any = this.#option(this.#t.anyProvider ?? '', '', 'any', () => {
        c.providerId = null;
        void this.#go('slot');
      });
      return [
        any,
        ...providers.map((p) =>
          this.#option(
            this.#name(p),
            `${this.#t.nextAvailable}${p.nextAvailable ? this.#when(p.nextAvailable) : this.#t.none}`,
            p.id,
            () => {
              c.providerId = p.id;
              void this.#go('slot');
            },
          ),
        ),
      ];
    }
    const query = new URLSearchParams({ servicePointId: c.pointId!, serviceId: c.serviceId! });
    if (c.providerId) query.set('providerId', c.providerId);
    const { slots } = await this.#get<{ slots: Slot[] }>(`/api/slots?${query}`);
    return slots
      .filter((s) => s.remaining > 0)
      .slice(0, 40)
      .map((s) =>
        this.#option(
          this.#when(s.start),
          (this.#t.remaining ?? '').replace('{n}', String(s.remaining)),
          s.slotId,
          () => {
            c.slot = s;
            this.#idempotencyKey = undefined;
            void this.#go('details');
          },
        ),
      );
  }

  #fillModes(): void {
    const select = this.querySelector<HTMLSelectElement>('[data-modes]');
    if (!select || !this.#choice.slot) return;
    select.replaceChildren(
      ...this.#choice.slot.modes.map((mode) => {
        const option = document.createElement('option');
        option.value = mode;
        option.textContent = this.#modes[mode] ?? mode;
        return option;
      }),
    );
  }

  #back(): void {
    const index = steps.indexOf(this.#step);
    if (index > 0) void this.#go(steps[index - 1]!);
  }

  async #submit(): Promise<void> {
    const form = this.querySelector<HTMLFormElement>('[data-form]')!;
    const error = this.querySelector<HTMLElement>('[data-error]')!;
    const data = new FormData(form);
    if (!data.get('consent')) {
      error.textContent = this.#t.consentRequired ?? '';
      return;
    }
    error.textContent = '';
    this.#idempotencyKey ??= crypto.randomUUID();
    const note = String(data.get('note') ?? '').trim();
    const response = await fetch('/api/bookings', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': this.#idempotencyKey,
        'Accept-Language': this.#en ? 'en' : 'zh-CN',
      },
      body: JSON.stringify({
        slotId: this.#choice.slot!.slotId,
        serviceId: this.#choice.serviceId,
        mode: String(data.get('mode')),
        applicant: { name: String(data.get('name') ?? ''), phone: String(data.get('phone') ?? '') },
        ...(note ? { note } : {}),
      }),
    });
    const body = (await response.json()) as {
      reference?: string;
      trackingCode?: string;
      calendarUrl?: string;
      error?: { code: string; message: string };
    };
    if (response.status !== 201) {
      error.textContent =
        body.error?.code === 'SLOT_FULL'
          ? (this.#t.slotFull ?? '')
          : (body.error?.message ?? this.#t.failed ?? '');
      return;
    }
    form.hidden = true;
    this.#status('');
    const label = this.querySelector<HTMLElement>('[data-step-label]');
    if (label) label.hidden = true;
    const done = this.querySelector<HTMLElement>('[data-done]')!;
    done.hidden = false;
    done.querySelector('[data-reference]')!.textContent = body.reference ?? '';
    done.querySelector('[data-code]')!.textContent = body.trackingCode ?? '';
    done.querySelector<HTMLAnchorElement>('[data-calendar]')!.href = body.calendarUrl ?? '#';
    done.querySelector<HTMLAnchorElement>('[data-my]')!.href =
      `${this.dataset.myBooking ?? '/my-booking/'}?reference=${encodeURIComponent(body.reference ?? '')}`;
    done.querySelector<HTMLElement>('h2')?.focus();
  }
}

if (!customElements.get('fq-booking')) customElements.define('fq-booking', FqBooking);
