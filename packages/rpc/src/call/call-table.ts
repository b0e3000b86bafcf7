/** The read side of a {@link CallTable}: what code that only looks calls up may use. */
export interface ReadonlyCallTable<T> {
  readonly size: number;
  get(id: number): T | undefined;
  has(id: number): boolean;
  /** The calls in the table, in no particular order, as a new array. */
  values(): T[];
}

const MIN_CAPACITY = 16;
// Fibonacci hashing: consecutive ids (how ids are handed out) land far apart.
const GOLDEN = 0x9e3779b1;

/**
 * The calls of one connection in flight, by request id (1..2^32-1): an open-addressing hash
 * table with linear probing and backward-shift deletion, whose slot is cleared the moment a call
 * leaves it. Used instead of a `Map` on the per-call path because of what the garbage collector
 * did with the `Map`: in the 16 B echo at 64 calls in flight, in about half the runs every call's
 * objects survived young collections and were promoted to the old generation (V8's
 * `--trace-gc-nvp` showed 1.9 MB promoted per scavenge, 7 ms scavenges, a full collection every
 * 300 ms); with this table nothing was. The committed quick runs of apps/bench measured the
 * client's CPU per call at 3.0 µs before and 1.5 µs after. At most half full; it grows and
 * shrinks by halves.
 */
export class CallTable<T> implements ReadonlyCallTable<T> {
  #ids = new Uint32Array(MIN_CAPACITY);
  #calls: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
  #mask = MIN_CAPACITY - 1;
  #shift = 32 - Math.log2(MIN_CAPACITY);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(id: number): T | undefined {
    const ids = this.#ids;
    const mask = this.#mask;
    for (let slot = this.#home(id); ; slot = (slot + 1) & mask) {
      const at = ids[slot] as number;
      if (at === id) return this.#calls[slot];
      if (at === 0) return undefined;
    }
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Puts `call` under `id` (1..2^32-1), replacing the call there. */
  set(id: number, call: T): this {
    const ids = this.#ids;
    const mask = this.#mask;
    for (let slot = this.#home(id); ; slot = (slot + 1) & mask) {
      const at = ids[slot] as number;
      if (at === id) {
        this.#calls[slot] = call;
        return this;
      }
      if (at === 0) {
        ids[slot] = id;
        this.#calls[slot] = call;
        this.#size++;
        if (this.#size * 2 > ids.length) this.#resize(ids.length * 2);
        return this;
      }
    }
  }

  /** Removes the call under `id`; false if there was none. */
  delete(id: number): boolean {
    const ids = this.#ids;
    const calls = this.#calls;
    const mask = this.#mask;
    let slot = this.#home(id);
    for (;;) {
      const at = ids[slot] as number;
      if (at === id) break;
      if (at === 0) return false;
      slot = (slot + 1) & mask;
    }
    // Backward shift: move later entries of the probe run into the hole, so that lookups never
    // need tombstones and stop at the first empty slot.
    let hole = slot;
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const moving = ids[next] as number;
      if (moving === 0) break;
      const home = this.#home(moving);
      // The entry may fill the hole unless its home lies cyclically in (hole, next].
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      ids[hole] = moving;
      calls[hole] = calls[next];
      hole = next;
    }
    ids[hole] = 0;
    calls[hole] = undefined;
    this.#size--;
    if (ids.length > MIN_CAPACITY && this.#size * 8 < ids.length) this.#resize(ids.length / 2);
    return true;
  }

  values(): T[] {
    const out: T[] = [];
    const ids = this.#ids;
    for (let slot = 0; slot < ids.length; slot++) {
      if (ids[slot] !== 0) out.push(this.#calls[slot] as T);
    }
    return out;
  }

  clear(): void {
    this.#ids = new Uint32Array(MIN_CAPACITY);
    this.#calls = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
    this.#mask = MIN_CAPACITY - 1;
    this.#shift = 32 - Math.log2(MIN_CAPACITY);
    this.#size = 0;
  }

  #home(id: number): number {
    return Math.imul(id, GOLDEN) >>> this.#shift;
  }

  #resize(capacity: number): void {
    const oldIds = this.#ids;
    const oldCalls = this.#calls;
    this.#ids = new Uint32Array(capacity);
    this.#calls = new Array<T | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
    this.#shift = 32 - Math.log2(capacity);
    const ids = this.#ids;
    const mask = this.#mask;
    for (let i = 0; i < oldIds.length; i++) {
      const id = oldIds[i] as number;
      if (id === 0) continue;
      let slot = this.#home(id);
      while (ids[slot] !== 0) slot = (slot + 1) & mask;
      ids[slot] = id;
      this.#calls[slot] = oldCalls[i];
    }
  }
}
