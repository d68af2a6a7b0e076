// The mediation ASL file: valid Amazon States Language in both partitions, and built for durable local runs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { substitute, workflowDefinitions, workflowFunctions } from './functions.ts';

type Validate = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
// asl-validator ships no types; its CommonJS entry is one function.
const validate = createRequire(import.meta.url)('asl-validator') as Validate;

const text = readFileSync(new URL('./mediation.asl.json', import.meta.url), 'utf8');
type State = Record<string, unknown> & { Type: string };
const definition = JSON.parse(text) as { StartAt: string; States: Record<string, State> };

const substituted = (partition: string) =>
  JSON.parse(
    substitute(text, {
      Partition: partition,
      ...Object.fromEntries(
        Object.keys(workflowFunctions).map((key) => [
          key,
          `arn:${partition}:lambda:cn-northwest-1:123456789012:function:${key}`,
        ]),
      ),
    }),
  );

describe('mediation.asl.json', () => {
  it.each(['aws', 'aws-cn'])('is valid ASL once substituted for the %s partition', (partition) => {
    const result = validate(substituted(partition), { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('names only known placeholders and never a literal partition', () => {
    const placeholders = new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]));
    expect([...placeholders].sort()).toEqual(
      ['Partition', ...Object.keys(workflowFunctions)].sort(),
    );
    expect(text).not.toContain('arn:aws:');
    expect(text).not.toContain('arn:aws-cn:');
  });

  it('gives every task a timeout (the library would default to 60 s, AWS to a year)', () => {
    const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    for (const [, state] of tasks) {
      expect('TimeoutSeconds' in state || 'TimeoutSecondsPath' in state).toBe(true);
    }
  });

  it('starts with the resume Choice, which can enter every Wait and human step with its saved input', () => {
    expect(definition.StartAt).toBe('Resume');
    const waitsAndHumanSteps = Object.entries(definition.States)
      .filter(
        ([, s]) =>
          s.Type === 'Wait' ||
          (s.Type === 'Task' && String(s.Resource).endsWith('.waitForTaskToken')),
      )
      .map(([name]) => name);
    const resumeAt = definition.States.ResumeAt as unknown as {
      Choices: { Variable: string; StringEquals: string; Next: string }[];
    };
    const targets = resumeAt.Choices.map((rule) => {
      expect(rule.Variable).toBe('$.resume.state');
      const pass = definition.States[rule.Next]!;
      expect(pass).toMatchObject({
        Type: 'Pass',
        InputPath: '$.resume.input',
        Next: rule.StringEquals,
      });
      return rule.StringEquals;
    });
    expect(targets.sort()).toEqual(waitsAndHumanSteps.sort());
  });

  it('is listed among the workflows CDK and the emulator load', () => {
    expect(workflowDefinitions.mediation).toBe('functions/workflow/mediation.asl.json');
  });
});
