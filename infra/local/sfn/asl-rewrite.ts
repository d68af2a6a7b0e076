// The emulator's in-memory copy of a definition: Waits and task timeouts move to its own durable, clock-driven scheduler.

/** The Resource a Wait state becomes in the copy; never in a file, never sent to AWS. */
export const WAIT_RESOURCE = 'arn:aws:states:::fengqiao-local:wait';

/**
 * The library times every task with `setTimeout` (60 s when the field is absent; a value over
 * 2^31 ms fires at once). The copy gives every task the largest delay Node keeps, so the
 * library's timer never decides; the emulator's scheduler enforces the definition's timeouts.
 */
export const LIBRARY_TASK_TIMEOUT_SECONDS = 2_147_483;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type StateDefinition = { Type: string; [field: string]: Json };
export interface MachineDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  TimeoutSeconds?: number;
  [field: string]: Json | Record<string, StateDefinition> | undefined;
}

/** What a Wait state waits for, as the file says it. */
export interface WaitSpec {
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

/** A task's timeout, as the file says it (neither field: no timeout, as on AWS). */
export interface TimeoutSpec {
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
}

export interface RewrittenDefinition {
  /** The copy the library runs. */
  definition: MachineDefinition;
  /** Wait states turned into tasks, by state name (names are unique across a definition). */
  waits: Record<string, WaitSpec>;
  /** Every Task state's timeout fields, by state name. */
  timeouts: Record<string, TimeoutSpec>;
  /** Every state's type in the file (a Wait is still a Wait in the history). */
  types: Record<string, string>;
  /** The top-level `TimeoutSeconds` of the execution, if any. */
  executionTimeoutSeconds?: number;
}

const WAIT_FIELDS = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'] as const;

function rewriteStates(
  states: Record<string, StateDefinition>,
  out: Omit<RewrittenDefinition, 'definition' | 'executionTimeoutSeconds'>,
): Record<string, StateDefinition> {
  const copy: Record<string, StateDefinition> = {};
  for (const [name, state] of Object.entries(states)) {
    out.types[name] = state.Type;
    if (state.Type === 'Wait') {
      const spec: WaitSpec = {};
      const rest: Record<string, Json> = {};
      for (const [field, value] of Object.entries(state)) {
        if ((WAIT_FIELDS as readonly string[]).includes(field))
          (spec as Record<string, Json>)[field] = value;
        else rest[field] = value;
      }
      out.waits[name] = spec;
      // A Task without Parameters or ResultPath passes its (InputPath-filtered) input through,
      // as a Wait does; InputPath, OutputPath, Next/End and Comment carry over unchanged.
      copy[name] = {
        ...rest,
        Type: 'Task',
        Resource: WAIT_RESOURCE,
        TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS,
      };
    } else if (state.Type === 'Task') {
      const { TimeoutSeconds, TimeoutSecondsPath, ...rest } = state;
      out.timeouts[name] = {
        ...(typeof TimeoutSeconds === 'number' ? { TimeoutSeconds } : {}),
        ...(typeof TimeoutSecondsPath === 'string' ? { TimeoutSecondsPath } : {}),
      };
      copy[name] = { ...rest, TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS };
    } else if (state.Type === 'Parallel') {
      const branches = state.Branches as unknown as MachineDefinition[];
      copy[name] = {
        ...state,
        Branches: branches.map((branch) => ({
          ...branch,
          States: rewriteStates(branch.States, out),
        })) as unknown as Json,
      };
    } else if (state.Type === 'Map') {
      const field = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
      const inner = state[field] as unknown as MachineDefinition;
      copy[name] = {
        ...state,
        [field]: { ...inner, States: rewriteStates(inner.States, out) } as unknown as Json,
      };
    } else {
      copy[name] = state;
    }
  }
  return copy;
}

/**
 * Returns a copy of `definition` (which is left untouched) in which:
 * - every Wait state is a Task on WAIT_RESOURCE (its Seconds/SecondsPath/Timestamp/TimestampPath
 *   removed and kept in `waits`),
 * - every Task state's TimeoutSeconds/TimeoutSecondsPath is replaced by
 *   LIBRARY_TASK_TIMEOUT_SECONDS (the originals kept in `timeouts`),
 * - the top-level TimeoutSeconds is removed (kept in `executionTimeoutSeconds`).
 * Nothing else changes.
 */
export function rewriteForEmulator(definition: MachineDefinition): RewrittenDefinition {
  const out = { waits: {}, timeouts: {}, types: {} };
  const { TimeoutSeconds, ...rest } = structuredClone(definition);
  const copy: MachineDefinition = { ...rest, States: rewriteStates(rest.States, out) };
  return {
    definition: copy,
    ...out,
    ...(TimeoutSeconds !== undefined ? { executionTimeoutSeconds: TimeoutSeconds } : {}),
  };
}

/**
 * The states a resume can enter: every top-level Choice rule testing `$.resume.state` with
 * StringEquals names one (the ASL's resume Choice at the start leads to them).
 */
export function resumableStates(definition: MachineDefinition): Set<string> {
  const names = new Set<string>();
  for (const state of Object.values(definition.States)) {
    if (state.Type !== 'Choice') continue;
    for (const rule of (state.Choices ?? []) as { Variable?: string; StringEquals?: string }[]) {
      if (rule.Variable === '$.resume.state' && typeof rule.StringEquals === 'string')
        names.add(rule.StringEquals);
    }
  }
  return names;
}
