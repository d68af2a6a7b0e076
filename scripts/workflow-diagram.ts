// Draws the mediation state machine into docs/workflow.md from the ASL file: a Mermaid diagram and a table of every state (its purpose, and which SLA setting sets its deadline).
// Run `node --import tsx scripts/workflow-diagram.ts` to update the doc, `… --check` to compare only.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SlaConfig } from '../functions/config/city-schema.ts';

export const aslPath = 'functions/workflow/mediation.asl.json';
export const docPath = 'docs/workflow.md';
export const startMarker = '<!-- generated:workflow-diagram:start -->';
export const endMarker = '<!-- generated:workflow-diagram:end -->';
export const updateCommand = 'node --import tsx scripts/workflow-diagram.ts';

const repoRoot = resolve(import.meta.dirname, '..');

interface ChoiceRule {
  Variable?: string;
  Next: string;
  [comparison: string]: unknown;
}
interface Catcher {
  ErrorEquals: string[];
  Next: string;
}
export interface AslState {
  Type: string;
  Comment?: string;
  Resource?: string;
  Parameters?: { Payload?: Record<string, unknown> };
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: ChoiceRule[];
  Catch?: Catcher[];
  InputPath?: string;
  TimestampPath?: string;
  Timestamp?: string;
  SecondsPath?: string;
  Seconds?: number;
  Cause?: string;
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

/** Where a Wait or a human step (callback task) gets its time: the city's setting and the rule. */
interface Deadline {
  /** A key of the city's `sla` config, or `calendar` (its holidays and make-up workdays). */
  setting: keyof SlaConfig | 'calendar';
  rule: string;
}

/**
 * Every Wait and every human step of the ASL, and the run-time setting that times it. A state
 * added to the ASL without an entry here (or an entry left for a state that is gone) fails the
 * generator and so `test/docs/workflow-diagram.test.ts`.
 */
export const deadlines: Record<string, Deadline> = {
  OpenDiagnosis: { setting: 'calendar', rule: 'opens the next working day, 09:00' },
  Diagnosis: {
    setting: 'diagnosisDays',
    rule: 'due 18:00 of that many working days, counting the opening day',
  },
  DiagnosisLate: { setting: 'supervisionGraceDays', rule: 'due 18:00, that many days after 督办' },
  Session: { setting: 'sessionsDays', rule: 'due 18:00, that many days after it opens' },
  SessionLate: { setting: 'supervisionGraceDays', rule: 'due 18:00, that many days after 督办' },
  Signing: { setting: 'signingDays', rule: 'due 18:00, that many days after it opens' },
  ConfirmationWindow: {
    setting: 'judicialConfirmationDays',
    rule: 'that many × 24 h after the agreement took effect',
  },
  JudicialReview: {
    setting: 'judicialReviewDays',
    rule: 'due 18:00, that many days after the application',
  },
  JudicialReviewLate: {
    setting: 'supervisionGraceDays',
    rule: 'due 18:00, that many days after 督办',
  },
  FollowUpWait: {
    setting: 'followUpDays',
    rule: 'opens 09:00, that many days after the agreement took effect (or the judge decided)',
  },
  FollowUp: { setting: 'followUpDueDays', rule: 'due 18:00, that many days after it opens' },
  FollowUpLate: { setting: 'supervisionGraceDays', rule: 'due 18:00, that many days after 督办' },
};

export type Kind = 'lambda' | 'callback' | 'wait' | 'choice' | 'pass' | 'succeed' | 'fail';

export function kindOf(state: AslState): Kind {
  switch (state.Type) {
    case 'Task':
      return String(state.Resource).endsWith('.waitForTaskToken') ? 'callback' : 'lambda';
    case 'Wait':
      return 'wait';
    case 'Choice':
      return 'choice';
    case 'Pass':
      return 'pass';
    case 'Succeed':
      return 'succeed';
    case 'Fail':
      return 'fail';
    default:
      throw new Error(`the diagram does not draw ${state.Type} states yet`);
  }
}

const isTimed = (state: AslState) => ['callback', 'wait'].includes(kindOf(state));

/** The problems between `deadlines` and the ASL's Waits and human steps (empty when they agree). */
export function deadlineProblems(asl: AslDefinition, table = deadlines): string[] {
  const settings = new Set<string>([...Object.keys(SlaConfig.shape), 'calendar']);
  const problems: string[] = [];
  for (const [name, state] of Object.entries(asl.States))
    if (isTimed(state) && !table[name])
      problems.push(
        `${name} (${kindOf(state)}) has no entry in deadlines (scripts/workflow-diagram.ts)`,
      );
  for (const [name, deadline] of Object.entries(table)) {
    const state = asl.States[name];
    if (!state) problems.push(`deadlines names ${name}, which the ASL does not have`);
    else if (!isTimed(state))
      problems.push(
        `deadlines names ${name}, a ${kindOf(state)} state (neither Wait nor callback)`,
      );
    if (!settings.has(deadline.setting))
      problems.push(`${name}: ${deadline.setting} is not a setting of the city's sla`);
  }
  return problems;
}

interface Edge {
  from: string;
  to: string;
  label: string;
  /** What leads along it: `Next`, a Choice rule or its `Default`, a catcher (by its errors). */
  via: 'next' | 'choice' | 'default' | 'timeout' | 'failure' | 'catch';
}

function comparison(rule: ChoiceRule): string {
  const { Variable: variable = '?', Next: _next, ...rest } = rule;
  const [operator, value] = Object.entries(rest)[0] ?? ['?', ''];
  if (operator === 'IsPresent') return `${variable} ${value ? 'present' : 'absent'}`;
  if (operator === 'StringEquals') return `${variable} == "${value}"`;
  return `${variable} ${operator} ${JSON.stringify(value)}`;
}

const waitFields = ['TimestampPath', 'Timestamp', 'SecondsPath', 'Seconds'] as const;

/** A Wait's timing field, e.g. `TimestampPath $.step.opensAt` (or only `$.step.opensAt`). */
function waitField(state: AslState, named = true): string {
  const field = waitFields.find((key) => state[key] !== undefined);
  if (!field) throw new Error('a Wait without a time');
  return named ? `${field} ${state[field]}` : String(state[field]);
}

function edgesOf(asl: AslDefinition): Edge[] {
  const edges: Edge[] = [];
  for (const [from, state] of Object.entries(asl.States)) {
    const kind = kindOf(state);
    for (const rule of state.Choices ?? [])
      edges.push({ from, to: rule.Next, label: comparison(rule), via: 'choice' });
    if (state.Default) edges.push({ from, to: state.Default, label: 'Default', via: 'default' });
    if (state.Next) {
      const label =
        kind === 'callback'
          ? 'answered'
          : kind === 'wait'
            ? `until ${waitField(state, false)}`
            : '';
      edges.push({ from, to: state.Next, label: label.trim(), via: 'next' });
    }
    for (const catcher of state.Catch ?? []) {
      const errors = catcher.ErrorEquals.join(', ');
      const via =
        errors === 'States.Timeout' ? 'timeout' : errors === 'States.ALL' ? 'failure' : 'catch';
      edges.push({ from, to: catcher.Next, label: via === 'catch' ? errors : via, via });
    }
  }
  for (const edge of edges)
    if (!asl.States[edge.to]) throw new Error(`${edge.from} leads to ${edge.to}, not a state`);
  return edges;
}

/**
 * The mechanical resume states: the start Choice, the Choice it sends a `resume` input to, and
 * that Choice's Pass states (each enters one Wait or human step with the saved input).
 */
export function resumeStates(asl: AslDefinition): Set<string> {
  const start = asl.States[asl.StartAt];
  const group = new Set<string>();
  if (start?.Type !== 'Choice') return group;
  group.add(asl.StartAt);
  for (const rule of start.Choices ?? []) {
    const router = asl.States[rule.Next];
    if (router?.Type !== 'Choice') continue;
    group.add(rule.Next);
    for (const entry of router.Choices ?? [])
      if (asl.States[entry.Next]?.Type === 'Pass') group.add(entry.Next);
  }
  return group;
}

/** The states a case rests at after a resume: what the resume's Pass states lead to. */
function resumeTargets(asl: AslDefinition, group: Set<string>): string[] {
  return [...group]
    .filter((name) => asl.States[name]?.Type === 'Pass')
    .map((name) => asl.States[name]?.Next)
    .filter((next): next is string => Boolean(next));
}

/** The Lambda tasks whose result (`$.step`) times a Wait or human step: back through Waits, Choices and resume entries. */
function setters(asl: AslDefinition, name: string, edges: Edge[], group: Set<string>): string[] {
  const found = new Set<string>();
  const seen = new Set<string>([name]);
  const queue = [name];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    for (const edge of edges) {
      if (edge.to !== at || seen.has(edge.from) || group.has(edge.from)) continue;
      seen.add(edge.from);
      const kind = kindOf(asl.States[edge.from] as AslState);
      if (kind === 'lambda') found.add(edge.from);
      else if (kind === 'wait' || kind === 'choice') queue.push(edge.from);
    }
  }
  return [...found];
}

