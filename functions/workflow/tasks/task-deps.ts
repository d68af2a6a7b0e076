// What every task function of the case workflow is built from: the environment, read once per container.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { dynamoCaseStore } from '#adapters/dynamo/case-store.ts';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { dynamoMemberInbox } from '#adapters/dynamo/member-inbox.ts';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { loadChannelSecrets } from '#adapters/secrets/channel-secrets.ts';
import { stepFunctionsCaseWorkflow } from '#adapters/sfn/case-workflow.ts';
import { identityFromEnvironment } from '#api/identity-environment.ts';
import { type Clock, systemClock } from '#domain/time.ts';
import type { CaseDeps } from '#use-cases/case-parties.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is required`);
  return value;
}

let built: Promise<{ deps: CaseDeps; table: ReturnType<typeof createTable> }> | undefined;
let clock: Clock = systemClock;

/**
 * The local runtime's controllable clock (AWS has no counterpart): messages the tasks send are
 * stamped with the same "now" as the API's. Called by the emulator before any task runs.
 */
export function useClock(local: Clock): void {
  clock = local;
  built = undefined;
}

/**
 * TABLE_NAME, CITY, the personal-data key and the notification channels (as the API reads them);
 * `STATE_MACHINE_ARN` is not needed: a step is completed by its token alone.
 */
export function taskDeps() {
  built ??= (async () => {
    await loadChannelSecrets(process.env, () => new SecretsManagerClient({}));
    const cityId = required('CITY');
    const table = createTable(required('TABLE_NAME'));
    const identity = identityFromEnvironment({ cityId, table, clock });
    if (!identity.codec) throw new Error('no personal-data key configured');
    const deps: CaseDeps = {
      cityId,
      cities: dynamoCityStore(table),
      cases: dynamoCaseStore(table, cityId),
      codec: identity.codec,
      notifier: identity.notifier,
      inbox: dynamoMemberInbox(table),
      workflow: stepFunctionsCaseWorkflow(process.env.STATE_MACHINE_ARN ?? 'unused'),
      clock,
      cityName: identity.cityName,
      reportError: (what, error) =>
        console.warn(what, error instanceof Error ? error.message : String(error)),
    };
    return { deps, table };
  })();
  built.catch(() => {
    built = undefined;
  });
  return built;
}
