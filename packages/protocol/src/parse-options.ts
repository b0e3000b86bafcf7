import type { z } from 'zod';

/**
 * Parses `value` with a zod `schema`; on failure throws the error `fail` makes from a summary of
 * every problem, each naming its option (`option maxFrameSize: ...; option foo: not a known
 * option`), with the zod error as the cause.
 */
export function parseOptions<T>(
  schema: z.ZodType<T>,
  value: unknown,
  fail: (message: string, cause: z.ZodError) => Error,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: string[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // zod reports the unknown keys of an object together, at the object's path.
      for (const key of issue.keys)
        problems.push(`option ${[...path, key].join('.')}: not a known option`);
    } else {
      problems.push(`option ${path.length > 0 ? path.join('.') : '(options)'}: ${issue.message}`);
    }
  }
  throw fail(problems.join('; '), result.error);
}