/** A leading Chinese name in a Comment (`问诊: …`, `复诊, overdue`) shown beside the state's name. */
function chineseName(state: AslState): string | undefined {
  return /^([\u4e00-\u9fff]+)[:,]/.exec(state.Comment ?? '')?.[1];
}

const classDefs: Record<Kind | 'resume', string> = {
  lambda: 'fill:#e8f0fe,stroke:#1a73e8,color:#202124',
  callback: 'fill:#fef7e0,stroke:#e37400,stroke-width:3px,color:#202124',
  wait: 'fill:#f1f3f4,stroke:#5f6368,stroke-dasharray:5 5,color:#202124',
  choice: 'fill:#ffffff,stroke:#9aa0a6,color:#202124',
  pass: 'fill:#ffffff,stroke:#9aa0a6,color:#202124',
  succeed: 'fill:#e6f4ea,stroke:#188038,color:#202124',
  fail: 'fill:#fce8e6,stroke:#d93025,color:#202124',
  resume: 'fill:#f1f3f4,stroke:#9aa0a6,color:#202124',
};

/** Mermaid reads `:` and `;` as syntax in a transition's label; no HTML either. */
function safe(text: string): string {
  if (/[:;\n<>#]|%%|direction/i.test(text)) throw new Error(`not a safe Mermaid label: ${text}`);
  return text;
}

/** A state's label is quoted: no `"` in it. */
const safeState = (text: string) => {
  if (text.includes('"')) throw new Error(`not a safe Mermaid state label: ${text}`);
  return safe(text);
};

function list(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function mermaid(asl: AslDefinition): string {
  const edges = edgesOf(asl);
  const group = resumeStates(asl);
  const entry = asl.StartAt;
  const fails = new Set(
    Object.entries(asl.States)
      .filter(([, s]) => s.Type === 'Fail')
      .map(([name]) => name),
  );
  const lines = ['stateDiagram-v2'];
  for (const [kind, style] of Object.entries(classDefs)) lines.push(`  classDef ${kind} ${style}`);
  lines.push('');

  // One entry stands for the whole resume machinery.
  const passes = [...group].filter((name) => asl.States[name]?.Type === 'Pass');
  const choices = [...group].filter((name) => asl.States[name]?.Type === 'Choice');
  if (group.size > 0)
    lines.push(
      `  state "${safeState(`${choices.join(' · ')} (Choice) · ${passes.length} Pass «resume»`)}" as ${entry}`,
    );
  for (const [name, state] of Object.entries(asl.States)) {
    if (group.has(name)) continue;
    const chinese = chineseName(state);
    lines.push(
      `  state "${safeState(`${name}${chinese ? ` ${chinese}` : ''} «${kindOf(state)}»`)}" as ${name}`,
    );
  }
  lines.push('');

  lines.push(`  [*] --> ${entry}`);
  const failures = new Map<string, string[]>();
  const defaults: string[] = [];
  for (const edge of edges) {
    if (group.has(edge.from) && group.has(edge.to)) continue;
    if (fails.has(edge.to)) {
      if (edge.via === 'default') defaults.push(edge.from);
      else failures.set(edge.label, [...(failures.get(edge.label) ?? []), edge.from]);
      continue;
    }
    if (group.has(edge.from)) {
      if (asl.States[edge.from]?.Type === 'Pass') continue; // in the note
      const label = edge.via === 'default' ? 'a new case' : edge.label;
      lines.push(`  ${entry} --> ${edge.to}${label ? ` : ${safe(label)}` : ''}`);
      continue;
    }
    lines.push(`  ${edge.from} --> ${edge.to}${edge.label ? ` : ${safe(edge.label)}` : ''}`);
  }
  for (const [name, state] of Object.entries(asl.States))
    if (state.Type === 'Succeed' || state.Type === 'Fail' || state.End)
      lines.push(`  ${name} --> [*]`);
  lines.push('');

  if (group.size > 0) {
    lines.push(`  note right of ${entry}`);
    lines.push('    An input with resume enters the saved state');
    lines.push('    with its saved input, one of');
    const targets = resumeTargets(asl, group);
    for (let i = 0; i < targets.length; i += 4)
      lines.push(`    ${targets.slice(i, i + 4).join(', ')}${i + 4 < targets.length ? ',' : ''}`);
    lines.push('  end note');
  }
  for (const fail of fails) {
    lines.push(`  note left of ${fail}`);
    lines.push(`    The edges into ${fail}, not drawn`);
    for (const [label, states] of failures)
      lines.push(`    ${label}, from each of the ${states.length} tasks after its retries`);
    if (defaults.length > 0) lines.push(`    Default, from ${list(defaults)}`);
    lines.push('  end note');
  }
  lines.push('');

  const byKind = new Map<string, string[]>();
  for (const [name, state] of Object.entries(asl.States)) {
    if (group.has(name) && name !== entry) continue;
    const kind = group.has(name) ? 'resume' : kindOf(state);
    byKind.set(kind, [...(byKind.get(kind) ?? []), name]);
  }
  for (const [kind, names] of byKind) lines.push(`  class ${names.join(',')} ${kind}`);
  return lines.join('\n');
}

/** A table cell: GitHub would take `<name>` for HTML and drop it. */
const cell = (text: string) =>
  text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (text: string) => `\`${text}\``;

function typeOf(state: AslState): string {
  switch (kindOf(state)) {
    case 'lambda': {
      const task = state.Parameters?.Payload?.task;
      return `Lambda task${typeof task === 'string' ? ` ${code(task)}` : ''}`;
    }
    case 'callback':
      return 'human step (callback)';
    case 'wait':
      return `Wait (${code(waitField(state))})`;
    case 'choice':
      return 'Choice';
    case 'pass':
      return 'Pass';
    case 'succeed':
      return 'end (Succeed)';
    case 'fail':
      return 'end (Fail)';
  }
}

function purposeOf(name: string, state: AslState): string {
  if (state.Comment) return state.Comment;
  if (state.Type === 'Pass' && state.InputPath === '$.resume.input' && state.Next)
    return `Enters ${code(state.Next)} with the saved input (${code('InputPath $.resume.input')}).`;
  if (state.Type === 'Fail') return state.Cause ?? `The execution fails (${name}).`;
  if (state.Type === 'Succeed') return 'The execution succeeds: the case is closed.';
  return '';
}

export function stateTable(asl: AslDefinition): string {
  const edges = edgesOf(asl);
  const group = resumeStates(asl);
  const rows = [
    '| state | type | purpose (its `Comment` in the ASL) | deadline: the city setting that times it |',
    '| --- | --- | --- | --- |',
  ];
  for (const [name, state] of Object.entries(asl.States)) {
    const deadline = deadlines[name];
    let timing = '';
    if (deadline) {
      const by = setters(asl, name, edges, group);
      const setting = deadline.setting === 'calendar' ? 'calendar' : `sla.${deadline.setting}`;
      timing = `${code(setting)}: ${deadline.rule}${by.length > 0 ? `; computed by ${list(by.map(code))}` : ''}`;
    }
    rows.push(
      `| ${code(name)} | ${cell(typeOf(state))} | ${cell(purposeOf(name, state))} | ${cell(timing)} |`,
    );
  }
  return rows.join('\n');
}

/** What goes between the markers. */
export function generatedSection(asl: AslDefinition): string {
  const problems = deadlineProblems(asl);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const count = Object.keys(asl.States).length;
  return [
    startMarker,
    `<!-- Generated from ${aslPath} by \`${updateCommand}\`: edit the ASL (its Comments) or the script, not this section. -->`,
    '',
    `${count} states. Lambda tasks are blue, human steps (callback tasks, «callback») orange with a heavy border, Waits («wait») grey and dashed; the resume machinery is one entry, and the edges to ${code('TaskFailed')} are in its note.`,
    '',
    '```mermaid',
    mermaid(asl),
    '```',
    '',
    stateTable(asl),
    endMarker,
  ].join('\n');
}

export function readAsl(root = repoRoot): AslDefinition {
  return JSON.parse(readFileSync(resolve(root, aslPath), 'utf8')) as AslDefinition;
}

/** The doc's current generated section (markers included), or undefined without both markers. */
export function currentSection(doc: string): string | undefined {
  const start = doc.indexOf(startMarker);
  const end = doc.indexOf(endMarker);
  if (start < 0 || end < start || doc.indexOf(startMarker, start + 1) >= 0) return undefined;
  return doc.slice(start, end + endMarker.length);
}

export function withSection(doc: string, section: string): string {
  const current = currentSection(doc);
  if (current === undefined)
    throw new Error(`${docPath} needs exactly one ${startMarker} … ${endMarker} pair`);
  return doc.replace(current, () => section);
}

export interface CheckResult {
  upToDate: boolean;
  expected: string;
  actual: string | undefined;
}

export function checkWorkflowDoc(root = repoRoot): CheckResult {
  const expected = generatedSection(readAsl(root));
  const actual = currentSection(readFileSync(resolve(root, docPath), 'utf8'));
  return { upToDate: actual === expected, expected, actual };
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  if (process.argv.includes('--check')) {
    const { upToDate } = checkWorkflowDoc();
    if (!upToDate) {
      console.error(`${docPath}: the generated workflow diagram is stale; run ${updateCommand}`);
      process.exit(1);
    }
    console.log(`${docPath}: the workflow diagram is up to date`);
  } else {
    const path = resolve(repoRoot, docPath);
    const doc = readFileSync(path, 'utf8');
    const next = withSection(doc, generatedSection(readAsl()));
    if (next !== doc) writeFileSync(path, next);
    console.log(`${docPath}: ${next === doc ? 'already up to date' : 'updated'}`);
  }
}
