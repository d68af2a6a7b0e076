// The public figures page (办案数据公开) in Chromium on a phone, under the strict CSP, with no
// sign-in: the city's figures from GET /api/figures as cards, an SVG chart with a name and the
// table of each month beside it; linked from the home page's footer; in Chinese and English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, recordProblems } from '../support/browser.ts';
import { sampleIntake, toDiagnosis } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Published {
  from: string;
  to: string;
  figures: { accepted: number; concluded: number };
  byMonth: { month: string; figures: { accepted: number; concluded: number } }[];
}

async function published(): Promise<Published> {
  const response = await fetch(`${server.url}/api/figures`);
  expect(response.status).toBe(200);
  return (await response.json()) as Published;
}

async function sideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
}

it('shows the city’s figures without sign-in, with a chart and its table, reached from the home page', async () => {
  for (const category of ['neighbours', 'land_homestead'])
    await toDiagnosis(server, sampleIntake({ category }));
  const api = await published();
  expect(api.figures.accepted).toBeGreaterThanOrEqual(2);
  expect(api.byMonth.length).toBe(12);

  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/`);
    await page.getByRole('contentinfo').getByRole('link', { name: '办案数据公开' }).click();
    await page.waitForURL((url) => /^\/figures\/?$/.test(url.pathname));
    // No sign-in on the way: the page is public.
    expect(page.url()).not.toContain('/dev/oidc/');
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toContain('吴忠市');
    await page.locator('[data-ready]').waitFor();
    expect(await page.getByRole('main').count()).toBe(1);
    const cards = page.locator('[data-figures] > div');
    expect(await cards.count()).toBe(6);
    expect(await cards.nth(0).locator('dd').textContent()).toBe(`${api.figures.accepted} 件`);
    expect(await cards.nth(1).locator('dd').textContent()).toBe(`${api.figures.concluded} 件`);
    expect(await page.locator('[data-period]').textContent()).toContain(api.from);
    // Plain words for what each figure means.
    expect(await page.getByRole('main').textContent()).toContain(
      '办结率：已办结的件数占受理件数的比例',
    );

    const chart = page.locator('[data-chart] svg[role="img"]');
    expect(await chart.count()).toBe(1);
    expect(await chart.getAttribute('aria-label')).toContain('每月受理和办结');
    const rows = page.locator('[data-table] tbody tr');
    expect(await rows.count()).toBe(12);
    for (const [i, m] of api.byMonth.entries()) {
      expect(await rows.nth(i).locator('th').textContent()).toBe(m.month);
      expect(await rows.nth(i).locator('td').nth(0).textContent()).toBe(String(m.figures.accepted));
    }
    // A month with cases has a bar of some height.
    const busiest = Math.max(...api.byMonth.map((m) => m.figures.accepted));
    const heights = await chart
      .locator('rect.fq-chart__bar')
      .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
    if (busiest > 0) expect(Math.max(...heights)).toBeGreaterThan(0);

    // On a phone with text at 200%, only the chart and table scroll, inside their own boxes.
    expect(await sideways(page)).toBe(false);
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    expect(await sideways(page)).toBe(false);
    await page.screenshot({ path: '/tmp/fengqiao-figures-360-200.png', fullPage: true });
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 120_000);

it('is in English under /en/figures/', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/en/figures/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toContain('Wuzhong');
    await page.locator('[data-ready]').waitFor();
    expect(await page.locator('[data-figures] dt').first().textContent()).toBe('Disputes accepted');
    expect(await page.locator('[data-table] tbody tr').count()).toBe(12);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);

it('says so, with the phone number and a retry, when the figures cannot be loaded', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.route('**/api/figures', (route) => route.abort('connectionfailed'));
    await page.goto(`${server.url}/figures/`);
    await page.getByRole('button', { name: '重试' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('暂时无法显示数据');
    await page.unroute('**/api/figures');
    await page.getByRole('button', { name: '重试' }).click();
    await page.locator('[data-ready]').waitFor();
    expect(await page.getByRole('button', { name: '重试' }).isVisible()).toBe(false);
    expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);

it('carries no inline script or style', async () => {
  for (const path of ['/figures/', '/en/figures/']) {
    const html = await (await fetch(server.url + path)).text();
    for (const [tag, body] of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
      expect(body?.trim(), tag).toBe('');
      expect(tag).toMatch(/\ssrc="\/_astro\//);
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
  }
});
