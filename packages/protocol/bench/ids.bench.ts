import { randomUUID } from 'node:crypto';
import { Snowflake as SapphireSnowflake } from '@sapphire/snowflake';
import { bench, do_not_optimize, group, summary } from 'mitata';
import { v7 as uuidv7 } from 'uuid';
import { Id32, Id64, RequestIdAllocator, Snowflake } from '../src/index.js';

/** Id generators, ns per id, beside @sapphire/snowflake, uuid v7 and crypto.randomUUID. */
export function registerIdBenches(): void {
  const id32 = new Id32();
  const id64 = new Id64();
  const wide = new Snowflake({ nodeBits: 6, sequenceBits: 16, nodeId: 1 });
  const twitter = new Snowflake({ nodeId: 1 });
  const sapphire = new SapphireSnowflake(Date.UTC(2020, 0, 1));
  const allocator = new RequestIdAllocator();

  summary(() => {
    group('ids, ns per id', () => {
      bench('RequestIdAllocator allocate + release', () => {
        allocator.release(allocator.allocate());
      });
      bench('Id32.next (number)', () => do_not_optimize(id32.next()));
      bench('Id64.next (hi/lo)', () => do_not_optimize(id64.next()));
      bench('Snowflake.next (hi/lo; 6 node + 16 sequence bits)', () =>
        do_not_optimize(wide.next()),
      );
      bench('Snowflake.nextBigInt (6 node + 16 sequence bits)', () =>
        do_not_optimize(wide.nextBigInt()),
      );
      bench('Snowflake.nextString (6 node + 16 sequence bits)', () =>
        do_not_optimize(wide.nextString()),
      );
      bench('@sapphire/snowflake generate (bigint)', () => do_not_optimize(sapphire.generate()));
      bench('uuid v7', () => do_not_optimize(uuidv7()));
      bench('crypto.randomUUID', () => do_not_optimize(randomUUID()));
    });
  });

  summary(() => {
    group('sustained past 4096 ids/ms: default 10 node + 12 sequence bits', () => {
      // Capped by design: a 12-bit sequence holds 4096 ids per millisecond; beyond the borrowing
      // budget (maxLeadMs) the generator waits for the clock rather than repeat an id, which
      // @sapphire/snowflake does not (its increment wraps and repeats within a millisecond).
      bench('Snowflake.next (default layout)', () => do_not_optimize(twitter.next()));
      bench('@sapphire/snowflake generate', () => do_not_optimize(sapphire.generate()));
    });
  });
}
