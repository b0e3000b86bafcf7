/** A test of one option's value (never called with `undefined`: absent options are allowed). */
export type OptionRule = (value: unknown) => boolean;

/** Rules for every option an options object may hold; any other key fails the check. */
export type OptionRules = Readonly<Record<string, OptionRule>>;

/** An integer in `[min, max]`. */
export const integerIn =
  (min: number, max: number = Number.MAX_SAFE_INTEGER): OptionRule =>
  (value) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;

/** A finite number greater than 0. */
export const positiveNumber: OptionRule = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

/** A finite number of at least 0. */
export const nonNegativeNumber: OptionRule = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** A true or false. */
export const isBoolean: OptionRule = (value) => typeof value === 'boolean';

/** A string of at least one character. */
export const nonEmptyString: OptionRule = (value) => typeof value === 'string' && value.length > 0;

/** Any non-null object (e.g. a TimerQueue). */
export const isObject: OptionRule = (value) => typeof value === 'object' && value !== null;

/** One of `choices`. */
export const oneOf =
  (...choices: readonly string[]): OptionRule =>
  (value) =>
    typeof value === 'string' && choices.includes(value);

/**
 * The plain, allocation-free check in front of an options schema: true when `input` is absent or
 * a plain object whose every own key has a rule that its (defined) value passes. It must accept
 * nothing the schema refuses; whatever it does not accept goes to the schema.
 */
export function matchesRules(input: unknown, rules: OptionRules): boolean {
  if (input === undefined || input === null) return true;
  if (typeof input !== 'object' || Array.isArray(input)) return false;
  const options = input as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (rule === undefined) return false;
    const value = options[key];
    if (value !== undefined && !rule(value)) return false;
  }
  return true;
}

/** True when exactly one of a TCP `port` and a Unix socket `path` is given. */
export function hasOneEndpoint(options: {
  readonly port?: unknown;
  readonly path?: unknown;
}): boolean {
  return (options.path === undefined) !== (options.port === undefined);
}

/** The issue an options schema reports when {@link hasOneEndpoint} fails. */
export function oneEndpointIssue(): { message: string; path: string[] } {
  return {
    message: 'give either port (TCP) or path (Unix socket), not both and not neither',
    path: ['port'],
  };
}
