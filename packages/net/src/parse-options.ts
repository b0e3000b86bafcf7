import { createRequire } from 'node:module';
import type { z } from 'zod';
import { NetError } from './net-error.js';

/** The zod namespace, as loaded on demand. */
export type Zod = typeof z;

let zod: Zod | undefined;

/**
 * Loads zod the first time options need more than the plain check: a process that never passes
 * a bad or a TLS option never loads it. Having zod's schemas built and run in a process was
 * measured to slow the connection hot path by 1.4–2× (see the README's benchmark section).
 */
function loadZod(): Zod {
  zod ??= (createRequire(import.meta.url)('zod') as { z: Zod }).z;
  return zod;
}

/** A zod schema built on first use (see {@link parseOptions}). */
export type LazySchema<S extends z.ZodType> = () => S;

/** Wraps a schema builder so that the schema (and zod) are created only when first needed. */
export function lazySchema<S extends z.ZodType>(build: (z: Zod) => S): LazySchema<S> {
  let schema: S | undefined;
  return () => {
    schema ??= build(loadZod());
    return schema;
  };
}

/**
 * Validates user-supplied options. Options that pass `accepts` (a plain check that accepts only
 * options the schema accepts too) are returned as given; all others go through the zod schema,
 * which decides. A failure is a {@link NetError} (`invalid-option`) whose message names every
 * offending option (an unknown one too) and what was expected of it.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S | LazySchema<S>,
  input: unknown,
  what: string,
  accepts?: (input: unknown) => boolean,
): z.output<S> {
  if (accepts?.(input)) return (input ?? {}) as z.output<S>;
  const resolved = typeof schema === 'function' ? (schema as LazySchema<S>)() : schema;
  // jitless: zod would otherwise compile each object schema with `new Function` on first parse;
  // processes where that happened ran the connection hot path up to 2x slower (see README).
  const result = resolved.safeParse(input ?? {}, { jitless: true });
  if (result.success) return result.data;
  // One problem per unknown key too, at its own path (zod reports them together, at the parent).
  const problems = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `option "${[...path, key].join('.')}": not a known option`);
    }
    return [`option "${path.length > 0 ? path.join('.') : '(options)'}": ${issue.message}`];
  });
  throw new NetError('invalid-option', `invalid ${what} options: ${problems.join('; ')}`, {
    cause: result.error,
  });
}
