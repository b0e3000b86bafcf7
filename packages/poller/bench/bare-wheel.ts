const LEVELS = 4;
const SLOT_BITS = 8;
const SLOTS = 1 << SLOT_BITS;
const NONE = -1;

/**
 * The other design the issue allows: a bare hierarchical timing wheel (4 levels of 256 one-ms
 * slots) with doubly linked bucket lists in preallocated typed arrays; insert and cancel are both
 * O(1). Only insert and cancel are implemented (no advancing or cascading), so it is a lower
 * bound for what a complete wheel would cost on the insert-then-cancel benchmark.
 */
export class BareTimingWheel {
  private readonly next: Int32Array;
  private readonly previous: Int32Array;
  private readonly bucketOf: Int32Array;
  private readonly heads = new Int32Array(LEVELS * SLOTS).fill(NONE);
  private readonly startTick: number;

  constructor(capacity: number, nowMs: number) {
    this.next = new Int32Array(capacity);
    this.previous = new Int32Array(capacity);
    this.bucketOf = new Int32Array(capacity);
    this.startTick = Math.floor(nowMs);
  }

  insert(id: number, deadlineMs: number): void {
    const tick = Math.floor(deadlineMs);
    const delta = tick - this.startTick;
    const level = delta < SLOTS ? 0 : delta < SLOTS ** 2 ? 1 : delta < SLOTS ** 3 ? 2 : 3;
    const bucket = level * SLOTS + (Math.floor(tick / 2 ** (SLOT_BITS * level)) & (SLOTS - 1));
    const head = this.heads[bucket] as number;
    this.next[id] = head;
    this.previous[id] = NONE;
    if (head !== NONE) this.previous[head] = id;
    this.heads[bucket] = id;
    this.bucketOf[id] = bucket;
  }

  cancel(id: number): void {
    const next = this.next[id] as number;
    const previous = this.previous[id] as number;
    if (previous === NONE) this.heads[this.bucketOf[id] as number] = next;
    else this.next[previous] = next;
    if (next !== NONE) this.previous[next] = previous;
  }
}
