// The emulator's engine: runs the real ASL with aws-local-stepfunctions, durably, on the local clock.
import { randomUUID } from 'node:crypto';
import type { Clock } from '#domain/time.ts';
import {
  type MachineDefinition,
  type RewrittenDefinition,
  resumableStates,
  rewriteForEmulator,
  type StateDefinition,
  WAIT_RESOURCE,
} from './asl-rewrite.ts';
import { SfnError } from './errors.ts';
import type {
  ExecutionRecord,
  ExecutionStatus,
  ExecutionStore,
  HistoryRecord,
  PageKey,
  Pending,
  TokenRecord,
} from './execution-store.ts';
import { FunctionError, invokeLocalFunction, LOCAL_ACCOUNT } from './local-lambda.ts';
import { readReferencePath } from './reference-path.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';
import {
  type LibraryEvent,
  type LibraryRun,
  type LocalStateMachine,
  StateMachine,
} from './step-functions-library.ts';
import {
  isWellFormedTaskToken,
  mintTaskToken,
  type TaskOutcome,
  TOKEN_PLACEHOLDER,
  TokenWaiters,
  withTaskToken,
} from './task-tokens.ts';

export interface MachineSource {
  /** The state machine's name (the last part of its ARN). */
  name: string;
  /** The ASL text after substitutions, exactly what CDK would deploy. */
  definition: string;
}

export interface EngineOptions {
  store: ExecutionStore;
  clock: Clock;
  partition: string;
  region: string;
  machines: MachineSource[];
  log?: (line: string) => void;
}

interface Machine {
  arn: string;
  name: string;
  definition: string;
  createdMs: number;
  topLevel: Set<string>;
  resumable: Set<string>;
  rewritten: RewrittenDefinition;
  resources: Record<string, string>;
  library: LocalStateMachine;
}

type TaskKind = 'wait' | 'invoke' | 'callback' | 'function';
const KIND_PATTERNS: [RegExp, TaskKind][] = [
  [/^arn:[\w-]+:states:::lambda:invoke\.waitForTaskToken$/, 'callback'],
  [/^arn:[\w-]+:states:::lambda:invoke$/, 'invoke'],
  [/^arn:[\w-]+:lambda:[\w-]+:\d+:function:[\w-]+(:[\w$-]+)?$/, 'function'],
];

function taskKind(resource: string): TaskKind | undefined {
  if (resource === WAIT_RESOURCE) return 'wait';
  return KIND_PATTERNS.find(([pattern]) => pattern.test(resource))?.[1];
}

/** Every Task state's Resource, nested ones included (state names are unique per definition). */
function collectResources(states: Record<string, StateDefinition>, into: Record<string, string>) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') into[name] = String(state.Resource);
    for (const branch of (state.Branches ?? []) as unknown as MachineDefinition[])
      collectResources(branch.States, into);
    const inner = (state.ItemProcessor ?? state.Iterator) as unknown as
      | MachineDefinition
      | undefined;
    if (inner) collectResources(inner.States, into);
  }
  return into;
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const seconds = (ms: number) => ms / 1000;
// Step Functions' rule: 1–80 characters, none of whitespace, brackets, wildcards, ASCII
// punctuation `"#%\^|~`$&,;:/` or control characters.
const NAME_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const validName = (name: string) =>
  name.length >= 1 &&
  name.length <= 80 &&
  !NAME_FORBIDDEN.test(name) &&
  ![...name].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });

class StatesError extends FunctionError {}
const timeoutError = () => new StatesError('States.Timeout', 'The task timed out.');
const runtimeError = (message: string) => new StatesError('States.Runtime', message);

/** One execution running in this process. */
class Run {
  idle = false;
  done = false;
  library?: LibraryRun;
  resumePending?: Pending;
  readonly rawInputs = new Map<string, unknown>();
  readonly cancels = new Set<() => void>();
  readonly openTokens = new Set<string>();
  private queue: HistoryRecord[] = [];
  private patchQueue: Partial<ExecutionRecord> = {};
  private writing: Promise<void> = Promise.resolve();
  private flushQueued = false;

