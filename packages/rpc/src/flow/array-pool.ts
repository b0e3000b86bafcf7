/** The bounds of an {@link ArrayPool}. */
export interface ArrayPoolBounds {
  /** Arrays kept free at most. */
  readonly maxFree: number;
  /** Bytes kept free at most. */
  readonly maxFreeBytes: number;
  /** Arrays larger than this are not kept once given back. */
  readonly maxArray: number;
  /** A free array unused this long (ms) is dropped when the pool is next used. */
  readonly idleMs: number;
  /** The size to allocate for `size` bytes: rounded up, so that one array serves similar sizes. */
  readonly sizeFor: (size: number) => number;
  /** The clock `idleMs` is measured on. */
  readonly now: () => number;
}

/**
 * Arrays lent out and given back, so that data written again and again (a large message being
 * encoded, a message held for stream credit) goes into memory already touched. A fresh array
 * costs a page fault per 4 KiB page on its first write (about 20 ms for 15 MiB on a virtual
 * machine, more than copying the message), and the garbage collector counts it as external
 * memory, which brings on full collections.
 *
 * Bounded: at most `maxFree` arrays and `maxFreeBytes` bytes wait here; an array given back past
 * that or larger than `maxArray`, or one that waited longer than `idleMs` when the pool is next
 * used, is dropped for the garbage collector. An array lent and never given back (its message
 * dropped, or copied instead of written) is simply collected.
 */
export class ArrayPool {
  readonly #free: { array: Buffer; since: number }[] = [];
  #freeBytes = 0;
  readonly #lent = new WeakSet<ArrayBufferLike>();
  readonly #bounds: ArrayPoolBounds;

  constructor(bounds: ArrayPoolBounds) {
    this.#bounds = bounds;
  }

  /** Bytes in the arrays waiting to be lent. */
  get freeBytes(): number {
    return this.#freeBytes;
  }

  /**
   * An array of at least `size` bytes: the smallest free one that is no more than twice what a
   * new one would be (a much larger one would stay pinned by a small message), or a new one of
   * `sizeFor(size)`.
   */
  take(size: number): Buffer {
    this.#dropIdle();
    const free = this.#free;
    const largest = 2 * this.#bounds.sizeFor(size);
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const length = (free[i] as { array: Buffer }).array.length;
      if (length >= size && length <= largest) {
        if (best < 0 || length < (free[best] as { array: Buffer }).array.length) best = i;
      }
    }
    let array: Buffer;
    if (best >= 0) {
      array = (free[best] as { array: Buffer }).array;
      free.splice(best, 1);
      this.#freeBytes -= array.length;
    } else {
      array = Buffer.allocUnsafeSlow(this.#bounds.sizeFor(size));
    }
    this.#lent.add(array.buffer);
    return array;
  }

  /** Whether `bytes` lie in an array this pool lent and that was not given back yet. */
  isLent(bytes: Uint8Array): boolean {
    return this.#lent.has(bytes.buffer);
  }

  /**
   * Gives back the array `bytes` lie in: nothing reads or writes it any more. Ignored for bytes
   * not lent by this pool, or given back already.
   */
  giveBack(bytes: Uint8Array): void {
    const buffer = bytes.buffer;
    if (!this.#lent.has(buffer)) return;
    this.#lent.delete(buffer);
    this.#dropIdle();
    const bounds = this.#bounds;
    const length = buffer.byteLength;
    if (
      length > bounds.maxArray ||
      this.#free.length >= bounds.maxFree ||
      this.#freeBytes + length > bounds.maxFreeBytes
    ) {
      return;
    }
    this.#free.push({ array: Buffer.from(buffer, 0, length), since: bounds.now() });
    this.#freeBytes += length;
  }

  #dropIdle(): void {
    const free = this.#free;
    if (free.length === 0) return;
    const oldest = this.#bounds.now() - this.#bounds.idleMs;
    for (let i = free.length - 1; i >= 0; i--) {
      const entry = free[i] as { array: Buffer; since: number };
      if (entry.since < oldest) {
        free.splice(i, 1);
        this.#freeBytes -= entry.array.length;
      }
    }
  }
}

/** `size` rounded up to whole MiB: arrays for messages of several MiB. */
export function wholeMiB(size: number): number {
  return Math.ceil(size / (1024 * 1024)) * 1024 * 1024;
}

/** `size` rounded up to a power of two, at least 64 bytes. */
export function powerOfTwo(size: number): number {
  return size <= 64 ? 64 : 2 ** Math.ceil(Math.log2(size));
}
