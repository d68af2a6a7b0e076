// Task tokens: minted per callback task, recognised by shape, and the in-memory waiters they wake.
import { randomBytes } from 'node:crypto';

const PREFIX = 'fqtt1';
const pattern = /^fqtt1\.[A-Za-z0-9_-]{43}$/;

/** The string the library puts where `$$.Task.Token` is read; the emulator swaps in a real token. */
export const TOKEN_PLACEHOLDER = '__fengqiao_local_task_token__';

/** A fresh, unguessable token (256 random bits), opaque to its holder as on AWS. */
export function mintTaskToken(): string {
  return `${PREFIX}.${randomBytes(32).toString('base64url')}`;
}

/** Whether a string could be one of our tokens (else the API answers InvalidToken). */
export function isWellFormedTaskToken(token: string): boolean {
  return pattern.test(token);
}

/** Replaces every occurrence of the placeholder in a JSON value (the payload the task receives). */
export function withTaskToken<T>(value: T, token: string): T {
  if (value === TOKEN_PLACEHOLDER) return token as T;
  if (Array.isArray(value)) return value.map((item) => withTaskToken(item, token)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withTaskToken(item, token)]),
    ) as T;
  }
  return value;
}

export type TaskOutcome =
  | { kind: 'success'; output: unknown }
  | { kind: 'failure'; error: string; cause: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/** Callback tasks waiting in this process, by token. */
export class TokenWaiters {
  private readonly waiters = new Map<string, (outcome: TaskOutcome) => void>();

  wait(token: string): Promise<TaskOutcome> {
    return new Promise((resolve) => this.waiters.set(token, resolve));
  }

  /** Wakes the task waiting on `token`, if it waits in this process. */
  settle(token: string, outcome: TaskOutcome): boolean {
    const wake = this.waiters.get(token);
    this.waiters.delete(token);
    wake?.(outcome);
    return wake !== undefined;
  }

  forget(token: string): void {
    this.waiters.delete(token);
  }
}