  constructor(
    readonly engine: Engine,
    readonly machine: Machine,
    readonly record: ExecutionRecord,
    readonly resumed: boolean,
    private lastId: number,
  ) {}

  get arn() {
    return this.record.executionArn;
  }

  push(type: string, details: Record<string, unknown> = {}): void {
    const id = this.lastId + 1;
    this.queue.push({
      id,
      previousEventId: this.lastId,
      timestampMs: this.engine.now().getTime(),
      type,
      details,
    });
    this.lastId = id;
    this.flushSoon();
  }

  patch(fields: Partial<ExecutionRecord>): void {
    Object.assign(this.record, fields);
    Object.assign(this.patchQueue, fields);
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.writing = this.writing
      .then(async () => {
        this.flushQueued = false;
        const events = this.queue.splice(0);
        const patch = this.patchQueue;
        this.patchQueue = {};
        if (events.length > 0) await this.engine.store.appendEvents(this.arn, events);
        if (Object.keys(patch).length > 0) await this.engine.store.update(this.arn, patch);
      })
      .catch((error: unknown) =>
        this.engine.log(`workflow: could not record ${this.arn}: ${error}`),
      );
  }

  /** Lets the library's event stream reach this run (it is consumed a few microtasks late). */
  async sync(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Resolves once every event and change so far is in DynamoDB. */
  async flush(): Promise<void> {
    await this.sync();
    this.flushSoon();
    await this.writing;
  }

  async idleWhile<T>(promise: Promise<T>): Promise<T> {
    this.idle = true;
    try {
      return await promise;
    } finally {
      this.idle = false;
    }
  }

  /** The pending wait saved before a restart, once, when the resumed run re-enters its state. */
  takeResume<K extends Pending['kind']>(
    state: string,
    kind: K,
  ): Extract<Pending, { kind: K }> | undefined {
    const pending = this.resumePending;
    if (pending?.state !== state || pending.kind !== kind) return undefined;
    this.resumePending = undefined;
    return pending as Extract<Pending, { kind: K }>;
  }

  onLibraryEvent(event: LibraryEvent): void {
    if (this.done) return;
    const typeOf = (name: string, fallback: string) =>
      this.machine.rewritten.types[name] ?? fallback;
    switch (event.type) {
      case 'ExecutionStarted':
        // A resumed run is the same execution going on: it started once.
        if (!this.resumed) {
          this.push('ExecutionStarted', {
            executionStartedEventDetails: {
              input: json(event.input),
              inputDetails: { truncated: false },
              roleArn: this.engine.roleArn,
            },
          });
        }
        break;
      case 'StateEntered': {
        const { name, type, input } = event.state;
        this.rawInputs.set(name, input);
        this.push(`${typeOf(name, type)}StateEntered`, {
          stateEnteredEventDetails: {
            name,
            input: json(input),
            inputDetails: { truncated: false },
          },
        });
        if (this.machine.topLevel.has(name)) this.patch({ currentState: name });
        if (this.machine.resumable.has(name))
          this.patch({ checkpoint: { state: name, input: json(input) } });
        break;
      }
      case 'StateExited': {
        const { name, type, output } = event.state;
        this.push(`${typeOf(name, type)}StateExited`, {
          stateExitedEventDetails: {
            name,
            output: json(output),
            outputDetails: { truncated: false },
          },
        });
        break;
      }
      case 'ExecutionSucceeded':
        this.finish('SUCCEEDED', { output: json(event.output) });
        break;
      case 'ExecutionFailed':
        this.finish('FAILED', {
          error: event.Error,
          cause: typeof event.Cause === 'string' ? event.Cause : json(event.Cause),
        });
        break;
      default:
        // Retries, catches and Map/Parallel bookkeeping have no history event of their own on AWS.
        break;
    }
  }

  finish(status: ExecutionStatus, fields: Pick<ExecutionRecord, 'output' | 'error' | 'cause'>) {
    if (this.done) return;
    const eventType = {
      SUCCEEDED: 'ExecutionSucceeded',
      FAILED: 'ExecutionFailed',
      TIMED_OUT: 'ExecutionTimedOut',
      ABORTED: 'ExecutionAborted',
      RUNNING: '',
    }[status];
    const detailsKey = `${eventType.charAt(0).toLowerCase()}${eventType.slice(1)}EventDetails`;
    const details =
      status === 'SUCCEEDED'
        ? { output: fields.output, outputDetails: { truncated: false } }
        : { error: fields.error, cause: fields.cause };
    this.push(eventType, { [detailsKey]: details });
    this.patch({ status, stopMs: this.engine.now().getTime(), pending: undefined, ...fields });
    this.done = true;
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
  }
}

export class Engine {
  readonly machines = new Map<string, Machine>();
  readonly runs = new Map<string, Run>();
  readonly waiters = new TokenWaiters();
  readonly scheduler: Scheduler;
  readonly store: ExecutionStore;
  readonly roleArn: string;
  private inflight = 0;
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.store = options.store;
    this.scheduler = createScheduler(options.clock, () => this.settle());
    this.roleArn = `arn:${options.partition}:iam::${LOCAL_ACCOUNT}:role/fengqiao-local-workflow`;
  }

