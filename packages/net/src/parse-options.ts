import type { z } from 'zod';
import { NetError } from './net-error.js';

/**
 * Validates user-supplied options against a zod schema. A failure is a {@link NetError}
 * (`invalid-option`) whose message names each offending option and what was expected.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  // jitless: zod would otherwise compile each object schema with `new Function` on first parse;
  // processes where that happened ran the connection hot path up to 2x slower (see README).
  const result = schema.safeParse(input ?? {}, { jitless: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.length > 0 ? issue.path.join('.') : '(options)';
    return `option "${name}": ${issue.message}`;
  });
  throw new NetError('invalid-option', `invalid ${what} options: ${problems.join('; ')}`, {
    cause: result.error,
  });
}
