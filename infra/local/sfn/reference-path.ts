// Reads an ASL reference path ($.a.b[0], $['a'], $$.Execution.Id) the way Wait and timeout fields use it.

const segment = /^(?:\.([A-Za-z_$][\w$-]*)|\['([^']*)'\]|\[(\d+)\])/;

/** The value at `path` in `input` (or in `context` for `$$` paths); undefined when absent. */
export function readReferencePath(path: string, input: unknown, context: unknown = {}): unknown {
  let rest: string;
  let value: unknown;
  if (path.startsWith('$$')) {
    rest = path.slice(2);
    value = context;
  } else if (path.startsWith('$')) {
    rest = path.slice(1);
    value = input;
  } else {
    throw new Error(`not a reference path: ${path}`);
  }
  while (rest.length > 0) {
    const match = segment.exec(rest);
    if (!match) throw new Error(`unsupported reference path: ${path}`);
    const key = match[1] ?? match[2] ?? Number(match[3]);
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
    rest = rest.slice(match[0].length);
  }
  return value;
}
