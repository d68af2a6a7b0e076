// A small SVG bar chart for the agency's statistics and the public figures page: grouped
// vertical bars (one group per month) or horizontal bars (one per region), a legend in words
// and a hatch on the second series so the series differ by more than colour. The chart is a
// picture with a name (role="img"); the table the page sets beside it carries the figures.
// Sized in rem, so it grows with the reader's text size and scrolls inside its own box.

const SVG = 'http://www.w3.org/2000/svg';
let charts = 0;

export interface Series {
  name: string;
  values: number[];
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round top for the axis: 1, 2, 5 × 10^n at or above the largest value. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function hatch(id: string): SVGDefsElement {
  const pattern = svg('pattern', {
    id,
    width: 6,
    height: 6,
    patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)',
  });
  pattern.append(
    svg('rect', { width: 6, height: 6, class: 'fq-chart__fill-b' }),
    svg('rect', { width: 2, height: 6, class: 'fq-chart__stripe' }),
  );
  const defs = svg('defs');
  defs.append(pattern);
  return defs;
}

function legend(series: Series[], hatchId: string): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'fq-chart__legend';
  list.setAttribute('aria-hidden', 'true');
  series.forEach((s, i) => {
    const item = document.createElement('li');
    const swatch = svg('svg', { width: 16, height: 16, viewBox: '0 0 16 16' });
    if (i === 1) swatch.append(hatch(`${hatchId}-key`));
    swatch.append(
      svg('rect', {
        width: 16,
        height: 16,
        class: i === 0 ? 'fq-chart__bar' : 'fq-chart__bar-b',
        ...(i === 1 ? { fill: `url(#${hatchId}-key)` } : {}),
      }),
    );
    item.append(swatch, document.createTextNode(s.name));
    list.append(item);
  });
  return list;
}

function frame(label: string, chart: SVGSVGElement, width: number, series: Series[], id: string) {
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', label);
  chart.classList.add('fq-chart__svg');
  // 16 user units to the rem: the chart scales with the reader's text size.
  chart.style.width = `${width / 16}rem`;
  const box = document.createElement('div');
  box.className = 'fq-chart__scroll fq-staff-scroll';
  // Focusable, so a keyboard can scroll a chart wider than the screen.
  box.tabIndex = 0;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', label);
  box.append(chart);
  const figure = document.createElement('figure');
  figure.className = 'fq-chart';
  const caption = document.createElement('figcaption');
  caption.textContent = label;
  figure.append(caption, legend(series, id), box);
  return figure;
}

/** Grouped vertical bars: one group per category (month), one bar per series. */
export function columnChart(label: string, categories: string[], series: Series[]): HTMLElement {
  const id = `fq-chart-${++charts}`;
  const bar = 14;
  const group = series.length * bar + 14;
  const left = 40;
  const top = 12;
  const plot = 160;
  const width = Math.max(320, left + categories.length * group + 8);
  const height = top + plot + 28;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const y = (v: number) => top + plot - (v / max) * plot;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height });
  chart.append(hatch(id));
  for (const tick of [0, max / 2, max]) {
    chart.append(
      svg('line', { x1: left, x2: width - 4, y1: y(tick), y2: y(tick), class: 'fq-chart__grid' }),
      svg(
        'text',
        { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'fq-chart__text' },
        Number.isInteger(tick) ? String(tick) : tick.toFixed(1),
      ),
    );
  }
  categories.forEach((name, c) => {
    const x0 = left + c * group + 7;
    series.forEach((s, i) => {
      const value = s.values[c] ?? 0;
      const rect = svg('rect', {
        x: x0 + i * bar,
        y: y(value),
        width: bar - 2,
        height: Math.max(0, top + plot - y(value)),
        class: i === 0 ? 'fq-chart__bar' : 'fq-chart__bar-b',
        ...(i === 1 ? { fill: `url(#${id})` } : {}),
      });
      rect.append(svg('title', {}, `${name} ${s.name} ${value}`));
      chart.append(rect);
    });
    chart.append(
      svg(
        'text',
        {
          x: x0 + (series.length * bar) / 2,
          y: top + plot + 18,
          'text-anchor': 'middle',
          class: 'fq-chart__text',
        },
        name,
      ),
    );
  });
  return frame(label, chart, width, series, id);
}

/** Horizontal bars: one row per category (region), one bar per series. */
export function rowChart(label: string, categories: string[], series: Series[]): HTMLElement {
  const id = `fq-chart-${++charts}`;
  const bar = 12;
  const row = series.length * bar + 12;
  const left = 150;
  const plot = 260;
  const width = left + plot + 48;
  const height = Math.max(40, categories.length * row + 8);
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height });
  chart.append(hatch(id));
  categories.forEach((name, c) => {
    const y0 = c * row + 6;
    chart.append(
      svg(
        'text',
        {
          x: left - 8,
          y: y0 + (series.length * bar) / 2 + 4,
          'text-anchor': 'end',
          class: 'fq-chart__text',
        },
        name.length > 14 ? `${name.slice(0, 13)}…` : name,
      ),
    );
    series.forEach((s, i) => {
      const value = s.values[c] ?? 0;
      const length = (value / max) * plot;
      const rect = svg('rect', {
        x: left,
        y: y0 + i * bar,
        width: Math.max(0, length),
        height: bar - 2,
        class: i === 0 ? 'fq-chart__bar' : 'fq-chart__bar-b',
        ...(i === 1 ? { fill: `url(#${id})` } : {}),
      });
      rect.append(svg('title', {}, `${name} ${s.name} ${value}`));
      chart.append(
        rect,
        svg(
          'text',
          { x: left + length + 4, y: y0 + i * bar + bar - 3, class: 'fq-chart__text' },
          String(value),
        ),
      );
    });
  });
  chart.append(svg('line', { x1: left, x2: left, y1: 0, y2: height, class: 'fq-chart__axis' }));
  return frame(label, chart, width, series, id);
}
