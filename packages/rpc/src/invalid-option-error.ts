import type { z } from 'zod';

const brand = Symbol.for('@yrpc/rpc/InvalidOptionError');

/** An option given to a server, client or call is not valid; the message names it. */
export class InvalidOptionError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'INVALID_OPTION' as const;
  /** The option's path, e.g. `tls.cert` or `timeoutMs`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.name = 'InvalidOptionError';
    this.option = option;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for an `InvalidOptionError` from any installed copy of this package. */
  static is(value: unknown): value is InvalidOptionError {
    return typeof value === 'object' && value !== null && brand in value;
  }
}

/**
 * Validates `value` against `schema`; on failure throws an {@link InvalidOptionError} naming the
 * first bad option of `owner` (e.g. "Server") and what was expected.
 */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  owner: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue === undefined ? [] : issue.path.map(String);
  let detail = issue?.message ?? 'invalid';
  if (issue?.code === 'unrecognized_keys') {
    path.push(issue.keys[0] ?? '?');
    detail = 'not a known option';
  }
  const option = path.length === 0 ? '(options)' : path.join('.');
  const extra =
    result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new InvalidOptionError(option, `${owner} option ${option}: ${detail}${extra}`);
}
