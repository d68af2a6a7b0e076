// The logger masks personal numbers in every field, error stacks included.
import { expect, it } from 'vitest';
import { createLogger } from './logger.ts';

it('writes no mobile or ID number in clear, wherever it appears', () => {
  const lines: string[] = [];
  const original = process.stdout.write;
  const originalErr = process.stderr.write;
  const keep = ((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = keep;
  process.stderr.write = keep;
  try {
    const logger = createLogger({ logLevel: 'DEBUG' });
    logger.info('lookup 13812341234', {
      phone: '+86 138 1234 1234',
      nested: { id: '640302198503120042' },
    });
    logger.error('failed', new Error('no contact with mobile 13812341234'));
  } finally {
    process.stdout.write = original;
    process.stderr.write = originalErr;
  }
  const text = lines.join('');
  expect(text).toContain('138****1234');
  expect(text).toContain('6403**********0042');
  expect(text).not.toContain('13812341234');
  expect(text).not.toContain('138 1234 1234');
  expect(text).not.toContain('640302198503120042');
});
