// cdk-nag AwsSolutions over every city's stacks: no finding may be left unacknowledged.
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { cityIds, loadCity } from '../../functions/config/cities.ts';
import { newApp, synthCity } from './synth-city.ts';

describe.each([...cityIds])('city %s', (id) => {
  it('passes AwsSolutions with every remaining finding acknowledged with a reason', () => {
    const app = newApp();
    synthCity(loadCity(id), app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let failure: Error | undefined;
    try {
      app.synth();
    } catch (error) {
      failure = error as Error;
    }
    // The report names each rule, resource and path: printed whole when it fails.
    expect(failure?.message ?? 'no findings').toBe('no findings');
  });
});
