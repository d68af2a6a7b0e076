// <fq-service-points>: every service point of the city from GET /api/service-points, filtered
// by level and service; service names (for the filter and the cards) come from GET /api/city.
import { FqDirectory, type Named } from './fq-directory.ts';

interface Point extends Named {
  level: string;
  address: string;
  addressEn: string;
  phone: string;
  online: boolean;
  services: string[];
  hours: { weekday: number; open: string; close: string }[];
}

class FqServicePoints extends FqDirectory<Point> {
  #services = new Map<string, string>();

  protected async prepare(get: <R>(path: string) => Promise<R>): Promise<void> {
    const { services } = await get<{ services: Named[] }>('/api/city');
    for (const service of services) this.#services.set(service.id, this.name(service));
    this.options(
      'serviceId',
      services.map((s) => ({ value: s.id, label: this.name(s) })),
    );
  }

  protected async fetchList(get: <R>(path: string) => Promise<R>): Promise<Point[]> {
    const path = `/api/service-points${this.query(['level', 'serviceId'])}`;
    const { servicePoints } = await get<{ servicePoints: Point[] }>(path);
    if (!Array.isArray(servicePoints)) throw new Error(`GET ${path}: no list`);
    return servicePoints;
  }

  protected card(point: Point, template: HTMLTemplateElement): DocumentFragment {
    const card = template.content.cloneNode(true) as DocumentFragment;
    const title = card.querySelector('.fq-card__title');
    if (title) title.textContent = this.name(point);
    this.fill(card, 'level', this.map('levelsShort')[point.level] ?? point.level);
    this.fill(card, 'levelLong', this.map('levels')[point.level] ?? point.level);
    this.fill(card, 'address', this.en ? point.addressEn : point.address);
    this.fill(
      card,
      'services',
      point.services.map((id) => this.#services.get(id) ?? id).join(this.str('separator')),
    );
    this.fill(card, 'online', point.online ? this.str('onlineYes') : this.str('onlineNo'));
    const hours = card.querySelector('[data-field="hours"]');
    hours?.replaceChildren(
      ...this.#hours(point.hours).map((line) => {
        const li = document.createElement('li');
        li.textContent = line;
        return li;
      }),
    );
    const phone = card.querySelector<HTMLAnchorElement>('a[data-phone]');
    if (phone) {
      phone.href = `tel:${point.phone.replace(/[^\d+]/g, '')}`;
      this.fill(phone, 'phone', this.str('call').replace('{phone}', point.phone));
    }
    return card;
  }

  /** "周一至周五 08:30–12:00、14:30–18:00": weekdays with the same periods run together. */
  #hours(hours: Point['hours']): string[] {
    const days = (this.t.weekdays ?? []) as string[];
    const byDay = new Map<number, string>();
    for (let day = 1; day <= 7; day += 1) {
      const periods = hours
        .filter((h) => h.weekday === day)
        .sort((a, b) => a.open.localeCompare(b.open))
        .map((h) => `${h.open}–${h.close}`);
      if (periods.length > 0) byDay.set(day, periods.join(this.str('timeSeparator')));
    }
    const lines: string[] = [];
    let day = 1;
    while (day <= 7) {
      const periods = byDay.get(day);
      if (!periods) {
        day += 1;
        continue;
      }
      let last = day;
      while (last < 7 && byDay.get(last + 1) === periods) last += 1;
      const from = days[day - 1] ?? String(day);
      const to = days[last - 1] ?? String(last);
      const when =
        last === day
          ? from
          : last === day + 1
            ? `${from}${this.str('separator')}${to}`
            : this.str('weekdayRange').replace('{from}', from).replace('{to}', to);
      lines.push(`${when} ${periods}`);
      day = last + 1;
    }
    if (byDay.size < 7) lines.push(this.str('closed'));
    return lines;
  }
}

if (!customElements.get('fq-service-points')) {
  customElements.define('fq-service-points', FqServicePoints);
}
