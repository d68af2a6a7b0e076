// Reference paths as Wait and timeout fields use them.
import { expect, it } from 'vitest';
import { readReferencePath } from './reference-path.ts';

it('reads dotted, bracketed and indexed paths, and $$ from the context', () => {
  const input = { triage: { seconds: 60, list: [{ at: 'x' }] }, 'odd key': 1 };
  expect(readReferencePath('$', input)).toBe(input);
  expect(readReferencePath('$.triage.seconds', input)).toBe(60);
  expect(readReferencePath('$.triage.list[0].at', input)).toBe('x');
  expect(readReferencePath("$['odd key']", input)).toBe(1);
  expect(readReferencePath('$.missing.deeper', input)).toBeUndefined();
  expect(readReferencePath('$$.Execution.Id', input, { Execution: { Id: 'arn' } })).toBe('arn');
  expect(() => readReferencePath('triage', input)).toThrow();
  expect(() => readReferencePath('$..seconds', input)).toThrow();
});
