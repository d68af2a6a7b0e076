// The resident site in a real browser against the real local server (site + API over a seeded
// table): what a resident on a phone would notice, under the product's strict CSP.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../functions/config/cities.ts';
import { launchChromium, recordProblems } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const city = loadCity('wuzhong');
const brand = city.deploy.branding;

interface ApiService {
  id: string;
  name: string;
  nameEn: string;
}

let server: TestServer;
let browser: Browser;
let services: ApiService[];

beforeAll(async () => {
  server = await startTestServer('wuzhong');
  browser = await launchChromium();
  const response = await fetch(`${server.url}/api/city`);
  services = ((await response.json()) as { services: ApiService[] }).services;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Visit {
  page: Page;
  status: number | undefined;
  /** Console errors, uncaught exceptions and CSP violations, in order. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Opens a path on a phone-sized screen, recording every problem from the first byte on; with
 * `null`, only prepares the page (to set up routes before the first navigation).
 */
async function visit(path: string | null, options: { width?: number } = {}): Promise<Visit> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: options.width ?? 360, height: 800 },
  });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  const response = path === null ? null : await page.goto(server.url + path);
  return { page, status: response?.status(), problems, close: () => context.close() };
}

/** Waits until <fq-services> has filled its list from /api/city. */
async function servicesLoaded(page: Page): Promise<string[]> {
  await page.locator('fq-services [data-list] > li').first().waitFor();
  return page.locator('fq-services [data-list] > li [data-field="name"]').allTextContents();
}

/** True when the page scrolls sideways: content wider than the screen. */
function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
}

