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

  it('catches every human step’s lapsed deadline on a path to supervision, escalation or the next stage, never a Fail', () => {
    type Catcher = { ErrorEquals: string[]; Next: string };
    const callbacks = Object.entries(definition.States).filter(
      ([, s]) => s.Type === 'Task' && String(s.Resource).endsWith('.waitForTaskToken'),
    );
    expect(callbacks.length).toBe(10);
    const payload = (name: string) =>
      (definition.States[name]!.Parameters as { Payload: Record<string, unknown> }).Payload;
    const lapses: Record<string, string> = {};
    for (const [name, state] of callbacks) {
      const catchers = (state.Catch ?? []) as Catcher[];
      const timeout = catchers.findIndex((c) => c.ErrorEquals.includes('States.Timeout'));
      // Caught first: a States.ALL before it would take the lapse to TaskFailed.
      expect(timeout, name).toBe(0);
      expect(catchers[timeout]).toMatchObject({ ResultPath: '$.lapsed' });
      lapses[name] = catchers[timeout]!.Next;
      // The lapse goes to a Lambda task that supervises, escalates or plans the next stage.
      const target = definition.States[catchers[timeout]!.Next]!;
      expect(target.Type, name).toBe('Task');
      expect(['supervise', 'escalate', 'plan'], name).toContain(
        payload(catchers[timeout]!.Next).task,
      );
    }
    expect(lapses).toEqual({
      Diagnosis: 'DiagnosisOverdue',
      DiagnosisLate: 'EscalateLapsed',
      Session: 'SessionOverdue',
      SessionLate: 'EscalateLapsed',
      // Parties did not sign in time: back to sessions.
      Signing: 'PlanSession',
      // Nobody applied for judicial confirmation within the window: on to follow-up.
      ConfirmationWindow: 'PlanFollowUp',
      // A court's review and a follow-up are supervised again after each grace period.
      JudicialReview: 'JudicialReviewOverdue',
      JudicialReviewLate: 'JudicialReviewOverdue',
      FollowUp: 'FollowUpOverdue',
      FollowUpLate: 'FollowUpOverdue',
    });
    // A first lapse is supervision (督办) of that very step, then the same step overdue.
    for (const step of ['Diagnosis', 'Session', 'JudicialReview', 'FollowUp']) {
      expect(payload(`${step}Overdue`)).toMatchObject({
        task: 'supervise',
        stateName: `${step}Overdue`,
        supervisedState: step,
      });
      expect(definition.States[`${step}Overdue`]!.Next).toBe(`${step}Late`);
    }
    expect(payload('EscalateLapsed')).toMatchObject({ task: 'escalate', reason: 'deadline' });

    // From each lapse, the success path reaches a step a case rests at (a Wait or a human step)
    // or the end, and never a Fail (a Choice's Default is for an answer the ASL does not know).
    const rests = (name: string, seen: Set<string>): void => {
      const state = definition.States[name]!;
      expect(state.Type, `${[...seen].join(' → ')} → ${name}`).not.toBe('Fail');
      if (seen.has(name) || state.Type === 'Wait' || state.Type === 'Succeed') return;
      if (state.Type === 'Task' && String(state.Resource).endsWith('.waitForTaskToken')) return;
      seen.add(name);
      if (state.Type === 'Choice') {
        for (const rule of state.Choices as { Next: string }[]) rests(rule.Next, new Set(seen));
      } else rests(state.Next as string, seen);
    };
    for (const target of new Set(Object.values(lapses))) rests(target, new Set());
  });

  it('names every task’s state as a literal, the key its run is remembered under', () => {
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Type !== 'Task') continue;
      const { Payload } = state.Parameters as { Payload: Record<string, unknown> };
      const literal = String(state.Resource).endsWith('.waitForTaskToken')
        ? Payload.state
        : Payload.stateName;
      expect(literal, name).toBe(name);
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
