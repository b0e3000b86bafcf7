import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOptions } from '../src/parse-options.js';

const schema = z.strictObject({
  maxFrameSize: z.number().int().min(256).optional(),
  limits: z.strictObject({ maxMetaSize: z.number().int().optional() }).optional(),
});

/** The message `parseOptions` hands to `fail`, and the cause. */
function failure(value: unknown): { message: string; cause: z.ZodError } {
  let caught: { message: string; cause: z.ZodError } | undefined;
  const fail = (message: string, cause: z.ZodError) => {
    caught = { message, cause };
    return new Error(message);
  };
  expect(() => parseOptions(schema, value, fail)).toThrow();
  if (caught === undefined) throw new Error('expected parseOptions to fail');
  return caught;
}

describe('parseOptions', () => {
  it('returns what the schema accepts', () => {
    expect(parseOptions(schema, { maxFrameSize: 1024 }, () => new Error('no'))).toEqual({
      maxFrameSize: 1024,
    });
  });

  it('names one problem with its option', () => {
    const { message, cause } = failure({ maxFrameSize: 16 });
    expect(message).toMatch(/^option maxFrameSize: .*>=256$/);
    expect(cause).toBeInstanceOf(z.ZodError);
  });

  it('lists every problem, each unknown key at its own path, nested ones too', () => {
    const { message } = failure({
      maxFrameSize: 1.5,
      frameSize: 1,
      agent: 'x',
      limits: { maxMetaSize: 'big', maxMeta: 2 },
    });
    const problems = message.split('; ');
    expect(problems.map((problem) => /^option ([^:]+): /.exec(problem)?.[1]).toSorted()).toEqual([
      'agent',
      'frameSize',
      'limits.maxMeta',
      'limits.maxMetaSize',
      'maxFrameSize',
    ]);
    expect(problems).toContain('option frameSize: not a known option');
    expect(problems).toContain('option limits.maxMeta: not a known option');
  });

  it('names the options object itself when it is not an object', () => {
    expect(failure(5).message).toMatch(/^option \(options\): .*expected object/);
  });
});
