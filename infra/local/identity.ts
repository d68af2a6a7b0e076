// Local mode's identity and privacy stand-ins: the dev OIDC issuer, its demo accounts, the key file, the outbox.
import { join } from 'node:path';
import { dynamoOutbox } from '#adapters/dynamo/outbox.ts';
import { dynamoStaffAccountStore } from '#adapters/dynamo/staff-account-store.ts';
import type { Table } from '#adapters/dynamo/table-client.ts';
import type { OutboxReader } from '#adapters/notifier.port.ts';
import type { CityConfig } from '#config/city-schema.ts';
import type { Clock } from '#domain/time.ts';
import { seedStaffAccounts } from '#use-cases/seed-staff-accounts.ts';
import { type DemoAccount, demoAccounts } from './dev-oidc/demo-accounts.ts';
import { createDevIssuer, DEV_CLIENT_ID, DEV_OIDC_PATH } from './dev-oidc/issuer.ts';
import type { DevPages } from './dev-pages/mount.ts';

export interface LocalIdentity {
  issuer: string;
  /** What the app reads, as on AWS: set these before building it. */
  env: Record<string, string>;
  accounts: readonly DemoAccount[];
  dev: DevPages;
  outbox: OutboxReader;
  signIdToken(subject: string, overrides?: Record<string, unknown>): Promise<string>;
  /** Seeds the demo accounts once (an admin's later edit stays). */
  seedAccounts(): Promise<{ created: number }>;
}

/** `baseUrl` is where browsers reach the product (`http://127.0.0.1:3000`). */
export async function localIdentity(input: {
  dataDir: string;
  city: CityConfig;
  table: Table;
  clock: Clock;
  baseUrl: string;
}): Promise<LocalIdentity> {
  const issuer = `${input.baseUrl}${DEV_OIDC_PATH}`;
  const accounts = demoAccounts(input.city);
  const store = dynamoStaffAccountStore(input.table);
  const devIssuer = await createDevIssuer({
    issuer: () => issuer,
    keyFile: join(input.dataDir, 'keys', 'dev-oidc-signing-key.json'),
    accounts,
    // The local stand-in for the agency's issuer: an account an admin made (POST
    // /api/admin/staff-accounts, by `sub`) can sign in here; a disabled one is not offered.
    moreAccounts: async () =>
      (await store.list())
        .filter((a) => a.issuer === issuer && a.enabled)
        .map((a) => ({
          subject: a.subject,
          name: a.name,
          nameEn: a.name,
          roles: a.roles,
          regionId: a.regionId,
          rosterMemberId: a.rosterMemberId,
          about: `${a.roles.join('、')} · ${a.regionId}`,
          aboutEn: `${a.roles.join(', ')} · ${a.regionId}`,
        })),
    clock: input.clock,
  });
  const outbox = dynamoOutbox(input.table, input.clock);
  return {
    issuer,
    env: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: DEV_CLIENT_ID,
      PERSONAL_DATA_KEY_FILE: join(input.dataDir, 'keys', 'personal-data.key'),
      NOTIFY_VIA: 'outbox',
      // Signs a Jitsi city's room links locally (Secrets Manager holds the real one on AWS).
      JITSI_APP_SECRET: process.env.JITSI_APP_SECRET ?? 'local-dev-jitsi-secret',
    },
    accounts,
    dev: { oidc: devIssuer.app, outbox },
    outbox,
    signIdToken: devIssuer.signIdToken,
    seedAccounts: () =>
      seedStaffAccounts(
        { accounts: store },
        accounts.map((a) => ({
          issuer,
          subject: a.subject,
          name: a.name,
          roles: a.roles,
          regionId: a.regionId,
          rosterMemberId: a.rosterMemberId,
          enabled: true,
        })),
      ),
  };
}

/** Console lines listing the demo accounts. */
export function accountLines(accounts: readonly DemoAccount[]): string[] {
  const width = Math.max(...accounts.map((a) => a.subject.length));
  return accounts.map((a) => `            ${a.subject.padEnd(width)}  ${a.name} — ${a.about}`);
}
