// CLI: seeds cases over every outcome into a city's table through the use cases (functions/use-cases/seed-cases.ts), for demos and the figures pages.
// `node --import tsx infra/local/seed-cases.ts [count=200] [seed=1]`, with the variables a Lambda task reads:
// TABLE_NAME, CITY, PERSONAL_DATA_KEY_FILE (or _KMS_KEY_ID) and, locally, AWS_ENDPOINT_URL_DYNAMODB.
import { dynamoCaseStore } from '#adapters/dynamo/case-store.ts';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { identityFromEnvironment } from '#api/identity-environment.ts';
import { loadCity } from '#config/cities.ts';
import { cityEnvironment } from '#config/city-environment.ts';
import { systemClock } from '#domain/time.ts';
import { seedCases } from '#use-cases/seed-cases.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is required`);
  return value;
}

const [count = '200', seed = '1'] = process.argv.slice(2);
const cityId = required('CITY');
// The city's name and channels as its stack would set them, unless the caller set them already.
for (const [name, value] of Object.entries(cityEnvironment(loadCity(cityId))))
  process.env[name] ??= value;
const table = createTable(required('TABLE_NAME'));
const identity = identityFromEnvironment({ cityId, table, clock: systemClock });
if (!identity.codec) throw new Error('no personal-data key configured');
const started = performance.now();
const summary = await seedCases(
  {
    cityId,
    cities: dynamoCityStore(table),
    cases: dynamoCaseStore(table, cityId),
    codec: identity.codec,
    cityName: identity.cityName,
  },
  Number(count),
  { seed: Number(seed) },
);
console.log(
  `${summary.caseNumbers.length} cases in ${Math.round(performance.now() - started)} ms`,
  summary.outcomes,
  { escalations: summary.escalations, ...summary.confirmations, ratings: summary.ratings },
);
