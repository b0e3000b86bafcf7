import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptsConnectionOptions, connectionOptionsSchema } from '../src/connection-options.js';
import {
  integerIn,
  isBoolean,
  matchesRules,
  nonEmptyString,
  nonNegativeNumber,
  oneOf,
  positiveNumber,
} from '../src/option-check.js';

const anyValue = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.double({ noDefaultInfinity: false }),
  fc.constantFrom(0, 1, 4096, 4 * 1024 * 1024, 2 ** 53, Number.NaN, -0),
  fc.boolean(),
  fc.constantFrom('microtask', 'immediate', 'soon', ''),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant({}),
);
const connectionKeys = [
  'inputHighWaterMark',
  'inputLowWaterMark',
  'outputHighWaterMark',
  'outputLowWaterMark',
  'maxInputBufferSize',
  'maxOutputBufferSize',
  'idleTimeoutMs',
  'closeTimeoutMs',
  'writeStallTimeoutMs',
  'noDelay',
  'keepAlive',
  'keepAliveInitialDelayMs',
  'allowHalfOpen',
  'flush',
  'unknownOption',
] as const;
const someOptions = fc.dictionary(fc.constantFrom(...connectionKeys), anyValue, { maxKeys: 5 });

describe('option rules', () => {
  it('check numbers, booleans, strings and choices', () => {
    expect(integerIn(1, 3)(2)).toBe(true);
    expect(integerIn(1, 3)(4)).toBe(false);
    expect(integerIn(1)(1.5)).toBe(false);
    expect(integerIn(0)(2 ** 53)).toBe(false);
    expect(positiveNumber(0)).toBe(false);
    expect(positiveNumber(Number.POSITIVE_INFINITY)).toBe(false);
    expect(nonNegativeNumber(0)).toBe(true);
    expect(nonNegativeNumber(Number.NaN)).toBe(false);
    expect(isBoolean(0)).toBe(false);
    expect(nonEmptyString('')).toBe(false);
    expect(oneOf('a', 'b')('b')).toBe(true);
    expect(oneOf('a', 'b')('c')).toBe(false);
  });

  it('matchesRules refuses unknown keys, bad values and non-objects; allows absent values', () => {
    const rules = { size: integerIn(1) };
    expect(matchesRules(undefined, rules)).toBe(true);
    expect(matchesRules({ size: 2 }, rules)).toBe(true);
    expect(matchesRules({ size: undefined }, rules)).toBe(true);
    expect(matchesRules({ size: 0 }, rules)).toBe(false);
    expect(matchesRules({ other: 1 }, rules)).toBe(false);
    expect(matchesRules({ toString: 1 }, rules)).toBe(false);
    expect(matchesRules([], rules)).toBe(false);
    expect(matchesRules('size', rules)).toBe(false);
  });
});

describe('acceptsConnectionOptions', () => {
  it('accepts nothing the connection options schema refuses', () => {
    fc.assert(
      fc.property(someOptions, (options) => {
        if (acceptsConnectionOptions(options)) {
          expect(connectionOptionsSchema().safeParse(options).success).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accepts common valid options and refuses a low mark above the high one', () => {
    expect(acceptsConnectionOptions({ idleTimeoutMs: 100, flush: 'immediate' })).toBe(true);
    expect(acceptsConnectionOptions({ writeStallTimeoutMs: 30_000 })).toBe(true);
    expect(acceptsConnectionOptions({ writeStallTimeoutMs: -1 })).toBe(false);
    expect(acceptsConnectionOptions({ inputHighWaterMark: 10, inputLowWaterMark: 20 })).toBe(false);
  });
});
