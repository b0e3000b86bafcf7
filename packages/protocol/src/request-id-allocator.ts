import { z } from 'zod';
import { IdError } from './id-error.js';
import { parseIdOptions } from './id-options.js';

/** The largest request id; ids run 1..MAX_REQUEST_ID (0 is the connection itself). */
export const MAX_REQUEST_ID = 0xffff_ffff;

/**
 * An owner's own record of the ids it has in flight, such as its map of pending calls by id.
 * A `Map<number, T>` or `Set<number>` fits.
 */
export interface InFlightIds {
  has(id: number): boolean;
  readonly size: number;
}

/** Options of a {@link RequestIdAllocator}. */
export interface RequestIdAllocatorOptions {
  /** The first id handed out, 1..2^32-1. Default 1. */
  readonly first?: number;
  /** Most ids in flight at once; beyond it `allocate` throws `exhausted`. Default 2^32-1. */
  readonly maxInFlight?: number;
  /**
   * The owner's record of ids in flight. When given, the allocator keeps no set of its own (a
   * connection then tracks each call once, not twice): an id is in flight exactly while
   * `inFlight.has(id)`, the owner adds every allocated id to its record before the next
   * `allocate`, and removes it when the call ends, instead of calling `release`.
   */
  readonly inFlight?: InFlightIds;
}

const inFlightSchema = z.custom<InFlightIds>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as InFlightIds).has === 'function' &&
    typeof (value as InFlightIds).size === 'number',
  { message: 'inFlight must have a has(id) method and a size (a Map or Set of ids)' },
);

const schema = z.strictObject({
  first: z.number().int().min(1).max(MAX_REQUEST_ID).optional(),
  maxInFlight: z.number().int().min(1).max(MAX_REQUEST_ID).optional(),
  inFlight: inFlightSchema.optional(),
});

/**
 * Request (stream) ids for one connection: counts up from `first`, wraps from 2^32-1 back to 1
 * (skipping 0), and skips any id still in flight, so a long-lived call can never be confused with
 * a new one. O(1) per id unless a long run of ids is still in flight after a wrap.
 */
export class RequestIdAllocator {
  private nextId: number;
  private readonly limit: number;
  // The allocator's own set, unless the owner keeps the record (then undefined).
  private readonly own: Set<number> | undefined;
  private readonly live: InFlightIds;

  constructor(options: RequestIdAllocatorOptions = {}) {
    const parsed = parseIdOptions(schema, options, 'RequestIdAllocator');
    this.nextId = parsed.first ?? 1;
    this.limit = parsed.maxInFlight ?? MAX_REQUEST_ID;
    this.own = parsed.inFlight === undefined ? new Set<number>() : undefined;
    this.live = parsed.inFlight ?? (this.own as Set<number>);
  }

  /**
   * A fresh id, now in flight until {@link RequestIdAllocator.release}d.
   * @throws IdError `exhausted` when `maxInFlight` ids are in flight.
   */
  allocate(): number {
    const live = this.live;
    if (live.size >= this.limit) {
      throw new IdError('exhausted', `all ${this.limit} request ids allowed are in flight`);
    }
    let id = this.nextId;
    while (live.has(id)) id = id === MAX_REQUEST_ID ? 1 : id + 1;
    this.nextId = id === MAX_REQUEST_ID ? 1 : id + 1;
    this.own?.add(id);
    return id;
  }

  /**
   * Marks `id` finished, so it may be handed out again; false if it was not in flight. With an
   * `inFlight` record the owner removes ids itself, and this only returns false.
   */
  release(id: number): boolean {
    return this.own?.delete(id) ?? false;
  }

  /** Whether `id` is in flight. */
  isInFlight(id: number): boolean {
    return this.live.has(id);
  }

  /** How many ids are in flight. */
  get inFlight(): number {
    return this.live.size;
  }
}
