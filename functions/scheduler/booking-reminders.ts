// Scheduled entry point: sends the booking and session reminders now due (run every few minutes by a schedule).
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { dynamoBookingStore } from '#adapters/dynamo/booking-store.ts';
import { dynamoCaseStore } from '#adapters/dynamo/case-store.ts';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { dynamoMemberInbox } from '#adapters/dynamo/member-inbox.ts';
import { dynamoSessionReminderStore } from '#adapters/dynamo/session-reminder-store.ts';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { loadChannelSecrets } from '#adapters/secrets/channel-secrets.ts';
import { identityFromEnvironment } from '#api/identity-environment.ts';
import { type Clock, systemClock } from '#domain/time.ts';
import { sendDueReminders } from '#use-cases/bookings.ts';
import { sendDueSessionReminders } from '#use-cases/session-reminders.ts';

/** One run over TABLE_NAME and CITY; `clock` is the local runtime's controllable one. */
export async function runBookingReminders(clock: Clock = systemClock): Promise<{ sent: number }> {
  const cityId = process.env.CITY;
  const tableName = process.env.TABLE_NAME;
  if (!cityId || !tableName) throw new Error('CITY and TABLE_NAME are required');
  const table = createTable(tableName);
  const identity = identityFromEnvironment({ cityId, table, clock });
  if (!identity.codec) throw new Error('no personal-data key configured');
  const cities = dynamoCityStore(table);
  const named = await cities.readCity(cityId);
  const sent = await sendDueReminders({
    async catalogue() {
      const [city, roster] = await Promise.all([
        cities.readCity(cityId),
        cities.readRoster(cityId),
      ]);
      if (!city) throw new Error(`city ${cityId} is not seeded`);
      return { city, roster };
    },
    bookings: dynamoBookingStore(table),
    codec: identity.codec,
    notifier: identity.notifier,
    clock,
    // 【吴忠市】… as the other messages residents receive.
    cityName: named?.city.name ?? cityId,
    reportError: (what, error) =>
      console.warn(what, error instanceof Error ? error.message : error),
  });
  // Sessions of cases: the same run, the same channels.
  const sessions = await sendDueSessionReminders({
    cityId,
    cities,
    cases: dynamoCaseStore(table, cityId),
    codec: identity.codec,
    notifier: identity.notifier,
    inbox: dynamoMemberInbox(table),
    // Reminders complete no step: the workflow is not needed here.
    workflow: {
      start: () => Promise.reject(new Error('reminders start no workflow')),
      complete: () => Promise.reject(new Error('reminders complete no step')),
    },
    clock,
    cityName: named?.city.name ?? cityId,
    reminders: dynamoSessionReminderStore(table),
    reportError: (what, error) =>
      console.warn(what, error instanceof Error ? error.message : error),
  });
  return { sent: sent + sessions };
}

/** The Lambda handler an EventBridge schedule invokes; the channel secrets load once per cold start. */
let secretsLoaded: Promise<void> | undefined;
export const handler = async () => {
  secretsLoaded ??= loadChannelSecrets(process.env, () => new SecretsManagerClient({}));
  await secretsLoaded;
  return runBookingReminders();
};
