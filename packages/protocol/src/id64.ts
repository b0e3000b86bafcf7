import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { parseIdOptions, type TimeIdOptions, timeIdFields, timeSettings } from './id-options.js';
import { TimeSequencer } from './time-sequencer.js';
import { Uint64 } from './uint64.js';

const TIME_MASK = 0x7ff_ffff; // 27 bits of milliseconds: a cycle of 37.3 hours
const INSTANCE_LIMIT = 1 << 15;
const SEQUENCE_BITS = 22;

/** Options of {@link Id64}. */
export interface Id64Options extends TimeIdOptions {
  /**
   * 15 bits (0..32767) that tell generators apart, e.g. one per process. Default: random, which
   * makes a clash between two processes in the same millisecond and sequence a 1-in-32768 chance;
   * assign distinct instances for a guarantee.
   */
  readonly instance?: number;
}

const schema = z.strictObject({
  ...timeIdFields,
  instance: z
    .number()
    .int()
    .min(0)
    .max(INSTANCE_LIMIT - 1)
    .optional(),
});

/**
 * 64-bit ids, unique within any 24-hour window among the ids of generators with distinct
 * instances: the low 27 bits of the time in milliseconds (a 37.3-hour cycle), a 15-bit instance
 * and a 22-bit sequence (4 million ids per millisecond before borrowing the next). Made from
 * numbers as `hi`/`lo` halves, no BigInt; `nextBigInt` and `nextString` for users.
 *
 * Layout: `time(27) | instance(15) | sequence(22)`, most significant first.
 */
export class Id64 {
  /** This generator's instance bits. */
  readonly instance: number;
  private readonly sequencer: TimeSequencer;
  private readonly hiInstance: number;
  private readonly loInstance: number;

  constructor(options: Id64Options = {}) {
    const parsed = parseIdOptions(schema, options, 'Id64');
    const { clock, maxLead } = timeSettings(parsed);
    this.instance = parsed.instance ?? randomInt(INSTANCE_LIMIT);
    this.hiInstance = this.instance >>> 10;
    this.loInstance = ((this.instance & 0x3ff) << SEQUENCE_BITS) >>> 0;
    this.sequencer = new TimeSequencer(clock, 0, (1 << SEQUENCE_BITS) - 1, maxLead);
  }

  /** The next id as `hi`/`lo` halves. */
  next(): Uint64 {
    const s = this.sequencer;
    s.next();
    return new Uint64(
      (((s.tick & TIME_MASK) << 5) | this.hiInstance) >>> 0,
      (this.loInstance | s.seq) >>> 0,
    );
  }

  /** The next id as a bigint. */
  nextBigInt(): bigint {
    return this.next().toBigInt();
  }

  /** The next id in decimal. */
  nextString(): string {
    return this.next().toString();
  }
}
