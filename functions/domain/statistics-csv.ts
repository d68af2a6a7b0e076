// The statistics report as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF lines, one row per whole/month/region/category.
import type { Figures, StatisticsReport } from './statistics.ts';

/** The byte-order mark Excel needs to read a CSV file as UTF-8. */
export const BOM = '\uFEFF';

type Locale = 'zh-CN' | 'en';

/** The columns: each figure with the counts it is made of. */
const columns: { zh: string; en: string; value(f: Figures): number | null }[] = [
  { zh: '受理数', en: 'Accepted', value: (f) => f.accepted },
  { zh: '办结数', en: 'Concluded', value: (f) => f.concluded },
  { zh: '办结率', en: 'Closure rate', value: (f) => f.closureRate.rate },
  { zh: '受理案件中已办结', en: 'Of those accepted, closed', value: (f) => f.closureRate.closed },
  { zh: '调解成功率', en: 'Mediation success rate', value: (f) => f.successRate.rate },
  { zh: '调解成功数', en: 'Mediations succeeded', value: (f) => f.successRate.succeeded },
  {
    zh: '已开始调解的办结数',
    en: 'Closed after mediation began',
    value: (f) => f.successRate.began,
  },
  { zh: '司法确认数', en: 'Judicial confirmations', value: (f) => f.confirmations.granted },
  { zh: '司法确认驳回数', en: 'Confirmations rejected', value: (f) => f.confirmations.rejected },
  { zh: '上交率', en: 'Escalation rate', value: (f) => f.escalationRate.rate },
  {
    zh: '受理案件中已上交',
    en: 'Of those accepted, escalated',
    value: (f) => f.escalationRate.escalated,
  },
  { zh: '平均办结天数', en: 'Average days to conclude', value: (f) => f.averageDaysToConclude },
  { zh: '评价数', en: 'Ratings', value: (f) => f.satisfaction.ratings },
  { zh: '平均满意度', en: 'Mean rating', value: (f) => f.satisfaction.mean },
  { zh: '4–5分占比', en: 'Share rated 4–5', value: (f) => f.satisfaction.share4to5 },
];

/** A field quoted when it holds a comma, a quote or a line break; a formula-like text is defused. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(Math.round(value * 10_000) / 10_000);
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as CSV text, starting with the BOM; rates are shares (0–1), blank when undefined. */
export function statisticsCsv(
  report: StatisticsReport & { from: string; to: string; reportDate: string },
  locale: Locale = 'zh-CN',
): string {
  const en = locale === 'en';
  const header = [
    en ? 'Group' : '分组',
    en ? 'Item' : '项目',
    ...columns.map((c) => (en ? c.en : c.zh)),
  ];
  const row = (group: string, item: string, figures: Figures) =>
    [group, item, ...columns.map((c) => c.value(figures))].map(cell).join(',');
  const period = `${report.from}–${report.to}`;
  const lines = [
    header.map(cell).join(','),
    row(en ? 'Total' : '合计', period, report.figures),
    ...report.byMonth.map((m) => row(en ? 'Month' : '月份', m.month, m.figures)),
    ...report.byRegion.map((r) => row(en ? 'Region' : '区域', en ? r.nameEn : r.name, r.figures)),
    ...report.byCategory.map((c) =>
      row(en ? 'Category' : '纠纷类别', en ? c.nameEn : c.name, c.figures),
    ),
    '',
    [en ? 'Report date' : '统计日期', report.reportDate].map(cell).join(','),
  ];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
