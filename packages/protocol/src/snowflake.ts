import { z } from 'zod';
import { IdError } from './id-error.js';
import { parseIdOptions, type TimeIdOptions, timeIdFields, timeSettings } from './id-options.js';
import { TimeSequencer } from './time-sequencer.js';
import { Uint64 } from './uint64.js';

/** Default snowflake epoch: 2020-01-01T00:00:00Z. */
export const DEFAULT_SNOWFLAKE_EPOCH = Date.UTC(2020, 0, 1);

/** Options of a {@link Snowflake} generator. */
export interface SnowflakeOptions extends TimeIdOptions {
  /** Start of the timestamp, ms since the Unix epoch (or a Date). Default 2020-01-01. */
  readonly epoch?: number | Date;
  /** This generator's node id, 0..2^nodeBits - 1. Default 0. */
  readonly nodeId?: number;
  /** Bits of the node id, 0..20. Default 10. */
  readonly nodeBits?: number;
  /** Bits of the per-millisecond sequence, 1..22. Default 12. `nodeBits + sequenceBits` ≤ 32. */
  readonly sequenceBits?: number;
}

/** The parts of a snowflake id. */
export interface SnowflakeParts {
  /** When it was made, ms since the Unix epoch (borrowed milliseconds included). */
  readonly timestamp: number;
  readonly nodeId: number;
  readonly sequence: number;
}

const schema = z
  .strictObject({
    ...timeIdFields,
    epoch: z.union([z.number().int().min(0), z.date().transform((d) => d.getTime())]).optional(),
    nodeId: z.number().int().min(0).optional(),
    nodeBits: z.number().int().min(0).max(20).optional(),
    sequenceBits: z.number().int().min(1).max(22).optional(),
  })
  .refine((o) => (o.nodeBits ?? 10) + (o.sequenceBits ?? 12) <= 32, {
    message: 'nodeBits + sequenceBits must be at most 32',
    path: ['sequenceBits'],
  })
  .refine((o) => (o.nodeId ?? 0) < 2 ** (o.nodeBits ?? 10), {
    message: 'nodeId must fit in nodeBits',
    path: ['nodeId'],
  });

/**
 * Snowflake ids: 63 bits (the sign bit stays 0, so they fit a signed int64), most significant
 * first `timestamp | node | sequence`, with a configurable epoch and node/sequence widths
 * (default 41 bits of milliseconds — 69 years —, 10 node bits, 12 sequence bits, as Twitter's).
 *
 * Never repeats an id of the same node: not when the clock steps back (it keeps counting in the
 * last millisecond), not on sequence overflow (it borrows the next millisecond, at most
 * `maxLeadMs` ahead of the clock, then waits for the clock), and not across a fast restart (a new
 * generator starts past anything an earlier one could have issued). See the package README.
 * Made from numbers (`hi`/`lo`), no BigInt on the hot path.
 */
export class Snowflake {
  /** The epoch, ms since the Unix epoch. */
  readonly epoch: number;
  readonly nodeId: number;
  readonly nodeBits: number;
  readonly sequenceBits: number;
  private readonly sequencer: TimeSequencer;
  private readonly lowBits: number;
  private readonly lowMask: number;
  private readonly tickMask: number;
  private readonly tickScale: number;
  private readonly nodePart: number;
  private readonly maxTick: number;

  constructor(options: SnowflakeOptions = {}) {
    const parsed = parseIdOptions(schema, options, 'Snowflake');
    const { clock, maxLead } = timeSettings(parsed);
    this.epoch = parsed.epoch ?? DEFAULT_SNOWFLAKE_EPOCH;
    this.nodeId = parsed.nodeId ?? 0;
    this.nodeBits = parsed.nodeBits ?? 10;
    this.sequenceBits = parsed.sequenceBits ?? 12;
    this.lowBits = this.nodeBits + this.sequenceBits;
    this.lowMask = this.lowBits === 32 ? 0xffff_ffff : 2 ** this.lowBits - 1;
    this.tickScale = 2 ** (32 - this.lowBits);
    this.tickMask = this.tickScale - 1;
    this.nodePart = this.nodeId * 2 ** this.sequenceBits;
    this.maxTick = 2 ** (63 - this.lowBits) - 1;
    if (clock.preciseNow() < this.epoch) {
      throw new IdError('invalid-option', `snowflake epoch ${this.epoch} is in the future`);
    }
    this.sequencer = new TimeSequencer(clock, this.epoch, 2 ** this.sequenceBits - 1, maxLead);
  }

  /** The next id as `hi`/`lo` halves. */
  next(): Uint64 {
    const s = this.sequencer;
    s.next();
    const tick = s.tick;
    if (tick > this.maxTick) {
      throw new IdError(
        'timestamp-overflow',
        `${tick} ms since the epoch do not fit in ${63 - this.lowBits} timestamp bits`,
      );
    }
    const low = this.nodePart + s.seq;
    if (this.lowBits === 32) return new Uint64(tick, low);
    return new Uint64(
      Math.floor(tick / this.tickScale),
      (((tick & this.tickMask) << this.lowBits) | low) >>> 0,
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

  /** Splits an id made with this generator's layout and epoch into its parts. */
  decompose(id: Uint64 | bigint | string): SnowflakeParts {
    const value =
      typeof id === 'bigint'
        ? Uint64.fromBigInt(id)
        : typeof id === 'string'
          ? Uint64.fromString(id)
          : id;
    const low = this.lowBits === 32 ? value.lo : value.lo & this.lowMask;
    const tick =
      this.lowBits === 32
        ? value.hi
        : value.hi * this.tickScale + Math.floor(value.lo / 2 ** this.lowBits);
    return {
      timestamp: this.epoch + tick,
      nodeId: Math.floor(low / 2 ** this.sequenceBits),
      sequence: low % 2 ** this.sequenceBits,
    };
  }
}
