// The booking wizard and "my booking" in Chromium on a phone (390×844), under the strict CSP:
// a resident books, sees the reference and code, cancels, and the slot's place comes back.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

const POINT = 'wz-litong-center';
const SERVICE = 'legal_consultation';

async function firstSlot(): Promise<{ slotId: string; start: string; remaining: number }> {
  const res = await fetch(`${server.url}/api/slots?servicePointId=${POINT}&serviceId=${SERVICE}`);
  const { slots } = (await res.json()) as {
    slots: { slotId: string; start: string; remaining: number }[];
  };
  return slots.find((s) => s.remaining > 0)!;
}

it('books through the wizard, shows reference and code, recovers a lost code, reschedules, then cancels and the place comes back', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    const before = await firstSlot();
    await page.goto(`${server.url}/book/`);
    await page.getByText('第 1 步，共 5 步').waitFor();
    await page.locator(`[data-panel="service"] button[data-value="${SERVICE}"]`).click();
    await page.locator(`[data-panel="point"] button[data-value="${POINT}"]`).click();
    await page.locator('[data-panel="provider"] button[data-value="any"]').click();
    await page.locator(`[data-panel="slot"] button[data-value="${before.slotId}"]`).click();
    await page.getByLabel('姓名', { exact: true }).fill('马秀英');
    await page.getByLabel('手机号', { exact: true }).fill('139 9511 2233');
    const submit = page.locator('[data-panel="details"] button[type="submit"]');
    // Without consent nothing is sent.
    await submit.click();
    await page.getByText('请先勾选同意个人信息说明。').waitFor();
    await page.locator('#fq-consent').check();
    await submit.click();
    await page.getByRole('heading', { name: '预约成功' }).waitFor();
    const reference = (await page.locator('[data-reference]').textContent())!;
    const code = (await page.locator('[data-code]').textContent())!;
    expect(reference).toMatch(/^BK[2-9A-Z]{8}$/);
    expect(code).toMatch(/^[2-9A-Z]{8}$/);
    const during = await fetch(
      `${server.url}/api/slots?servicePointId=${POINT}&serviceId=${SERVICE}&from=${encodeURIComponent(before.start)}`,
    );
    const taken = (
      (await during.json()) as { slots: { slotId: string; remaining: number }[] }
    ).slots.find((s) => s.slotId === before.slotId)!;
    expect(taken.remaining).toBe(before.remaining - 1);
    // The calendar link works from the page (a link cannot send the code).
    const href = (await page.locator('[data-calendar]').getAttribute('href'))!;
    expect((await fetch(`${server.url}${href}`)).status).toBe(200);

    await page.locator('[data-my]').click();
    // The code "lost": recovered with a one-time code sent to the phone (the dev outbox here).
    await page.getByRole('button', { name: '忘记查询码：发验证码到预约手机' }).click();
    await page.getByLabel('短信验证码').waitFor();
    const outbox = (await (await fetch(`${server.url}/api/dev/outbox`)).json()) as {
      items: { purpose: string; text: string }[];
    };
    const otp = /验证码 (\d{6})/.exec(
      outbox.items.find((m) => m.purpose === 'recovery-otp')!.text,
    )![1]!;
    await page.getByLabel('短信验证码').fill(otp);
    await page.getByRole('button', { name: '找回查询码' }).click();
    await page.getByText('查询码已找回，已填入上方。').waitFor();
    expect(await page.getByLabel('查询码', { exact: true }).inputValue()).toBe(code);
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByText('已确认').waitFor();
    // Move it to another time, then back to the first one: one place held throughout.
    await page.getByRole('button', { name: '改到其他时间' }).click();
    await page.locator('[data-slots] button').first().click();
    await page.getByText('已改期。').waitFor();
    await page.getByLabel('取消原因').fill('临时有事');
    await page.getByRole('button', { name: '取消预约' }).click();
    await page.getByText('预约已取消，名额已释放。').waitFor();
    const after = await fetch(
      `${server.url}/api/slots?servicePointId=${POINT}&serviceId=${SERVICE}&from=${encodeURIComponent(before.start)}`,
    );
    const back = (
      (await after.json()) as { slots: { slotId: string; remaining: number }[] }
    ).slots.find((s) => s.slotId === before.slotId)!;
    expect(back.remaining).toBe(before.remaining);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);
