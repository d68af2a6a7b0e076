// Loads aws-local-stepfunctions, after giving Node 20 the Promise.withResolvers it needs (Node 22 has it).

type Resolvers<T> = {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};

const promise = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
// The library calls it in every Task state; on Node 20 the error is not catchable in the ASL.
promise.withResolvers ??= <T>() => {
  let resolve!: Resolvers<T>['resolve'];
  let reject!: Resolvers<T>['reject'];
  const settled = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise: settled, resolve, reject };
};

// Imported after the polyfill on purpose: the module must not run before it.
const library = await import('aws-local-stepfunctions');

export const { StateMachine } = library;
export type LocalStateMachine = InstanceType<typeof library.StateMachine>;
export type LibraryRun = ReturnType<LocalStateMachine['run']>;
export type LibraryEvent = LibraryRun['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
