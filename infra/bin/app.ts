// CDK entry point: `-c city=<id>` adds that city's stacks; without it, every configured city's.
import { App } from 'aws-cdk-lib';
import { cityIds, loadCity } from '../../functions/config/cities.ts';
import { addCityStacks } from '../city-stacks.ts';
import { buildSiteIfStale, webDist } from '../local/web-build.ts';

const app = new App();

const requested: unknown = app.node.tryGetContext('city');
if (requested !== undefined && typeof requested !== 'string') {
  throw new Error(`-c city=<id> takes one of: ${cityIds.join(', ')}`);
}
// Synth checks every city by default; a deploy names one city, since each has its own account
// and credentials, in its own partition. `loadCity` rejects an unknown id, naming the known ones.
for (const id of requested === undefined ? cityIds : [requested]) {
  const city = loadCity(id);
  // The site is built for one city at a time (its config is baked into the pages) into
  // web/dist; the stack copies it into the cloud assembly as an asset before the next build.
  await buildSiteIfStale(id, (line) => process.stderr.write(`${line}\n`));
  addCityStacks(app, city, { siteDir: webDist });
}
