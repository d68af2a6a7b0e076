// Helpers for the identity tests: signed-in requests as demo accounts, contacts, codes from the outbox.
import type { TestServer } from '../support/server.ts';

export type Api = (
  path: string,
  init?: RequestInit & { as?: string; code?: string },
) => Promise<Response>;

/** Requests against the test server; `as` signs in as a demo account, `code` sends X-Tracking-Code. */
export function apiFor(server: TestServer): Api {
  // One token per account for the file's run (they live an hour), as a browser keeps its own.
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (subject: string) => {
    let token = tokens.get(subject);
    if (!token) {
      token = server.identity.signIdToken(subject);
      tokens.set(subject, token);
    }
    return token;
  };
  return async (path, init = {}) => {
    const { as, code, headers, ...rest } = init;
    const all = new Headers(headers);
    if (as) all.set('Authorization', `Bearer ${await tokenOf(as)}`);
    if (code !== undefined) all.set('X-Tracking-Code', code);
    if (rest.body && !all.has('content-type')) all.set('content-type', 'application/json');
    return fetch(`${server.url}${path}`, { ...rest, headers: all });
  };
}

let keys = 0;
export const idempotencyKey = () => `test-${process.pid}-${Date.now()}-${keys++}`;

export async function createContact(
  api: Api,
  as: string,
  body: { name: string; regionId: string; mobile?: string; idNumber?: string },
): Promise<{ reference: string; mobile: string | null; idNumber: string | null }> {
  const res = await api('/api/staff/contacts', {
    method: 'POST',
    as,
    headers: { 'Idempotency-Key': idempotencyKey() },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create contact: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The newest outbox text mentioning `needle` (the dev outbox stands in for the resident's phone). */
export async function outboxText(api: Api, needle: string): Promise<string> {
  const { items } = (await (await api('/api/dev/outbox')).json()) as { items: { text: string }[] };
  const found = items.find((m) => m.text.includes(needle));
  if (!found) throw new Error(`no outbox message mentions ${needle}`);
  return found.text;
}

export async function codeFromOutbox(api: Api, reference: string): Promise<string> {
  const text = await outboxText(api, reference);
  return /查询码 ([2-9A-Z]{8})/.exec(text)![1]!;
}
