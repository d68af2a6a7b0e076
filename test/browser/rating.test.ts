// Rating the service on the tracking page, in Chromium on a phone (390×844) under the strict CSP:
// cases filed and closed through the API (the respondent declines, the diagnosis records it), then
// a party rates by keyboard alone and sees the thank-you; a rating whose answer was lost is sent
// again with the same Idempotency-Key; a party who rated elsewhere meanwhile is told so.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, recordProblems } from '../support/browser.ts';
import {
  asParty,
  codeSentTo,
  type Filed,
  fileCase,
  moveClock,
  staff,
  waitForClosed,
  waitForStage,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
/** Two closed cases: the applicant's and the respondent's codes of each. */
const closed: { applicant: Filed; respondent: Filed }[] = [];

const DAY = 86_400;

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  browser = await launchChromium();
  const mediator = staff(server, 'demo-mediator-gjqc');
  const filed = [await fileCase(server), await fileCase(server)];
  for (const f of filed) await waitForStage(server, f.caseNumber, 'triage');
  // Diagnosis opens at 09:00 on the next working day (a weekend or holiday may come first).
  await moveClock(server, { advanceSeconds: 5 * DAY });
  for (const applicant of filed) {
    await waitForStep(server, applicant.caseNumber, 'Diagnosis');
    const respondent = await codeSentTo(server, applicant.caseNumber, '139****5678');
    const declined = await asParty(server, respondent, 'POST', '/response', { consent: false });
    expect(declined.status).toBe(200);
    await mediator.act(applicant.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: false,
      track: 'simple',
    });
    expect((await waitForClosed(server, applicant.caseNumber)).closureType).toBe(
      'consent_declined',
    );
    closed.push({ applicant, respondent });
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function nextAction(party: Filed): Promise<string> {
  const response = await asParty(server, party, 'GET');
  return ((await response.json()) as { nextAction: { kind: string } }).nextAction.kind;
}

/** What has focus: its tag, id, type, value and accessible name (label or contents). */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      type: el?.type ?? '',
      value: el?.value ?? '',
      checked: el?.checked ?? false,
      name: ((el?.labels?.[0]?.textContent ?? '') || (el?.textContent ?? '')).trim(),
    };
  });
}

function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
}

/** Opens the case on the tracking page by keyboard: number and code typed, Enter. */
async function openCase(page: Page, path: string, party: Filed, codeLabel: RegExp) {
  await page.goto(`${server.url}${path}?case=${party.caseNumber}`);
  await page.getByRole('textbox', { name: codeLabel }).focus();
  await page.keyboard.type(party.trackingCode);
  await page.keyboard.press('Enter');
}

