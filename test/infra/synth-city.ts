// Test helper: a city's stacks synthesized as `cdk synth` would (cdk.json flags), without bundling, with a stand-in site.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll } from 'vitest';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import { addCityStacks } from '../../infra/city-stacks.ts';

export const cdkJson = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
) as { context: Record<string, unknown> };

const root = mkdtempSync(join(tmpdir(), 'fengqiao-infra-'));
// Each app stages the BucketDeployment's AWS CLI layer (~40 MB): removed after the test file
// (a hook registered while the importing file is collected).
afterAll(() => rmSync(root, { recursive: true, force: true }));
/** The site is a real build only in `cdk synth`; its content does not change the templates. */
export const siteDir = join(root, 'site');
mkdirSync(siteDir, { recursive: true });
writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>test</title>');

let apps = 0;
export function newApp(): App {
  return new App({
    outdir: join(root, `app-${apps++}`),
    // Bundling and CloudFormation's rule validation are proven by `cdk synth` (`npm run synth`);
    // here they would cost seconds (validation alone loads for 3 s or more).
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
}

export function synthCity(city: CityConfig, app = newApp()) {
  return { app, stacks: addCityStacks(app, city, { siteDir }) };
}
