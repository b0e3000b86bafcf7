import { z } from 'zod';
import { parseIdOptions, type TimeIdOptions, timeIdFields, timeSettings } from './id-options.js';
import { TimeSequencer } from './time-sequencer.js';

const TIME_BITS = 20;
const SEQUENCE_BITS = 12;
const TIME_MASK = (1 << TIME_BITS) - 1;

/** Options of {@link Id32}. */
export interface Id32Options extends TimeIdOptions {}

const schema = z.strictObject({ ...timeIdFields });

/**
 * 32-bit ids, unique among the ids of one generator made within any 10-minute window: the low 20
 * bits of the time in milliseconds (a cycle of 17.4 minutes) above a 12-bit sequence (4096 ids
 * per millisecond, sustained; bursts borrow up to `maxLeadMs` ahead). Ids carry no node: they are
 * for one process (call ids, log correlation), not for a fleet. Numbers only, no BigInt.
 *
 * The window holds as long as the clock does not leap forward by more than 7 minutes (17.4 min
 * cycle minus the window and the lead) within it.
 */
export class Id32 {
  private readonly sequencer: TimeSequencer;

  constructor(options: Id32Options = {}) {
    const { clock, maxLead } = timeSettings(parseIdOptions(schema, options, 'Id32'));
    this.sequencer = new TimeSequencer(clock, 0, (1 << SEQUENCE_BITS) - 1, maxLead);
  }

  /** The next id, an unsigned 32-bit integer. */
  next(): number {
    const s = this.sequencer;
    s.next();
    return (((s.tick & TIME_MASK) << SEQUENCE_BITS) | s.seq) >>> 0;
  }
}
