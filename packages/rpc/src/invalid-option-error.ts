import type { z } from 'zod';

const brand = Symbol.for('@yrpc/rpc/InvalidOptionError');

/** Options given to a server, client or call are not valid; the message names each bad one. */
export class InvalidOptionError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'INVALID_OPTION' as const;
  /**
   * The path of the (first) bad option, e.g. `tls.cert` or `timeoutMs`; the message names every
   * bad option.
   */
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

/** One thing wrong with the options: where (`heartbeat.timeoutMs`) and what. */
interface OptionProblem {
  readonly option: string;
  readonly detail: string;
}

/** Every problem zod found, each at its option's path (an unknown key at its own path). */
function optionProblems(error: z.ZodError): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ option: [...path, key].join('.'), detail: 'not a known option' });
      }
    } else {
      problems.push({
        option: path.length === 0 ? '(options)' : path.join('.'),
        detail: issue.message,
      });
    }
  }
  return problems;
}

/**
 * Validates `value` against `schema`; on failure throws an {@link InvalidOptionError} whose
 * message lists every bad option of `owner` (e.g. "Server") and what was expected of it, as
 * `Server option a: ...; option b.c: ...`, and whose `option` is the first of them.
 */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  owner: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = optionProblems(result.error);
  const listed = problems.map(({ option, detail }) => `option ${option}: ${detail}`).join('; ');
  throw new InvalidOptionError(
    problems[0]?.option ?? '(options)',
    `${owner} ${listed || 'option (options): invalid'}`,
  );
}