describe('home page', () => {
  it('shows the city, the agency, the phone and the live services in Chinese', async () => {
    const { page, status, problems, close } = await visit('/');
    try {
      expect(status).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await expect.poll(() => page.title()).toContain(brand.cityName);
      const header = page.getByRole('banner');
      expect(await header.textContent()).toContain(brand.cityName);
      expect(await header.textContent()).toContain(brand.agencyName);
      expect(await page.locator('h1').textContent()).toContain(brand.cityName);
      const footer = page.getByRole('contentinfo');
      expect(await footer.getByRole('link', { name: brand.contactPhone }).count()).toBe(1);
      expect(await footer.textContent()).toContain('个人信息');

      // The three things a resident can do, online or by phone.
      for (const name of ['预约法律咨询', '申请调解', '查询进度']) {
        expect(await page.getByRole('heading', { name, level: 3 }).count()).toBe(1);
      }
      expect(await page.getByRole('main').textContent()).toContain(
        `不方便上网的，请致电 ${brand.contactPhone} 或前往就近服务点`,
      );
      expect(await page.getByRole('main').textContent()).toContain('小事不出村、大事不出镇');

      expect(services.length).toBeGreaterThan(0);
      expect(await servicesLoaded(page)).toEqual(services.map((s) => s.name));
      expect(await page.locator('fq-services [role="status"]').textContent()).toContain(
        `共 ${services.length} 项服务`,
      );

      const english = page.getByRole('navigation').getByRole('link', { name: 'English' });
      expect(await english.getAttribute('href')).toBe('/en/');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('is in English under /en/, services included', async () => {
    const { page, status, problems, close } = await visit('/en/');
    try {
      expect(status).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      const header = page.getByRole('banner');
      expect(await header.textContent()).toContain(brand.cityNameEn);
      expect(await header.textContent()).toContain(brand.agencyNameEn);
      expect(await page.locator('h1').textContent()).toContain(brand.cityNameEn);
      expect(await servicesLoaded(page)).toEqual(services.map((s) => s.nameEn));
      const chinese = page.getByRole('navigation').getByRole('link', { name: '中文' });
      expect(await chinese.getAttribute('href')).toBe('/');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('gives the phone number and a retry when the services cannot be loaded', async () => {
    const { page, problems, close } = await visit(null);
    try {
      await page.route('**/api/city', (route) => route.abort('connectionfailed'));
      await page.goto(`${server.url}/`);
      const notice = page.locator('fq-services .fq-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(brand.contactPhone);
      expect(await page.locator('fq-services [role="status"]').textContent()).toContain(
        '暂时无法显示服务项目',
      );

      await page.unroute('**/api/city');
      await page.getByRole('button', { name: '重试' }).click();
      expect(await servicesLoaded(page)).toEqual(services.map((s) => s.name));
      expect(await notice.isVisible()).toBe(false);
      // The only problem is the refused request itself, which the page explained.
      expect(problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('reading on a phone with large text', () => {
  for (const path of ['/', '/en/', '/no-such-page']) {
    it(`${path} does not scroll sideways at 360 px wide with text at 200%`, async () => {
      const { page, close } = await visit(path);
      try {
        if (!path.startsWith('/no-such')) await servicesLoaded(page);
        expect(await scrollsSideways(page)).toBe(false);
        // An author's style may not fix the text size: the resident's setting must scale it.
        await page.evaluate(() => {
          document.documentElement.style.fontSize = '200%';
        });
        const bodySize = await page.evaluate(() =>
          Number.parseFloat(getComputedStyle(document.body).fontSize),
        );
        expect(bodySize).toBeGreaterThanOrEqual(32);
        expect(await scrollsSideways(page)).toBe(false);
        const name = path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home';
        await page.screenshot({ path: `/tmp/fengqiao-site-${name}-360-200.png`, fullPage: true });
      } finally {
        await close();
      }
    });
  }

  it('sets body text at 18 px with line height of at least 1.5', async () => {
    const { page, close } = await visit('/');
    try {
      const [size, lineHeight] = await page.evaluate(() => {
        const style = getComputedStyle(document.querySelector('main p') as Element);
        return [Number.parseFloat(style.fontSize), Number.parseFloat(style.lineHeight)];
      });
      expect(size).toBeGreaterThanOrEqual(18);
      expect(lineHeight / size).toBeGreaterThanOrEqual(1.5);
      await page.screenshot({ path: '/tmp/fengqiao-site-home-360.png', fullPage: true });
    } finally {
      await close();
    }
  });
});

describe('keyboard', () => {
  it('reaches every control by Tab, each with a visible focus ring and a 44 px target', async () => {
    const { page, problems, close } = await visit('/');
    try {
      await servicesLoaded(page);
      // Number every visible control, so that each Tab stop can be told apart.
      const controls = await page.evaluate(() =>
        Array.from(
          document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea'),
        )
          .filter((el) => el.getClientRects().length > 0 && !el.closest('[hidden]'))
          .map((el, index) => {
            el.dataset.tabProbe = String(index);
            return String(index);
          }),
      );
      expect(controls.length).toBeGreaterThan(5);

      const reached: string[] = [];
      for (let i = 0; i < controls.length + 5; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            probe: el.dataset.tabProbe ?? 'unexpected',
            html: el.outerHTML.slice(0, 80),
            ring: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
            // Inline links in running text are exempt from the size rule (WCAG 2.5.8).
            inline: el.tagName === 'A' && getComputedStyle(el).display === 'inline',
            width: box.width,
            height: box.height,
            onScreen: box.bottom > 0 && box.top < window.innerHeight,
          };
        });
        if (!focused || reached.includes(focused.probe)) continue;
        reached.push(focused.probe);
        expect(focused.ring, `focus ring on ${focused.html}`).toBe(true);
        expect(focused.onScreen, `scrolled into view: ${focused.html}`).toBe(true);
        if (!focused.inline) {
          expect(focused.height, `target height of ${focused.html}`).toBeGreaterThanOrEqual(44);
          expect(focused.width, `target width of ${focused.html}`).toBeGreaterThanOrEqual(44);
        }
      }
      expect(reached.sort()).toEqual([...controls].sort());
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('offers a skip link first that moves focus to the main content', async () => {
    const { page, close } = await visit('/');
    try {
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: '跳到主要内容' });
      expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await skip.isVisible()).toBe(true);
      const box = await skip.boundingBox();
      expect(box && box.y >= 0).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    } finally {
      await close();
    }
  });
});

describe('not found', () => {
  it('answers an unknown path with status 404 and a way home, in both languages', async () => {
    const { page, status, problems, close } = await visit('/no-such-page');
    try {
      expect(status).toBe(404);
      expect(await page.locator('h1').textContent()).toContain('没有找到这个页面');
      expect(await page.getByRole('link', { name: '返回首页' }).getAttribute('href')).toBe('/');
      expect(await page.getByRole('link', { name: 'Back to the home page' }).count()).toBe(1);
      expect(await page.getByRole('banner').textContent()).toContain(brand.cityName);
      // The browser reports the 404 of the document itself; anything else is a fault.
      expect(problems.filter((p) => !p.includes('status of 404'))).toEqual([]);
    } finally {
      await close();
    }
  });

  it('answers an unknown English path with the English page first', async () => {
    const { page, status, close } = await visit('/en/no-such-page');
    try {
      expect(status).toBe(404);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('h1').textContent()).toContain('We could not find this page');
    } finally {
      await close();
    }
  });
});

describe('strict CSP', () => {
  // The server sends `script-src 'self'; style-src 'self'` without 'unsafe-inline'; anything
  // inline in the built pages would be refused by residents' browsers.
  const staffPages = ['', 'callback/', 'calendar/', 'cases/', 'case/', 'schedule/', 'session/']
    .concat(['judge/', 'agreement/', 'audit/'])
    .flatMap((p) => [`/staff/${p}`, `/en/staff/${p}`]);
  for (const path of ['/', '/en/', '/no-such-page', '/en/no-such-page', ...staffPages]) {
    it(`${path} carries no inline script, style element or style attribute`, async () => {
      const response = await fetch(server.url + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)];
      for (const [tag, body] of scripts) {
        expect(body?.trim(), tag).toBe('');
        expect(tag).toMatch(/\ssrc="\/_astro\//);
      }
      expect(html).not.toMatch(/<style\b/i);
      expect(html).not.toMatch(/\sstyle=/i);
      // Everything comes from the site's own origin: no fonts, CDNs or trackers.
      expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
    });
  }

  // The staff portal is one page per view with one script: light on a village mediator's phone.
  it('keeps every staff page, with its script and styles, under 40 KB gzipped', async () => {
    const { gzipSync } = await import('node:zlib');
    const gz = async (path: string) =>
      gzipSync(Buffer.from(await (await fetch(server.url + path)).arrayBuffer())).length;
    for (const path of staffPages) {
      const html = await (await fetch(server.url + path)).text();
      const assets = [...html.matchAll(/\s(?:src|href)="(\/_astro\/[^"]+)"/g)].map((m) => m[1]!);
      let total = await gz(path);
      for (const asset of assets) total += await gz(asset);
      expect(total, path).toBeLessThan(40 * 1024);
    }
  });
});
