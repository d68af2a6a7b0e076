// Clock-driven timers: wake-ups at absolute instants of the local clock, fired in order however far ahead.
import type { Clock } from '#domain/time.ts';

/** Node keeps a timer at most 2^31 - 1 ms (24.8 days); longer ones are re-armed when they wake. */
const MAX_TIMER_MS = 2_147_483_647;
/** Real time is re-checked at least this often, so a clock moved by another process is noticed. */
const POLL_MS = 60_000;

interface Timer {
  dueMs: number;
  seq: number;
  fire: () => void;
}

export interface Scheduler {
  /** "Now" for the workflow: while catching up, the instant of the timer being fired. */
  now(): Date;
  /** Calls `fire` once the clock reaches `dueMs`; returns a cancel function. */
  at(dueMs: number, fire: () => void): () => void;
  /** A promise resolved at `dueMs` (and its cancel function). */
  sleepUntil(dueMs: number): { promise: Promise<void>; cancel: () => void };
  /** Fires every timer due by the clock, earliest first, each after the previous one settled. */
  catchUp(): Promise<void>;
  close(): void;
}

/**
 * `settle` resolves once the work a fired timer started has come to rest (every execution
 * waiting again or finished), so the next timer sees the state the previous one produced:
 * after a 40-day jump, a Wait due on day 3 runs, the callback task after it starts on day 3,
 * and that task's 10-day timeout fires on day 13, all before the jump returns.
 */
export function createScheduler(clock: Clock, settle: () => Promise<void>): Scheduler {
  const timers: Timer[] = [];
  let seq = 0;
  let cursor: number | undefined;
  let realTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const earliest = () => timers[0];
  const insert = (timer: Timer) => {
    const index = timers.findIndex((t) => t.dueMs > timer.dueMs);
    timers.splice(index === -1 ? timers.length : index, 0, timer);
  };

  function arm() {
    if (realTimer) clearTimeout(realTimer);
    realTimer = undefined;
    const next = earliest();
    if (closed || !next) return;
    const delay = Math.max(0, Math.min(next.dueMs - clock.now().getTime(), MAX_TIMER_MS, POLL_MS));
    realTimer = setTimeout(() => void catchUp(), delay);
    // An emulator with only far-off timers must not keep a test process alive.
    realTimer.unref();
  }

  async function drain() {
    do {
      again = false;
      for (let next = earliest(); next && next.dueMs <= clock.now().getTime(); next = earliest()) {
        timers.shift();
        cursor = Math.max(cursor ?? 0, next.dueMs);
        next.fire();
        await settle();
      }
    } while (again);
    cursor = undefined;
  }

  function catchUp(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      // A catch-up is under way: let it look again before it stops.
      again = true;
      return running;
    }
    running = drain().finally(() => {
      running = undefined;
      arm();
    });
    return running;
  }

  function at(dueMs: number, fire: () => void) {
    const timer = { dueMs, seq: seq++, fire };
    insert(timer);
    if (!running) {
      if (dueMs <= clock.now().getTime()) queueMicrotask(() => void catchUp());
      else arm();
    }
    return () => {
      const index = timers.indexOf(timer);
      if (index !== -1) timers.splice(index, 1);
    };
  }

  return {
    now: () => new Date(cursor ?? clock.now().getTime()),
    at,
    sleepUntil(dueMs) {
      let cancel = () => {};
      const promise = new Promise<void>((resolve) => {
        cancel = at(dueMs, resolve);
      });
      return { promise, cancel };
    },
    catchUp,
    close() {
      closed = true;
      timers.length = 0;
      if (realTimer) clearTimeout(realTimer);
    },
  };
}
