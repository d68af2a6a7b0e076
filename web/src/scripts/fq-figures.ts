// <fq-figures>: the public figures page. Reads GET /api/figures (no sign-in; counts only, no
// personal data) and fills the summary cards, an SVG chart of each month and the table beside
// it; a failure says so with the phone number and a retry. Text goes in with textContent only.
import type { FiguresDictionary } from '../i18n/admin.ts';
import { columnChart } from './bar-chart.ts';

interface Rate {
  rate: number | null;
}
interface Figures {
  accepted: number;
  concluded: number;
  closureRate: Rate;
  successRate: Rate;
  averageDaysToConclude: number | null;
  satisfaction: { ratings: number; mean: number | null };
}
interface Published {
  from: string;
  to: string;
  figures: Figures;
  byMonth: { month: string; figures: Figures }[];
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

class FqFigures extends HTMLElement {
  #t = {} as FiguresDictionary;

  connectedCallback(): void {
    this.#t = JSON.parse(this.dataset.strings ?? '{}') as FiguresDictionary;
    this.querySelector('[data-retry]')?.addEventListener('click', () => void this.#load());
    void this.#load();
  }

  #status(text: string): void {
    const status = this.querySelector('[data-status]');
    if (status) status.textContent = text;
  }

  #percent(rate: number | null): string {
    return rate === null ? this.#t.none : `${(rate * 100).toFixed(1)}%`;
  }

  #days(n: number | null): string {
    return n === null ? this.#t.none : fill(this.#t.days, { n: n.toFixed(1) });
  }

  #score(n: number | null): string {
    return n === null ? this.#t.none : fill(this.#t.score, { n: n.toFixed(1) });
  }

  async #load(): Promise<void> {
    const t = this.#t;
    const failed = this.querySelector<HTMLElement>('.fq-figures__failed');
    const ready = this.querySelector<HTMLElement>('[data-ready]');
    if (failed) failed.hidden = true;
    this.#status(t.loading);
    let data: Published;
    try {
      const response = await fetch('/api/figures', {
        headers: { Accept: 'application/json', 'Accept-Language': this.dataset.locale ?? 'zh-CN' },
      });
      if (!response.ok) throw new Error(`GET /api/figures answered ${response.status}`);
      data = (await response.json()) as Published;
    } catch (error) {
      console.warn('fq-figures:', error);
      this.#status(fill(t.failed, { phone: this.dataset.phone ?? '' }));
      if (failed) failed.hidden = false;
      return;
    }
    const f = data.figures;
    const period = this.querySelector('[data-period]');
    if (period) period.textContent = fill(t.period, { from: data.from, to: data.to });
    const card = (label: string, value: string) =>
      el('div', {}, el('dt', {}, label), el('dd', {}, value));
    this.querySelector('[data-figures]')?.replaceChildren(
      card(t.accepted, fill(t.cases, { n: f.accepted })),
      card(t.concluded, fill(t.cases, { n: f.concluded })),
      card(t.closureRate, this.#percent(f.closureRate.rate)),
      card(t.successRate, this.#percent(f.successRate.rate)),
      card(t.averageDays, this.#days(f.averageDaysToConclude)),
      card(t.satisfaction, this.#score(f.satisfaction.mean)),
    );
    const en = this.dataset.locale === 'en';
    this.querySelector('[data-chart]')?.replaceChildren(
      columnChart(
        t.chart,
        data.byMonth.map((m) => `${Number(m.month.slice(5))}${en ? '' : '月'}`),
        [
          { name: t.accepted, values: data.byMonth.map((m) => m.figures.accepted) },
          { name: t.concluded, values: data.byMonth.map((m) => m.figures.concluded) },
        ],
      ),
    );
    const headers = [t.month, t.accepted, t.concluded, t.closureRate, t.successRate, t.averageDays];
    this.querySelector('[data-table]')?.replaceChildren(
      el(
        'div',
        { class: 'fq-figures__scroll', tabindex: '0', role: 'region', 'aria-label': t.byMonth },
        el(
          'table',
          {},
          el('caption', { class: 'fq-visually-hidden' }, t.byMonth),
          el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
          el(
            'tbody',
            {},
            ...data.byMonth.map((m) =>
              el(
                'tr',
                {},
                el('th', { scope: 'row' }, m.month),
                el('td', {}, String(m.figures.accepted)),
                el('td', {}, String(m.figures.concluded)),
                el('td', {}, this.#percent(m.figures.closureRate.rate)),
                el('td', {}, this.#percent(m.figures.successRate.rate)),
                el('td', {}, this.#days(m.figures.averageDaysToConclude)),
              ),
            ),
          ),
        ),
      ),
    );
    if (ready) ready.hidden = false;
    this.#status('');
  }
}

customElements.define('fq-figures', FqFigures);
