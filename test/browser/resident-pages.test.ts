// The resident directories in Chromium on a phone (390×844), under the strict CSP: every service
// point and every bookable person, filled live from the API, narrowed by a filter, readable at
// 200% text without scrolling sideways, in Chinese and in English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../functions/config/cities.ts';
import { launchChromium, recordProblems } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('wuzhong');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Named {
  id: string;
  name: string;
  nameEn: string;
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(server.url + path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/**
 * Opens a page at 390×844, recording console errors, exceptions and CSP violations; `before`
 * runs ahead of the first navigation (to set up routes).
 */
async function visit(path: string, before?: (page: Page) => Promise<unknown>) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  await before?.(page);
  const response = await page.goto(server.url + path);
  expect(response?.status()).toBe(200);
  return { page, problems, close: () => context.close() };
}

/** The card titles once the list has loaded (the element is no longer busy). */
async function cardTitles(page: Page, element: string): Promise<string[]> {
  await page.locator(`${element}[aria-busy="false"]`).waitFor();
  return page.locator(`${element} [data-list] > li .fq-card__title`).allTextContents();
}

async function noSidewaysScrollAt200(page: Page, shot: string): Promise<void> {
  const sideways = () =>
    page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
  expect(await sideways()).toBe(false);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  expect(
    await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize)),
  ).toBeGreaterThanOrEqual(36);
  expect(await sideways()).toBe(false);
  await page.screenshot({ path: `/tmp/fengqiao-${shot}-390-200.png`, fullPage: true });
  // What a resident sees of the first card at 200%, for a person to look at.
  await page.locator('[data-list] > li').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/fengqiao-${shot}-390-200-card.png` });
}

describe('service points', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`lists every point from the API and filters by level (${locale})`, async () => {
      const en = locale === 'en';
      const { servicePoints } = await api<{ servicePoints: (Named & { level: string })[] }>(
        '/api/service-points',
      );
      const towns = servicePoints.filter((p) => p.level === 'town');
      expect(towns.length).toBeGreaterThan(0);
      expect(towns.length).toBeLessThan(servicePoints.length);
      const { page, problems, close } = await visit(
        en ? '/en/service-points/' : '/service-points/',
      );
      try {
        expect(await page.locator('h1').count()).toBe(1);
        expect(await cardTitles(page, 'fq-service-points')).toEqual(
          servicePoints.map((p) => (en ? p.nameEn : p.name)),
        );
        await page.screenshot({
          path: `/tmp/fengqiao-service-points-${locale}-390.png`,
          fullPage: true,
        });
        await page.screenshot({ path: `/tmp/fengqiao-service-points-${locale}-390-top.png` });
        const first = page.locator('fq-service-points [data-list] > li').first();
        const tel = first.locator('a[href^="tel:"]');
        expect(await tel.getAttribute('href')).toMatch(/^tel:[\d+]+$/);
        expect((await tel.boundingBox())!.height).toBeGreaterThanOrEqual(44);
        expect(await first.locator('a[data-book]').getAttribute('href')).toBe(
          en ? '/en/book/' : '/book/',
        );
        expect(await first.locator('[data-field="hours"] li').count()).toBeGreaterThan(0);
        await expect
          .poll(() => page.locator('fq-service-points [role="status"]').textContent())
          .toContain(String(servicePoints.length));

        await page.getByLabel(en ? 'Level' : '层级', { exact: true }).selectOption('town');
        await expect
          .poll(() => page.locator('fq-service-points [data-list] > li').count())
          .toBe(towns.length);
        expect(await cardTitles(page, 'fq-service-points')).toEqual(
          towns.map((p) => (en ? p.nameEn : p.name)),
        );

        await noSidewaysScrollAt200(page, `service-points-${locale}`);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});

describe('providers', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`lists the roster from the API and filters by service point (${locale})`, async () => {
      const en = locale === 'en';
      const { providers } = await api<{ providers: Named[] }>('/api/providers');
      const point = 'wz-litong-center';
      const atPoint = (await api<{ providers: Named[] }>(`/api/providers?servicePointId=${point}`))
        .providers;
      expect(atPoint.length).toBeGreaterThan(0);
      expect(atPoint.length).toBeLessThan(providers.length);
      const { page, problems, close } = await visit(en ? '/en/providers/' : '/providers/');
      try {
        expect(await cardTitles(page, 'fq-providers')).toEqual(
          providers.map((p) => (en ? p.nameEn : p.name)),
        );
        await page.screenshot({
          path: `/tmp/fengqiao-providers-${locale}-390.png`,
          fullPage: true,
        });
        await page.locator('fq-providers [data-list] > li').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: `/tmp/fengqiao-providers-${locale}-390-top.png` });
        const main = (await page.getByRole('main').textContent()) ?? '';
        // Plain words for the kind, and no personal phone numbers anywhere on the page.
        expect(main).toContain(en ? 'lawyer' : '律师');
        expect(await page.locator('fq-providers a[href^="tel:"]').count()).toBe(0);
        if (!en) expect(main).toMatch(/最早可约：\d{1,2}月\d{1,2}日 周[一二三四五六日] \d\d:\d\d/);
        expect(
          await page
            .locator('fq-providers [data-list] > li')
            .first()
            .locator('a[data-book]')
            .getAttribute('href'),
        ).toBe(en ? '/en/book/' : '/book/');

        await page.getByLabel(en ? 'Service point' : '服务点', { exact: true }).selectOption(point);
        await expect
          .poll(() => page.locator('fq-providers [data-list] > li').count())
          .toBe(atPoint.length);
        expect(await cardTitles(page, 'fq-providers')).toEqual(
          atPoint.map((p) => (en ? p.nameEn : p.name)),
        );

        await noSidewaysScrollAt200(page, `providers-${locale}`);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});

it('gives the agency phone and a retry when the list cannot be loaded', async () => {
  const phone = loadCity('wuzhong').deploy.branding.contactPhone;
  const { page, problems, close } = await visit('/providers/', (p) =>
    p.route('**/api/providers*', (route) => route.abort('connectionfailed')),
  );
  try {
    const notice = page.locator('fq-providers [data-when="failed"] .fq-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(phone);
    await page.unroute('**/api/providers*');
    await page.getByRole('button', { name: '重试' }).click();
    expect((await cardTitles(page, 'fq-providers')).length).toBeGreaterThan(0);
    expect(await notice.isVisible()).toBe(false);
    // The only problem is the refused request itself, which the page explained.
    expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
  } finally {
    await close();
  }
});

it('the home page links to both directories', async () => {
  const { page, problems, close } = await visit('/');
  try {
    expect(await page.locator('main a[href="/service-points/"]').count()).toBe(1);
    expect(await page.locator('main a[href="/providers/"]').count()).toBe(1);
    expect(problems).toEqual([]);
  } finally {
    await close();
  }
});
