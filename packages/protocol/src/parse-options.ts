import { z } from 'zod';

/**
 * Parses `value` with a zod `schema`; on failure throws the error `fail` makes from a readable
 * summary of every problem (each names its option) and the zod error as the cause.
 */
export function parseOptions<T>(
  schema: z.ZodType<T>,
  value: unknown,
  fail: (message: string, cause: z.ZodError) => Error,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw fail(z.prettifyError(result.error).replaceAll('\n', ' '), result.error);
}
