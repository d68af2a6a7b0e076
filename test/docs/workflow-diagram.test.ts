// docs/workflow.md's state machine (diagram and table) is what the ASL file draws, and names every state.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stepStates } from '../../functions/domain/case.ts';
import {
  type AslDefinition,
  checkWorkflowDoc,
  deadlineProblems,
  deadlines,
  generatedSection,
  readAsl,
  updateCommand,
} from '../../scripts/workflow-diagram.ts';

const root = resolve(import.meta.dirname, '../..');
const stale = `docs/workflow.md's generated section differs from what the ASL draws: run ${updateCommand} to update`;

describe('docs/workflow.md: the generated workflow diagram', () => {
  const asl = readAsl();
  const names = Object.keys(asl.States);

  it('is what the ASL file produces', () => {
    const { actual, expected, upToDate } = checkWorkflowDoc();
    expect(actual, stale).toBeDefined();
    expect(actual, stale).toBe(expected);
    expect(upToDate).toBe(true);
  });

  it('the script agrees in check mode (exit 0)', async () => {
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/workflow-diagram.ts', '--check'],
      { cwd: root },
    );
    expect(run.stdout).toContain('up to date');
  });

  it('has a table row for every state of the ASL, and none else', () => {
    const { actual = '' } = checkWorkflowDoc();
    const rows = [...actual.matchAll(/^\| `([A-Za-z0-9]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(names);
  });

  it('names a setting for every Wait and human step, and for no other state', () => {
    expect(deadlineProblems(asl)).toEqual([]);
    const timed = names.filter((name) => {
      const state = asl.States[name];
      return state?.Type === 'Wait' || String(state?.Resource).endsWith('.waitForTaskToken');
    });
    expect(Object.keys(deadlines).sort()).toEqual(timed.sort());
    // Every human step the domain knows (stepStates) is one of them.
    for (const step of Object.keys(stepStates)) expect(timed).toContain(step);
  });

  it('refuses a state added to the ASL without a deadline entry', () => {
    const added: AslDefinition = structuredClone(asl);
    added.States.Mediation = {
      ...(asl.States.Session as AslDefinition['States'][string]),
      Comment: 'A new human step.',
    };
    added.States.OpenMediation = { Type: 'Wait', SecondsPath: '$.x', Next: 'Mediation' };
    expect(deadlineProblems(added)).toEqual([
      'Mediation (callback) has no entry in deadlines (scripts/workflow-diagram.ts)',
      'OpenMediation (wait) has no entry in deadlines (scripts/workflow-diagram.ts)',
    ]);
    expect(() => generatedSection(added)).toThrow(/Mediation \(callback\) has no entry/);
    const removed: AslDefinition = structuredClone(asl);
    delete removed.States.FollowUpWait;
    expect(deadlineProblems(removed)).toContain(
      'deadlines names FollowUpWait, which the ASL does not have',
    );
  });

  it('draws Mermaid that GitHub renders: plain ids, quoted labels, no HTML, every kept state', () => {
    const { expected } = checkWorkflowDoc();
    const diagram = /```mermaid\n([\s\S]*?)\n```/.exec(expected)?.[1] ?? '';
    const lines = diagram.split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(diagram).not.toMatch(/<\/?[a-z]+[^>]*>/i);
    for (const line of lines.slice(1)) {
      const declared = /^ {2}state "([^"]*)" as (\S+)$/.exec(line);
      if (declared) expect(declared[2]).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      const edge = /^ {2}(\S+) --> (\S+)(?: : (.*))?$/.exec(line);
      if (edge) {
        for (const id of [edge[1], edge[2]]) expect(id).toMatch(/^(\[\*\]|[A-Za-z][A-Za-z0-9]*)$/);
        expect(edge[3] ?? '').not.toMatch(/[:;#]/);
      }
    }
    // The resume Pass states are folded into the Resume entry and its note; every other state is drawn.
    const drawn = new Set([...diagram.matchAll(/^ {2}state "[^"]*" as (\S+)$/gm)].map((m) => m[1]));
    const folded = names.filter((name) => !drawn.has(name));
    expect(folded.length).toBe(13);
    for (const name of folded) expect(name).toMatch(/^ResumeAt/);
    expect(diagram).toContain('Diagnosed --> PlanSession : $.step.decision == "mediate"');
    expect(diagram).toContain('Diagnosis --> DiagnosisOverdue : timeout');
  });
});
