import { type Alarm, type Clock, monotonicClock } from './clock.js';
import { PollerError } from './poller-error.js';

/**
 * Identifies one timer of a {@link TimerQueue}: a plain number (no object per timer), never 0,
 * so `0` can stand for "no timer". It carries a generation, so a handle kept after its timer
 * fired or was cancelled never cancels a later timer that reuses the same slot.
 */
export type TimerHandle = number;

/** Options of a {@link TimerQueue}. */
export interface TimerQueueOptions {
  /** Time source and alarms; the default is the monotonic {@link monotonicClock}. */
  clock?: Clock;
  /** Timers to make room for up front (storage still grows past it). Default 1024. */
  initialCapacity?: number;
}

type Callback = (arg: unknown) => void;

// Handles are generation * SLOT_SPACE + slot, exact in a double up to generation 2^29.
const SLOT_BITS = 24;
const SLOT_SPACE = 2 ** SLOT_BITS;
const INVERSE_SLOT_SPACE = 1 / SLOT_SPACE;
const MAX_GENERATION = 2 ** 29;
const MAX_DELAY_MS = Number.MAX_SAFE_INTEGER;

/**
 * Timers for a whole program behind one Node timer, armed for the earliest deadline.
 *
 * Storage is a 4-ary min-heap over preallocated typed arrays ordered by (deadline, insertion
 * sequence), so equal deadlines fire in insertion order. Cancelling is O(1): it retires the
 * handle and leaves a dead entry that is dropped when it reaches the top or when the heap would
 * otherwise grow while at least half of it is dead (an O(n) rebuild, amortised O(1)). That fits
 * RPC deadlines, which are nearly always cancelled long before they would fire.
 *
 * Time comes from a monotonic clock, so wall-clock jumps neither fire nor delay timers. Timers do
 * not keep the process alive unless {@link TimerQueue.ref} is called for them.
 */
export class TimerQueue {
  private readonly clock: Clock;
  private readonly alarm: Alarm;
  private armedAt = Number.POSITIVE_INFINITY;

  // Heap entries, by heap position.
  private heapDeadline: Float64Array;
  private heapSequence: Float64Array;
  private heapHandle: Float64Array;
  private heapSize = 0;
  private nextSequence = 0;

  // Timer state, by slot. slotHandle holds the pending timer's handle, or once it fired or was
  // cancelled that handle negated (so the next one in the slot gets the next generation).
  private slotHandle: Float64Array;
  private slotReferenced: Uint8Array;
  private callbacks: (Callback | undefined)[];
  private args: unknown[];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;

  private live = 0;
  private referencedCount = 0;
  private firing = false;

  /** Creates an empty queue; nothing is armed until the first timer is added. */
  constructor(options: TimerQueueOptions = {}) {
    this.clock = options.clock ?? monotonicClock;
    const capacity = Math.max(16, Math.floor(options.initialCapacity ?? 1024));
    this.heapDeadline = new Float64Array(capacity);
    this.heapSequence = new Float64Array(capacity);
    this.heapHandle = new Float64Array(capacity);
    this.slotHandle = new Float64Array(capacity);
    this.slotReferenced = new Uint8Array(capacity);
    this.callbacks = new Array(capacity).fill(undefined);
    this.args = new Array(capacity).fill(undefined);
    this.freeSlots = new Int32Array(capacity);
    this.alarm = this.clock.createAlarm(() => this.fire());
  }

  /** Live (added, not yet fired or cancelled) timers. */
  get size(): number {
    return this.live;
  }

  /** The current time on this queue's clock, in milliseconds. */
  now(): number {
    return this.clock.now();
  }

  /**
   * Calls `callback(arg)` once, `delayMs` from now (negative delays count as 0). Returns the
   * handle that cancels it. Throws `INVALID_ARGUMENT` for a delay that is not a finite number.
   */
  add(delayMs: number, callback: () => void): TimerHandle;
  add<A>(delayMs: number, callback: (arg: A) => void, arg: A): TimerHandle;
  add(delayMs: number, callback: Callback, arg?: unknown): TimerHandle {
    if (typeof delayMs !== 'number' || !(delayMs <= MAX_DELAY_MS)) {
      throw invalidTime('delayMs', delayMs);
    }
    return this.insert(this.clock.now() + Math.max(delayMs, 0), callback, arg);
  }

  /**
   * Calls `callback(arg)` once at the absolute time `deadline` on this queue's clock (see
   * {@link TimerQueue.now}); a deadline in the past fires at the next wake. Returns its handle.
   */
  addAt(deadline: number, callback: () => void): TimerHandle;
  addAt<A>(deadline: number, callback: (arg: A) => void, arg: A): TimerHandle;
  addAt(deadline: number, callback: Callback, arg?: unknown): TimerHandle {
    if (typeof deadline !== 'number' || !Number.isFinite(deadline)) {
      throw invalidTime('deadline', deadline);
    }
    return this.insert(deadline, callback, arg);
  }

