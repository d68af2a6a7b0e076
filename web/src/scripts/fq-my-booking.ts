// <fq-my-booking>: opens a booking with its reference and X-Tracking-Code, shows it, cancels it.
// Copy comes from the page (data-strings); text goes in with textContent only.

interface Booking {
  reference: string;
  servicePointId: string;
  serviceId: string;
  providerId: string;
  status: string;
  start: string;
  end: string;
  servicePointName: string;
  serviceName: string;
  providerName: string;
}

class FqMyBooking extends HTMLElement {
  #t: Record<string, string> & { statuses?: Record<string, string> } = {};
  #reference = '';
  #code = '';
  #booking: Booking | undefined;

  connectedCallback(): void {
    this.#t = JSON.parse(this.dataset.strings ?? '{}');
    const given = new URLSearchParams(location.search).get('reference');
    const input = this.querySelector<HTMLInputElement>('#fq-reference');
    if (given && input) input.value = given;
    this.querySelector('[data-open]')?.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(event.target as HTMLFormElement);
      this.#reference = String(data.get('reference') ?? '').trim();
      this.#code = String(data.get('code') ?? '').trim();
      void this.#open();
    });
    this.querySelector('[data-recover-send]')?.addEventListener(
      'click',
      () => void this.#sendOtp(),
    );
    this.querySelector('[data-recover]')?.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(event.target as HTMLFormElement);
      void this.#verifyOtp(String(data.get('otp') ?? '').trim());
    });
    this.querySelector('[data-move-open]')?.addEventListener('click', () => void this.#slots());
    this.querySelector('[data-cancel]')?.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(event.target as HTMLFormElement);
      void this.#cancel(String(data.get('reason') ?? '').trim());
    });
  }

  #typedReference(): string {
    return this.querySelector<HTMLInputElement>('#fq-reference')?.value.trim() ?? '';
  }

  async #sendOtp(): Promise<void> {
    const reference = this.#typedReference();
    if (!reference) {
      this.querySelector<HTMLElement>('#fq-reference')?.focus();
      return;
    }
    const response = await fetch(`/api/bookings/${encodeURIComponent(reference)}/code-recovery`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
    if (response.status === 429) {
      this.#status(this.#t.tooMany ?? '');
      return;
    }
    this.#status(this.#t.recoverSent ?? '');
    const form = this.querySelector<HTMLElement>('[data-recover]');
    if (form) form.hidden = false;
    this.querySelector<HTMLElement>('#fq-otp')?.focus();
  }

  async #verifyOtp(otp: string): Promise<void> {
    const reference = this.#typedReference();
    const response = await fetch(
      `/api/bookings/${encodeURIComponent(reference)}/code-recovery/verify`,
      {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ otp }),
      },
    );
    if (!response.ok) {
      this.#status(
        response.status === 429 ? (this.#t.tooMany ?? '') : (this.#t.recoverFailed ?? ''),
      );
      return;
    }
    const { trackingCode } = (await response.json()) as { trackingCode: string };
    const code = this.querySelector<HTMLInputElement>('#fq-code');
    if (code) code.value = trackingCode;
    this.#status(this.#t.recovered ?? '');
    code?.focus();
  }

  #status(text: string): void {
    const status = this.querySelector<HTMLElement>('[data-status]');
    if (status) status.textContent = text;
  }

  async #call(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`/api/bookings/${encodeURIComponent(this.#reference)}${path}`, {
      ...init,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-Tracking-Code': this.#code,
        'Accept-Language': this.dataset.locale === 'en' ? 'en' : 'zh-CN',
      },
    });
  }

  #failed(response: Response): void {
    this.#status(
      response.status === 429
        ? (this.#t.tooMany ?? '')
        : response.status === 409
          ? (this.#t.notChangeable ?? '')
          : (this.#t.notFound ?? ''),
    );
  }

  async #open(): Promise<void> {
    const response = await this.#call('');
    if (!response.ok) {
      this.#failed(response);
      return;
    }
    this.#status('');
    this.#render((await response.json()) as Booking);
    this.querySelector<HTMLElement>('[data-title]')?.focus();
  }

  /** The provider's other free times at the same point, to move to. */
  async #slots(): Promise<void> {
    const b = this.#booking;
    if (!b) return;
    const query = new URLSearchParams({
      servicePointId: b.servicePointId,
      serviceId: b.serviceId,
      providerId: b.providerId,
    });
    const response = await fetch(`/api/slots?${query}`, {
      headers: { Accept: 'application/json' },
    });
    const list = this.querySelector<HTMLElement>('[data-move-list]')!;
    const holder = this.querySelector<HTMLElement>('[data-slots]')!;
    list.hidden = false;
    const { slots } = (await response.json()) as {
      slots: { slotId: string; start: string; remaining: number }[];
    };
    const open = slots.filter((s) => s.remaining > 0 && s.start !== b.start).slice(0, 20);
    holder.replaceChildren(
      ...open.map((slot) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'fq-my__slot';
        button.dataset.value = slot.slotId;
        button.textContent = `${slot.start.slice(0, 10)} ${slot.start.slice(11, 16)}`;
        button.addEventListener('click', () => void this.#move(slot.slotId));
        return button;
      }),
    );
    if (open.length === 0) this.#status(this.#t.noSlots ?? '');
    holder.querySelector<HTMLElement>('button')?.focus();
  }

  async #move(slotId: string): Promise<void> {
    const response = await this.#call('/reschedule', {
      method: 'POST',
      body: JSON.stringify({ slotId }),
    });
    if (!response.ok) {
      const body = (await response.json()) as { error?: { code: string } };
      if (body.error?.code === 'SLOT_FULL') this.#status(this.#t.slotFull ?? '');
      else this.#failed(response);
      return;
    }
    this.querySelector<HTMLElement>('[data-move-list]')!.hidden = true;
    this.#render((await response.json()) as Booking);
    this.#status(this.#t.rescheduled ?? '');
  }

  #render(b: Booking): void {
    this.#booking = b;
    const view = this.querySelector<HTMLElement>('[data-view]')!;
    view.hidden = false;
    view.querySelector('[data-title]')!.textContent = `${b.serviceName} · ${b.reference}`;
    const fill = (field: string, text: string) => {
      const node = view.querySelector(`[data-field="${field}"]`);
      if (node) node.textContent = text;
    };
    fill('status', this.#t.statuses?.[b.status] ?? b.status);
    fill('when', `${b.start.slice(0, 10)} ${b.start.slice(11, 16)}–${b.end.slice(11, 16)}`);
    fill('where', b.servicePointName);
    fill('who', b.providerName);
    view.querySelector<HTMLElement>('[data-cancel]')!.hidden = b.status !== 'confirmed';
    view.querySelector<HTMLElement>('[data-move]')!.hidden = b.status !== 'confirmed';
  }

  async #cancel(reason: string): Promise<void> {
    if (!reason) {
      this.querySelector<HTMLElement>('#fq-reason')?.focus();
      return;
    }
    const response = await this.#call('/cancel', {
      method: 'POST',
      body: JSON.stringify({ reason }),
    });
    if (!response.ok) {
      this.#failed(response);
      return;
    }
    this.#render((await response.json()) as Booking);
    this.#status(this.#t.cancelled ?? '');
  }
}

if (!customElements.get('fq-my-booking')) customElements.define('fq-my-booking', FqMyBooking);
