// The scheduler fires wake-ups by the local clock, in order, however far ahead (past Node's 24.8-day limit).
import { describe, expect, it } from 'vitest';
import { createScheduler } from './scheduler.ts';

const day = 86_400_000;

function movableClock(startMs: number) {
  let nowMs = startMs;
  return { now: () => new Date(nowMs), moveTo: (ms: number) => (nowMs = ms) };
}

describe('createScheduler', () => {
  it('fires a 40-day wake-up only once the clock passes it, earliest first, with now() at each', async () => {
    const t0 = Date.UTC(2026, 10, 22);
    const clock = movableClock(t0);
    const fired: [string, number][] = [];
    const scheduler = createScheduler(clock, async () => {});
    scheduler.at(t0 + 40 * day, () => fired.push(['day 40', scheduler.now().getTime()]));
    scheduler.at(t0 + 30 * day, () => fired.push(['day 30', scheduler.now().getTime()]));
    await scheduler.catchUp();
    // Past 2^31 ms, a plain setTimeout would have fired at once.
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toEqual([]);
    clock.moveTo(t0 + 41 * day);
    await scheduler.catchUp();
    expect(fired).toEqual([
      ['day 30', t0 + 30 * day],
      ['day 40', t0 + 40 * day],
    ]);
    expect(scheduler.now().getTime()).toBe(t0 + 41 * day);
    scheduler.close();
  });

  it('fires a wake-up scheduled while catching up when it is due too, after the one that made it', async () => {
    const t0 = Date.UTC(2026, 10, 22);
    const clock = movableClock(t0);
    const fired: string[] = [];
    const scheduler = createScheduler(clock, async () => {});
    scheduler.at(t0 + 3 * day, () => {
      fired.push('wait');
      // What a callback task entered on day 3 does: a 10-day timeout from "now" (day 3).
      scheduler.at(scheduler.now().getTime() + 10 * day, () => fired.push('timeout'));
    });
    scheduler.at(t0 + 20 * day, () => fired.push('day 20'));
    clock.moveTo(t0 + 40 * day);
    await scheduler.catchUp();
    expect(fired).toEqual(['wait', 'timeout', 'day 20']);
    scheduler.close();
  });

  it('cancels a wake-up', async () => {
    const clock = movableClock(0);
    const fired: string[] = [];
    const scheduler = createScheduler(clock, async () => {});
    const cancel = scheduler.at(day, () => fired.push('x'));
    cancel();
    clock.moveTo(2 * day);
    await scheduler.catchUp();
    expect(fired).toEqual([]);
    scheduler.close();
  });
});