  log(line: string): void {
    (this.options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }

  now(): Date {
    return this.scheduler.now();
  }

  private arnOf(kind: 'stateMachine' | 'execution', ...names: string[]): string {
    const { partition, region } = this.options;
    return `arn:${partition}:states:${region}:${LOCAL_ACCOUNT}:${kind}:${names.join(':')}`;
  }

  /** Registers the machines (validating each like the library does), then resumes every running execution. */
  async start(): Promise<{ resumed: number }> {
    for (const source of this.options.machines) {
      const definition = JSON.parse(source.definition) as MachineDefinition;
      // Validates the definition as the library would run it (schema, paths, ARNs).
      new StateMachine(definition as never);
      const rewritten = rewriteForEmulator(definition);
      const resources = collectResources(definition.States, {});
      for (const [state, resource] of Object.entries(resources)) {
        if (!taskKind(resource))
          throw new Error(
            `${source.name}: state ${state}: Resource ${resource} is not emulated locally`,
          );
      }
      const arn = this.arnOf('stateMachine', source.name);
      this.machines.set(arn, {
        arn,
        name: source.name,
        definition: source.definition,
        createdMs: this.options.clock.now().getTime(),
        topLevel: new Set(Object.keys(definition.States)),
        resumable: resumableStates(definition),
        rewritten,
        resources: collectResources(rewritten.definition.States, {}),
        library: new StateMachine(rewritten.definition as never, {
          validationOptions: { noValidate: true },
        }),
      });
    }
    let resumed = 0;
    for (const machine of this.machines.values()) {
      let startKey: PageKey;
      do {
        const page = await this.store.list(machine.arn, { status: 'RUNNING', startKey });
        for (const record of page.items) {
          await this.launch(machine, record, true);
          resumed += 1;
        }
        startKey = page.nextKey;
      } while (startKey);
    }
    // Wake-ups that fell due while the product was stopped fire now, in order.
    void this.scheduler.catchUp();
    return { resumed };
  }

  /** Stops running executions in memory only: they stay RUNNING in the store and resume on the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.scheduler.close();
    const runs = [...this.runs.values()];
    for (const run of runs) {
      run.done = true;
      run.library?.abort();
      for (const token of run.openTokens) this.waiters.forget(token);
    }
    await Promise.all(runs.map((run) => run.flush()));
    this.runs.clear();
  }

  /** Resolves once every execution waits (or is done) and every record is written. */
  async settle(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const busy = () =>
        this.inflight > 0 || [...this.runs.values()].some((r) => !r.idle && !r.done);
      if (!busy()) {
        await Promise.all([...this.runs.values()].map((run) => run.flush()));
        if (!busy()) return;
      }
      // A hung task must not freeze the clock for ever.
      if (Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** Fires every wake-up now due (the local clock moved). */
  catchUp(): Promise<void> {
    return this.scheduler.catchUp();
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.inflight += 1;
    try {
      return await work;
    } finally {
      this.inflight -= 1;
    }
  }

  machine(stateMachineArn: unknown): Machine {
    if (typeof stateMachineArn !== 'string' || !stateMachineArn.startsWith('arn:'))
      throw new SfnError('InvalidArn', `Invalid Arn: '${String(stateMachineArn)}'`);
    const machine = this.machines.get(stateMachineArn);
    if (!machine)
      throw new SfnError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    return machine;
  }

  private async launch(machine: Machine, record: ExecutionRecord, resumed: boolean): Promise<void> {
    const lastId = resumed ? await this.store.lastEventId(record.executionArn) : 0;
    const run = new Run(this, machine, record, resumed, lastId);
    this.runs.set(record.executionArn, run);
    const checkpoint = resumed ? record.checkpoint : undefined;
    if (checkpoint && record.pending?.state === checkpoint.state)
      run.resumePending = record.pending;
    const input = checkpoint
      ? { resume: { state: checkpoint.state, input: JSON.parse(checkpoint.input) } }
      : JSON.parse(record.input);
    const scheduler = this.scheduler;
    const context = {
      Execution: {
        Id: record.executionArn,
        Name: record.name,
        RoleArn: this.roleArn,
        StartTime: new Date(record.startMs).toISOString(),
      },
      StateMachine: { Id: machine.arn, Name: machine.name },
      // Read when the state's Parameters are evaluated, i.e. as the state is entered.
      State: {
        get EnteredTime() {
          return scheduler.now().toISOString();
        },
        RetryCount: 0,
      },
      // The library gives every task the same context: a placeholder, swapped per task.
      Task: { Token: TOKEN_PLACEHOLDER },
    };
    const library = machine.library.run(input, {
      overrides: { taskResourceLocalHandlers: this.overrides(run) as never },
      context,
      noThrowOnAbort: true,
    });
    run.library = library;
    const timeoutSeconds = machine.rewritten.executionTimeoutSeconds;
    if (timeoutSeconds !== undefined) {
      run.cancels.add(
        this.scheduler.at(record.startMs + timeoutSeconds * 1000, () => {
          void this.track(this.stopRun(run, 'TIMED_OUT', { error: 'States.Timeout' }));
        }),
      );
    }
    void (async () => {
      for await (const event of library.eventLogs) run.onLibraryEvent(event as LibraryEvent);
    })();
    void library.result
      .catch(() => undefined)
      .then(async () => {
        await run.flush();
        if (run.done && this.runs.get(run.arn) === run) this.runs.delete(run.arn);
      });
  }

  private overrides(run: Run): Record<string, (input: unknown) => Promise<unknown>> {
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [state, resource] of Object.entries(run.machine.resources)) {
      const kind = taskKind(resource);
      handlers[state] = async (input) => {
        // The StateEntered event (with the raw input) is recorded before the task does anything.
        await run.sync();
        if (kind === 'wait') return this.waitTask(run, state, input);
        if (kind === 'callback') return this.callbackTask(run, state, input);
        return this.requestResponseTask(run, state, kind === 'function', resource, input);
      };
    }
    return handlers;
  }

  /** `TimeoutSeconds` or `TimeoutSecondsPath` (read from the state's raw input, as on AWS). */
  private timeoutSeconds(run: Run, state: string): number | undefined {
    const spec = run.machine.rewritten.timeouts[state] ?? {};
    if (spec.TimeoutSeconds !== undefined) return spec.TimeoutSeconds;
    if (spec.TimeoutSecondsPath === undefined) return undefined;
    const value = readReferencePath(spec.TimeoutSecondsPath, run.rawInputs.get(state));
    if (!Number.isInteger(value) || (value as number) < 1)
      throw runtimeError(
        `TimeoutSecondsPath ${spec.TimeoutSecondsPath} must point to a positive integer`,
      );
    return value as number;
  }

  private async waitTask(run: Run, state: string, input: unknown): Promise<unknown> {
    let wakeAtMs = run.takeResume(state, 'wait')?.wakeAtMs;
    if (wakeAtMs === undefined) {
      wakeAtMs = this.wakeAt(run.machine.rewritten.waits[state] ?? {}, input);
      if (run.machine.resumable.has(state)) {
        run.patch({ pending: { kind: 'wait', state, wakeAtMs } });
        await run.flush();
      }
    }
    const sleep = this.scheduler.sleepUntil(wakeAtMs);
    run.cancels.add(sleep.cancel);
    await run.idleWhile(sleep.promise);
    run.cancels.delete(sleep.cancel);
    return input;
  }

  private wakeAt(
    spec: { Seconds?: number; SecondsPath?: string; Timestamp?: string; TimestampPath?: string },
    input: unknown,
  ): number {
    const now = this.now().getTime();
    const secondsValue =
      spec.Seconds ?? (spec.SecondsPath ? readReferencePath(spec.SecondsPath, input) : undefined);
    if (secondsValue !== undefined) {
      if (!Number.isInteger(secondsValue) || (secondsValue as number) < 0)
        throw runtimeError(
          `Wait seconds must be a non-negative integer, got ${json(secondsValue)}`,
        );
      return now + (secondsValue as number) * 1000;
    }
    const timestamp =
      spec.Timestamp ??
      (spec.TimestampPath ? readReferencePath(spec.TimestampPath, input) : undefined);
    const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(ms))
      throw runtimeError(`Wait timestamp is not a timestamp: ${json(timestamp)}`);
    return ms;
  }

  private async requestResponseTask(
    run: Run,
    state: string,
    bareFunction: boolean,
    resource: string,
    input: unknown,
  ): Promise<unknown> {
    const timeout = this.timeoutSeconds(run, state);
    const { FunctionName, Payload } = bareFunction
      ? { FunctionName: resource, Payload: input }
      : (input as { FunctionName: string; Payload?: unknown });
    const [prefix, detailKey] = bareFunction
      ? ['LambdaFunction', 'lambdaFunction']
      : ['Task', 'task'];
    const service = { resourceType: 'lambda', resource: 'invoke' };
    run.push(`${prefix}Scheduled`, {
      [`${detailKey}ScheduledEventDetails`]: bareFunction
        ? { resource, input: json(input), ...(timeout ? { timeoutInSeconds: timeout } : {}) }
        : {
            ...service,
            region: this.options.region,
            parameters: json(input),
            ...(timeout ? { timeoutInSeconds: timeout } : {}),
          },
    });
    run.push(`${prefix}Started`, bareFunction ? {} : { taskStartedEventDetails: service });
    const invocation = invokeLocalFunction(FunctionName, Payload);
    // A function's run time is real compute (Lambda stops at 15 minutes), so this timeout runs
    // on real time, not on the local clock a developer moves by days.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      if (timeout) {
        timer = setTimeout(() => reject(timeoutError()), Math.min(timeout, 900) * 1000);
        timer.unref();
      }
    });
    try {
      const result = await Promise.race([invocation, timedOut]);
      const output = bareFunction
        ? result
        : { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
      run.push(`${prefix}Succeeded`, {
        [`${detailKey}SucceededEventDetails`]: {
          ...(bareFunction ? {} : service),
          output: json(output),
          outputDetails: { truncated: false },
        },
      });
      return output;
    } catch (error) {
      const { name, message } = error as Error;
      const outcome = name === 'States.Timeout' ? 'TimedOut' : 'Failed';
      run.push(`${prefix}${outcome}`, {
        [`${detailKey}${outcome}EventDetails`]: {
          ...(bareFunction ? {} : service),
          error: name,
          cause: message,
        },
      });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async callbackTask(run: Run, state: string, input: unknown): Promise<unknown> {
    const { FunctionName, Payload } = input as { FunctionName: string; Payload?: unknown };
    const service = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    let pending = run.takeResume(state, 'callback');
    let outcome: Promise<TaskOutcome>;
    let answered = false;
    if (pending) {
      // The same task after a restart: same token, same deadline; it may even be answered already.
      outcome = this.waiters.wait(pending.token);
      const record = await this.store.getToken(pending.token);
      if (record && record.status !== 'PENDING') {
        this.waiters.forget(pending.token);
        outcome = Promise.resolve(outcomeOf(record));
        answered = true;
      }
    } else {
      const timeout = this.timeoutSeconds(run, state);
      const token = mintTaskToken();
      outcome = this.waiters.wait(token);
      await this.store.putToken({ token, executionArn: run.arn, state, status: 'PENDING' });
      pending = {
        kind: 'callback',
        state,
        token,
        delivered: false,
        ...(timeout ? { timeoutAtMs: this.now().getTime() + timeout * 1000 } : {}),
      };
      run.push('TaskScheduled', {
        taskScheduledEventDetails: {
          ...service,
          region: this.options.region,
          // As on AWS, the parameters carry the token (the history is where a developer finds it).
          parameters: json(withTaskToken(input, token)),
          ...(timeout ? { timeoutInSeconds: timeout } : {}),
        },
      });
      if (run.machine.resumable.has(state)) run.patch({ pending });
      await run.flush();
    }
    const { token, timeoutAtMs } = pending;
    run.openTokens.add(token);
    if (timeoutAtMs !== undefined && !answered) {
      const cancel = this.scheduler.at(timeoutAtMs, () => {
        void this.track(
          this.store.closeToken(token, 'TIMED_OUT').then((won) => {
            if (won) this.waiters.settle(token, { kind: 'timeout' });
          }),
        );
      });
      run.cancels.add(cancel);
    }
    if (!pending.delivered && !answered) {
      run.push('TaskStarted', { taskStartedEventDetails: service });
      try {
        await invokeLocalFunction(FunctionName, withTaskToken(Payload, token));
        run.push('TaskSubmitted', {
          taskSubmittedEventDetails: {
            ...service,
            output: json({ StatusCode: 200 }),
            outputDetails: { truncated: false },
          },
        });
        if (run.machine.resumable.has(state))
          run.patch({ pending: { ...pending, delivered: true } });
      } catch (error) {
        // The function could not take the token: the task fails, as on AWS.
        const { name, message } = error as Error;
        if (await this.store.closeToken(token, 'FAILED', { error: name, cause: message }))
          this.waiters.settle(token, { kind: 'failure', error: name, cause: message });
      }
    }
    const result = await run.idleWhile(outcome);
    run.openTokens.delete(token);
    switch (result.kind) {
      case 'success':
        run.push('TaskSucceeded', {
          taskSucceededEventDetails: {
            ...service,
            output: json(result.output),
            outputDetails: { truncated: false },
          },
        });
        return result.output;
      case 'failure':
        run.push('TaskFailed', {
          taskFailedEventDetails: { ...service, error: result.error, cause: result.cause },
        });
        throw new FunctionError(result.error, result.cause);
      case 'timeout':
        run.push('TaskTimedOut', {
          taskTimedOutEventDetails: {
            ...service,
            error: 'States.Timeout',
            cause: 'The task timed out.',
          },
        });
        throw timeoutError();
      default:
        // Stopped: the library run is aborted and never reads this.
        return new Promise(() => {});
    }
  }

  private async stopRun(
    run: Run,
    status: 'ABORTED' | 'TIMED_OUT',
    fields: { error?: string; cause?: string },
  ): Promise<void> {
    if (run.done) return;
    for (const token of run.openTokens) {
      await this.store.closeToken(token, 'ABORTED');
      this.waiters.settle(token, { kind: 'aborted' });
    }
    run.finish(status, fields);
    run.library?.abort();
    await run.flush();
    if (this.runs.get(run.arn) === run) this.runs.delete(run.arn);
  }

  // --- the Step Functions API --------------------------------------------------------------

  async startExecution(request: { stateMachineArn?: string; name?: string; input?: string }) {
    if (this.closed) throw new Error('the workflow engine is stopping');
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!validName(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    try {
      JSON.parse(input);
    } catch {
      throw new SfnError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: not JSON',
      );
    }
    const record: ExecutionRecord = {
      executionArn: this.arnOf('execution', machine.name, name),
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      input,
      startMs: this.now().getTime(),
    };
    if (!(await this.store.create(record))) {
      const existing = await this.store.get(record.executionArn);
      // Standard workflows: the same name and input while running is the same request again.
      if (existing?.status === 'RUNNING' && existing.input === input)
        return { executionArn: existing.executionArn, startDate: seconds(existing.startMs) };
      throw new SfnError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${record.executionArn}'`,
      );
    }
    await this.launch(machine, record, false);
    return { executionArn: record.executionArn, startDate: seconds(record.startMs) };
  }

  private async execution(executionArn: unknown): Promise<ExecutionRecord> {
    if (
      typeof executionArn !== 'string' ||
      !/^arn:[\w-]+:states:[\w-]+:\d+:execution:/.test(executionArn)
    )
      throw new SfnError('InvalidArn', `Invalid Arn: '${String(executionArn)}'`);
    const record = this.runs.get(executionArn)?.record ?? (await this.store.get(executionArn));
    if (!record)
      throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  async describeExecution(request: { executionArn?: string }) {
    const record = await this.execution(request.executionArn);
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: seconds(record.startMs),
      ...(record.stopMs !== undefined ? { stopDate: seconds(record.stopMs) } : {}),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output !== undefined
        ? { output: record.output, outputDetails: { included: true } }
        : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
    };
  }

  async listExecutions(request: {
    stateMachineArn?: string;
    statusFilter?: ExecutionStatus;
    maxResults?: number;
    nextToken?: string;
  }) {
    const machine = this.machine(request.stateMachineArn);
    const page = await this.store.list(machine.arn, {
      status: request.statusFilter,
      limit: pageSize(request.maxResults),
      startKey: fromNextToken(request.nextToken),
    });
    return {
      executions: page.items.map((record) => ({
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: seconds(record.startMs),
        ...(record.stopMs !== undefined ? { stopDate: seconds(record.stopMs) } : {}),
      })),
      ...(page.nextKey ? { nextToken: toNextToken(page.nextKey) } : {}),
    };
  }

  async getExecutionHistory(request: {
    executionArn?: string;
    maxResults?: number;
    reverseOrder?: boolean;
    nextToken?: string;
  }) {
    const record = await this.execution(request.executionArn);
    await this.runs.get(record.executionArn)?.flush();
    const page = await this.store.history(record.executionArn, {
      reverse: request.reverseOrder === true,
      limit: pageSize(request.maxResults),
      startKey: fromNextToken(request.nextToken),
    });
    return {
      events: page.events.map((event) => ({
        timestamp: seconds(event.timestampMs),
        type: event.type,
        id: event.id,
        previousEventId: event.previousEventId,
        ...event.details,
      })),
      ...(page.nextKey ? { nextToken: toNextToken(page.nextKey) } : {}),
    };
  }

  async stopExecution(request: { executionArn?: string; error?: string; cause?: string }) {
    const record = await this.execution(request.executionArn);
    const run = this.runs.get(record.executionArn);
    if (record.status === 'RUNNING' && run) {
      await this.stopRun(run, 'ABORTED', { error: request.error, cause: request.cause });
    } else if (record.status === 'RUNNING') {
      await this.store.update(record.executionArn, {
        status: 'ABORTED',
        stopMs: this.now().getTime(),
        pending: undefined,
      });
    }
    const after = await this.execution(record.executionArn);
    return { stopDate: seconds(after.stopMs ?? this.now().getTime()) };
  }

  private async openToken(taskToken: unknown): Promise<TokenRecord> {
    if (typeof taskToken !== 'string' || !isWellFormedTaskToken(taskToken))
      throw new SfnError('InvalidToken', 'Invalid Token');
    const record = await this.store.getToken(taskToken);
    if (!record) throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
    if (record.status !== 'PENDING')
      throw new SfnError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    return record;
  }

  async sendTaskSuccess(request: { taskToken?: string; output?: string }) {
    return this.track(
      (async () => {
        await this.openToken(request.taskToken);
        const token = request.taskToken!;
        let output: unknown;
        try {
          output = JSON.parse(request.output ?? '');
        } catch {
          throw new SfnError('InvalidOutput', 'Invalid Output: not JSON');
        }
        if (!(await this.store.closeToken(token, 'SUCCEEDED', { output: request.output })))
          throw new SfnError(
            'TaskTimedOut',
            "Task Timed Out: 'Provided task does not exist anymore'",
          );
        this.waiters.settle(token, { kind: 'success', output });
        return {};
      })(),
    );
  }

  async sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }) {
    return this.track(
      (async () => {
        await this.openToken(request.taskToken);
        const token = request.taskToken!;
        const error = request.error ?? '';
        const cause = request.cause ?? '';
        if (!(await this.store.closeToken(token, 'FAILED', { error, cause })))
          throw new SfnError(
            'TaskTimedOut',
            "Task Timed Out: 'Provided task does not exist anymore'",
          );
        this.waiters.settle(token, { kind: 'failure', error, cause });
        return {};
      })(),
    );
  }

  /** Accepted and recorded on the token (count and time); the library has no heartbeat timeout. */
  async sendTaskHeartbeat(request: { taskToken?: string }) {
    await this.openToken(request.taskToken);
    if (!(await this.store.heartbeat(request.taskToken!, this.now().getTime())))
      throw new SfnError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    return {};
  }

  async describeStateMachine(request: { stateMachineArn?: string }) {
    const machine = this.machine(request.stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definition,
      roleArn: this.roleArn,
      type: 'STANDARD',
      creationDate: seconds(machine.createdMs),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    };
  }

  async listStateMachines() {
    return {
      stateMachines: [...this.machines.values()].map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: 'STANDARD',
        creationDate: seconds(machine.createdMs),
      })),
    };
  }

  /** For the local page: the newest executions of every machine, with where each one waits. */
  async overview(limit = 50) {
    const machines = [];
    for (const machine of this.machines.values()) {
      const { items } = await this.store.list(machine.arn, { limit });
      machines.push({ stateMachineArn: machine.arn, name: machine.name, executions: items });
    }
    return machines;
  }
}

function outcomeOf(record: TokenRecord): TaskOutcome {
  switch (record.status) {
    case 'SUCCEEDED':
      return { kind: 'success', output: JSON.parse(record.output ?? 'null') };
    case 'FAILED':
      return { kind: 'failure', error: record.error ?? '', cause: record.cause ?? '' };
    case 'TIMED_OUT':
      return { kind: 'timeout' };
    default:
      return { kind: 'aborted' };
  }
}

function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined || maxResults === 0) return 100;
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000)
    throw new SfnError('ValidationException', 'maxResults must be between 0 and 1000');
  return maxResults;
}

const toNextToken = (key: PageKey) => Buffer.from(JSON.stringify(key)).toString('base64url');
function fromNextToken(token: string | undefined): PageKey {
  if (!token) return undefined;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new SfnError('ValidationException', 'Invalid nextToken');
  }
}
