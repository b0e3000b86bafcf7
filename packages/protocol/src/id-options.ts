import { z } from 'zod';
import { type IdClock, loopClock } from './id-clock.js';
import { IdError } from './id-error.js';
import { parseOptions } from './parse-options.js';

/** Default for `maxLeadMs`: how far ahead of the clock a generator may borrow, 1 second. */
export const DEFAULT_MAX_LEAD_MS = 1000;

/** Options every time-based id generator takes. */
export interface TimeIdOptions {
  /**
   * How many milliseconds ahead of the clock the generator may run when a millisecond's sequence
   * runs out, before it waits for the clock; also how far ahead a new generator starts, so that
   * it cannot repeat ids of one that ran before it in the same process or a restarted one.
   * Integer 0..60000, default 1000.
   */
  readonly maxLeadMs?: number;
  /** The clock (ms since the Unix epoch). Default {@link loopClock}. */
  readonly clock?: IdClock;
}

const clockSchema = z.custom<IdClock>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IdClock).now === 'function' &&
    typeof (value as IdClock).preciseNow === 'function',
  { message: 'clock must have now() and preciseNow() methods' },
);

/** Zod fields shared by the generator option schemas. */
export const timeIdFields = {
  maxLeadMs: z.number().int().min(0).max(60_000).optional(),
  clock: clockSchema.optional(),
};

/** Parses generator options with `schema`; failures become an {@link IdError} `invalid-option`. */
export function parseIdOptions<T>(schema: z.ZodType<T>, options: unknown, what: string): T {
  return parseOptions(schema, options, (message, cause) => {
    return new IdError('invalid-option', `invalid ${what} options: ${message}`, { cause });
  });
}

/** The clock and lead of parsed options, defaults applied. */
export function timeSettings(options: {
  readonly maxLeadMs?: number | undefined;
  readonly clock?: IdClock | undefined;
}): { clock: IdClock; maxLead: number } {
  return { clock: options.clock ?? loopClock, maxLead: options.maxLeadMs ?? DEFAULT_MAX_LEAD_MS };
}