  /**
   * Cancels a pending timer. Returns false (and does nothing) for a handle that already fired,
   * was cancelled, is 0, or belongs to a slot that has since been reused.
   */
  cancel(handle: TimerHandle): boolean {
    const slot = slotOf(handle);
    if (!(handle > 0) || slot >= this.slotsUsed || this.slotHandle[slot] !== handle) return false;
    this.release(slot);
    return true;
  }

  /** True while the timer is pending (added, not fired, not cancelled). */
  has(handle: TimerHandle): boolean {
    const slot = slotOf(handle);
    return handle > 0 && slot < this.slotsUsed && this.slotHandle[slot] === handle;
  }

  /** Makes a pending timer keep the process alive until it fires or is cancelled. */
  ref(handle: TimerHandle): boolean {
    if (!this.has(handle)) return false;
    const slot = slotOf(handle);
    if (this.slotReferenced[slot] === 0) {
      this.slotReferenced[slot] = 1;
      if (this.referencedCount++ === 0) this.alarm.ref();
    }
    return true;
  }

  /** Undoes {@link TimerQueue.ref}: the timer no longer keeps the process alive. */
  unref(handle: TimerHandle): boolean {
    if (!this.has(handle)) return false;
    const slot = slotOf(handle);
    if (this.slotReferenced[slot] === 1) this.unreference(slot);
    return true;
  }