it('rates the service by keyboard on a phone and says thank you', async () => {
  const { applicant } = closed[0]!;
  expect(await nextAction(applicant)).toBe('rate');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await openCase(page, '/track/', applicant, /查询码/);
    const section = page.getByRole('region', { name: '评价本次服务' });
    await section.waitFor();
    expect(await page.locator('[data-todo]').textContent()).toBe(
      '这件纠纷已经办结。欢迎您评价本次服务（自愿，约 1 分钟）。',
    );

    // Five choices with their numbers and words, in one named group, each a large target.
    const group = page.getByRole('group', { name: /您的评价/ });
    const radios = group.getByRole('radio');
    expect(await radios.count()).toBe(5);
    const names = [
      '1 分 · 很不满意',
      '2 分 · 不满意',
      '3 分 · 一般',
      '4 分 · 满意',
      '5 分 · 非常满意',
    ];
    for (const [i, name] of names.entries()) {
      expect(await group.getByRole('radio', { name, exact: true }).getAttribute('value')).toBe(
        String(i + 1),
      );
    }
    for (const box of await section.locator('.fq-choice').all()) {
      const size = (await box.boundingBox())!;
      expect(size.height).toBeGreaterThanOrEqual(44);
      expect(size.width).toBeGreaterThanOrEqual(300);
    }
    const comment = section.getByRole('textbox', { name: /想对我们说的话/ });
    expect(await comment.getAttribute('maxlength')).toBe('500');

    await section.screenshot({ path: '/tmp/fengqiao-track-rate-390.png' });
    // At 200% text, nothing pushes the page sideways and the words stay whole.
    expect(await scrollsSideways(page)).toBe(false);
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    expect(await scrollsSideways(page)).toBe(false);
    await section.screenshot({ path: '/tmp/fengqiao-track-rate-390-200.png' });
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '';
    });

    // Keyboard only, from the case heading (focused when the case opened): Tab reaches the first
    // choice, then the comment, then the button. Sending with nothing chosen says so at the group.
    expect((await focused(page)).id).toBe('fq-case-heading');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ type: 'radio', value: '1', checked: false });
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('fq-rate-comment');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', name: '提交评价' });
    await page.keyboard.press('Enter');
    await page.locator('#fq-score-error').getByText('请选一个评价').waitFor();
    expect(await page.locator('#fq-score').getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toMatchObject({ type: 'radio', value: '1' });

    // Arrow keys move through the group and choose: three down from 1 is 4 (满意).
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ value: '4', checked: true, name: '4 分 · 满意' });
    expect(await page.locator('#fq-score').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#fq-score-error').textContent()).toBe('');
    await page.keyboard.press('Tab');
    const words = '调解员很耐心，就是等的时间长了点。';
    await page.keyboard.type(words);
    expect(await page.locator('#fq-rate-comment-counter').textContent()).toBe(
      `已写 ${words.length} 字，最多 500 字`,
    );
    await page.keyboard.press('Tab');
    const sent = page.waitForResponse(
      (r) => r.url().endsWith('/rating') && r.request().method() === 'POST',
    );
    await page.keyboard.press('Enter');
    const answer = await sent;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toMatch(/\S{16,}/);
    expect(answer.request().postDataJSON()).toEqual({ score: 4, comment: words });

    // The thank-you replaces the form and takes focus; the case is up to date.
    const thanks = page.locator('[data-rated="done"]');
    await thanks.waitFor();
    expect(await thanks.textContent()).toContain('感谢您的评价');
    expect(await thanks.textContent()).toContain('您的评价：4 分 · 满意。');
    expect(await thanks.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await section.isVisible()).toBe(false);
    expect(await page.locator('[data-todo]').textContent()).toBe(
      '这件纠纷已经办结，不需要您再做什么。',
    );
    expect(await page.locator('[data-timeline] li').last().textContent()).toContain(
      '当事人评价服务',
    );
    expect(await nextAction(applicant)).toBe('none');
    expect(await scrollsSideways(page)).toBe(false);
    await page.screenshot({ path: '/tmp/fengqiao-track-rated-390.png', fullPage: true });

    // A refresh shows the closed case without the form.
    await page.reload();
    await page.locator('[data-todo]').getByText('不需要您再做什么').waitFor();
    expect(await section.isVisible()).toBe(false);
    expect(await thanks.isVisible()).toBe(false);

    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);

it('sends a rating whose answer was lost again with the same key, in English', async () => {
  const { applicant, respondent } = closed[1]!;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    // The first answer is lost on the way back (the rating is stored all the same).
    const keys: string[] = [];
    await page.route('**/rating', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const response = await route.fetch();
      if (keys.length === 1) {
        expect(response.status()).toBe(201);
        await route.abort('failed');
      } else {
        await route.fulfill({ response });
      }
    });
    await openCase(page, '/en/track/', applicant, /Tracking code/);
    const section = page.getByRole('region', { name: 'Rate this service' });
    await section.waitFor();
    expect(await page.locator('[data-todo]').textContent()).toContain('rate this service');
    await section.getByRole('radio', { name: '2 · Dissatisfied', exact: true }).check();
    const send = section.getByRole('button', { name: 'Send my rating' });
    await send.click();
    await section
      .getByRole('alert')
      .getByText('This was not sent. Please try again later.')
      .waitFor();
    expect(await section.isVisible()).toBe(true);

    const replayed = page.waitForResponse((r) => r.url().endsWith('/rating'));
    await send.click();
    expect((await replayed).headers()['idempotent-replayed']).toBe('true');
    await page.locator('[data-rated="done"]').getByText('Your rating: 2 · Dissatisfied.').waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await nextAction(applicant)).toBe('none');

    // The respondent opens the page, then rates from another phone before sending here.
    await page.getByRole('button', { name: 'Sign out of this case' }).click();
    await page.unroute('**/rating');
    await openCase(page, '/en/track/', respondent, /Tracking code/);
    await section.waitFor();
    expect(await page.locator('[data-rated="done"]').isVisible()).toBe(false);
    const elsewhere = await fetch(`${server.url}/api/cases/${respondent.caseNumber}/rating`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Tracking-Code': respondent.trackingCode,
        'Idempotency-Key': 'rated-elsewhere-1',
      },
      body: JSON.stringify({ score: 5 }),
    });
    expect(elsewhere.status).toBe(201);
    await section.getByRole('radio', { name: '5 · Very satisfied', exact: true }).check();
    await section.getByRole('button', { name: 'Send my rating' }).click();
    const already = page.locator('[data-rated="already"]');
    await already.getByText('You have already rated this service').waitFor();
    expect(await section.isVisible()).toBe(false);

    // The browser's own lines about the lost answer and the refusal, both explained on the page.
    expect(
      problems.filter((p) => !p.includes('net::ERR_FAILED') && !p.includes('status of 409')),
    ).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);
