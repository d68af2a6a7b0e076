// <fq-providers>: the roster a resident may choose from (点单式), from GET /api/providers,
// filtered by service point; point names come from GET /api/service-points and service names
// (the English for the specialties) from GET /api/city.
import { FqDirectory, type Named } from './fq-directory.ts';

interface Provider extends Named {
  kind: string;
  specialties: string[];
  bio: string;
  bioEn: string;
  servicePoints: string[];
  services: string[];
  nextAvailable: string | null;
}

class FqProviders extends FqDirectory<Provider> {
  #services = new Map<string, string>();
  #points = new Map<string, string>();

  protected async prepare(get: <R>(path: string) => Promise<R>): Promise<void> {
    const [{ services }, { servicePoints }] = await Promise.all([
      get<{ services: Named[] }>('/api/city'),
      get<{ servicePoints: Named[] }>('/api/service-points'),
    ]);
    for (const service of services) this.#services.set(service.id, this.name(service));
    for (const point of servicePoints) this.#points.set(point.id, this.name(point));
    this.options(
      'servicePointId',
      servicePoints.map((p) => ({ value: p.id, label: this.name(p) })),
    );
  }

  protected async fetchList(get: <R>(path: string) => Promise<R>): Promise<Provider[]> {
    const path = `/api/providers${this.query(['servicePointId'])}`;
    const { providers } = await get<{ providers: Provider[] }>(path);
    if (!Array.isArray(providers)) throw new Error(`GET ${path}: no list`);
    return providers;
  }

  protected card(person: Provider, template: HTMLTemplateElement): DocumentFragment {
    const card = template.content.cloneNode(true) as DocumentFragment;
    const title = card.querySelector('.fq-card__title');
    if (title) title.textContent = this.name(person);
    const kind = this.map('kinds')[person.kind] ?? person.kind;
    this.fill(card, 'kind', kind);
    // A badge starts like a sentence: "Lawyer", not "lawyer" (no effect on Chinese).
    this.fill(card, 'kindBadge', kind.charAt(0).toUpperCase() + kind.slice(1));
    this.fill(card, 'bio', this.en ? person.bioEn : person.bio);
    // The API's specialties are Chinese service names; in English, name the services instead.
    const specialties = this.en
      ? person.services.map((id) => this.#services.get(id) ?? id)
      : person.specialties;
    this.fill(card, 'specialties', specialties.join(this.str('separator')));
    this.fill(
      card,
      'points',
      person.servicePoints.map((id) => this.#points.get(id) ?? id).join(this.str('separator')),
    );
    this.fill(
      card,
      'next',
      person.nextAvailable ? this.#when(person.nextAvailable) : this.str('nextNone'),
    );
    this.fill(card, 'book', this.str('book').replace('{kind}', kind));
    return card;
  }

  /**
   * "11月24日 周二 09:00": the wall clock of the business time zone (Asia/Shanghai) the API
   * writes with its +08:00 offset, whatever zone the phone is set to.
   */
  #when(iso: string): string {
    const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
    // 0 = Sunday … 6 = Saturday; the dictionary lists Monday first.
    const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
    const days = (this.t.weekdaysShort ?? this.t.weekdays ?? []) as string[];
    const months = (this.t.months ?? []) as string[];
    return this.str('dateFormat')
      .replace('{month}', months[month - 1] ?? String(month))
      .replace('{day}', String(day))
      .replace('{weekday}', days[weekday] ?? '')
      .replace('{time}', iso.slice(11, 16));
  }
}

if (!customElements.get('fq-providers')) customElements.define('fq-providers', FqProviders);