  /** The earliest pending deadline, or `Infinity` when no timer is pending. */
  nextDeadline(): number {
    this.dropDeadTop();
    return this.heapSize > 0 ? (this.heapDeadline[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** Cancels every pending timer and disarms the Node timer. */
  clear(): void {
    for (let slot = 0; slot < this.slotsUsed; slot++) {
      if ((this.slotHandle[slot] as number) > 0) this.release(slot);
    }
    this.heapSize = 0;
    this.alarm.clear();
    this.armedAt = Number.POSITIVE_INFINITY;
  }

  private insert(deadline: number, callback: Callback, arg: unknown): TimerHandle {
    if (typeof callback !== 'function') {
      throw new PollerError('invalid-argument', 'a timer callback must be a function');
    }
    const slot = this.freeCount > 0 ? (this.freeSlots[--this.freeCount] as number) : this.newSlot();
    // A retired slot holds its last handle negated; a fresh one holds 0 (generation 0).
    const generation = Math.floor(-(this.slotHandle[slot] as number) * INVERSE_SLOT_SPACE) + 1;
    const handle = (generation > MAX_GENERATION ? 1 : generation) * SLOT_SPACE + slot;
    this.slotHandle[slot] = handle;
    this.callbacks[slot] = callback;
    this.args[slot] = arg;
    this.live++;

    if (this.heapSize === this.heapDeadline.length) this.makeHeapRoom();
    this.siftUp(this.heapSize++, deadline, this.nextSequence++, handle);
    if (deadline < this.armedAt) {
      this.armedAt = deadline;
      this.alarm.set(deadline);
    }
    return handle;
  }

  private newSlot(): number {
    if (this.slotsUsed === this.slotHandle.length) this.growSlots();
    return this.slotsUsed++;
  }

  private release(slot: number): void {
    this.slotHandle[slot] = -(this.slotHandle[slot] as number);
    this.callbacks[slot] = undefined;
    this.args[slot] = undefined;
    if (this.slotReferenced[slot] === 1) this.unreference(slot);
    this.freeSlots[this.freeCount++] = slot;
    this.live--;
  }

  private unreference(slot: number): void {
    this.slotReferenced[slot] = 0;
    if (--this.referencedCount === 0) this.alarm.unref();
  }

  private fire(): void {
    if (this.firing) return;
    this.firing = true;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    // Timers added by callbacks wait for the next wake, so a callback that re-adds a zero-delay
    // timer cannot starve the event loop.
    const sequenceLimit = this.nextSequence;
    let failed = false;
    let failure: unknown;
    try {
      while (this.heapSize > 0) {
        const handle = this.heapHandle[0] as number;
        const slot = slotOf(handle);
        if (this.slotHandle[slot] !== handle) {
          this.popTop();
          continue;
        }
        if ((this.heapDeadline[0] as number) > now) break;
        if ((this.heapSequence[0] as number) >= sequenceLimit) break;
        this.popTop();
        const callback = this.callbacks[slot] as Callback;
        const arg = this.args[slot];
        this.release(slot);
        try {
          callback(arg);
        } catch (error) {
          if (!failed) {
            failed = true;
            failure = error;
          } else {
            queueMicrotask(() => {
              throw error;
            });
          }
        }
      }
    } finally {
      this.firing = false;
      this.rearm();
    }
    if (failed) throw failure;
  }

  private rearm(): void {
    this.dropDeadTop();
    if (this.heapSize === 0) return;
    const earliest = this.heapDeadline[0] as number;
    if (earliest < this.armedAt) {
      this.armedAt = earliest;
      this.alarm.set(earliest);
    }
  }

  private dropDeadTop(): void {
    while (this.heapSize > 0) {
      const handle = this.heapHandle[0] as number;
      if (this.slotHandle[slotOf(handle)] === handle) return;
      this.popTop();
    }
  }

  private popTop(): void {
    const last = --this.heapSize;
    if (last > 0) {
      this.siftDown(
        0,
        this.heapDeadline[last] as number,
        this.heapSequence[last] as number,
        this.heapHandle[last] as number,
      );
    }
  }

  private siftUp(position: number, deadline: number, sequence: number, handle: number): void {
    const deadlines = this.heapDeadline;
    const sequences = this.heapSequence;
    const handles = this.heapHandle;
    let index = position;
    while (index > 0) {
      const parent = (index - 1) >> 2;
      const parentDeadline = deadlines[parent] as number;
      if (
        parentDeadline < deadline ||
        (parentDeadline === deadline && (sequences[parent] as number) < sequence)
      ) {
        break;
      }
      deadlines[index] = parentDeadline;
      sequences[index] = sequences[parent] as number;
      handles[index] = handles[parent] as number;
      index = parent;
    }
    deadlines[index] = deadline;
    sequences[index] = sequence;
    handles[index] = handle;
  }

  private siftDown(position: number, deadline: number, sequence: number, handle: number): void {
    const deadlines = this.heapDeadline;
    const sequences = this.heapSequence;
    const handles = this.heapHandle;
    const size = this.heapSize;
    let index = position;
    for (;;) {
      const first = index * 4 + 1;
      if (first >= size) break;
      let best = first;
      let bestDeadline = deadlines[first] as number;
      let bestSequence = sequences[first] as number;
      const end = Math.min(first + 4, size);
      for (let child = first + 1; child < end; child++) {
        const childDeadline = deadlines[child] as number;
        if (
          childDeadline < bestDeadline ||
          (childDeadline === bestDeadline && (sequences[child] as number) < bestSequence)
        ) {
          best = child;
          bestDeadline = childDeadline;
          bestSequence = sequences[child] as number;
        }
      }
      if (bestDeadline > deadline || (bestDeadline === deadline && bestSequence > sequence)) break;
      deadlines[index] = bestDeadline;
      sequences[index] = bestSequence;
      handles[index] = handles[best] as number;
      index = best;
    }
    deadlines[index] = deadline;
    sequences[index] = sequence;
    handles[index] = handle;
  }

  // The heap is full: rebuild without the dead entries when at least half are dead, else grow.
  private makeHeapRoom(): void {
    const size = this.heapSize;
    if (size - this.live >= size >> 1) {
      this.compact();
      if (this.heapSize < this.heapDeadline.length) return;
    }
    const capacity = this.heapDeadline.length * 2;
    this.heapDeadline = grown(this.heapDeadline, capacity);
    this.heapSequence = grown(this.heapSequence, capacity);
    this.heapHandle = grown(this.heapHandle, capacity);
  }

  private compact(): void {
    const deadlines = this.heapDeadline;
    const sequences = this.heapSequence;
    const handles = this.heapHandle;
    let kept = 0;
    for (let index = 0; index < this.heapSize; index++) {
      const handle = handles[index] as number;
      if (this.slotHandle[slotOf(handle)] !== handle) continue;
      deadlines[kept] = deadlines[index] as number;
      sequences[kept] = sequences[index] as number;
      handles[kept] = handle;
      kept++;
    }
    this.heapSize = kept;
    for (let index = (kept - 2) >> 2; index >= 0; index--) {
      this.siftDown(
        index,
        deadlines[index] as number,
        sequences[index] as number,
        handles[index] as number,
      );
    }
  }

  private growSlots(): void {
    const capacity = this.slotHandle.length * 2;
    if (capacity > SLOT_SPACE) {
      throw new PollerError('invalid-argument', `a TimerQueue holds at most ${SLOT_SPACE} timers`);
    }
    this.slotHandle = grown(this.slotHandle, capacity);
    const referenced = new Uint8Array(capacity);
    referenced.set(this.slotReferenced);
    this.slotReferenced = referenced;
    const free = new Int32Array(capacity);
    free.set(this.freeSlots);
    this.freeSlots = free;
    for (let slot = this.callbacks.length; slot < capacity; slot++) {
      this.callbacks.push(undefined);
      this.args.push(undefined);
    }
  }
}

function slotOf(handle: number): number {
  // Exact for integers below 2^53; anything else yields a slot whose stored handle differs.
  return handle - Math.floor(handle * INVERSE_SLOT_SPACE) * SLOT_SPACE;
}

function grown(array: Float64Array, capacity: number): Float64Array {
  const bigger = new Float64Array(capacity);
  bigger.set(array);
  return bigger;
}

function invalidTime(name: string, value: unknown): PollerError {
  return new PollerError(
    'invalid-argument',
    `${name} must be a finite number of milliseconds, got ${String(value)}`,
  );
}
