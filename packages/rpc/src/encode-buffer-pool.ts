/** Arrays are allocated in whole MiB, so that one serves the next message of a similar size. */
const ROUNDING = 1024 * 1024;

/**
 * Arrays that large messages are encoded into, lent to the encoder and given back once the
 * socket has written the message, so that the next large message is encoded into memory already
 * touched. A fresh array costs a page fault per 4 KiB page on its first write (about 20 ms for
 * 15 MiB on a virtual machine, more than copying the message), and the garbage collector counts
 * it as external memory, which brings on full collections.
 *
 * Bounded: at most `maxFree` arrays and `maxFreeBytes` bytes wait here; an array given back past
 * that, or one that waited longer than `idleMs` when the pool is next used, is dropped for the
 * garbage collector. An array lent and never given back (its message dropped, or copied instead
 * of written) is simply collected.
 */
export class EncodeBufferPool {
  readonly #free: { array: Buffer; since: number }[] = [];
  #freeBytes = 0;
  readonly #lent = new WeakSet<ArrayBufferLike>();
  readonly #maxFree: number;
  readonly #maxFreeBytes: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(maxFree: number, maxFreeBytes: number, idleMs: number, now: () => number) {
    this.#maxFree = maxFree;
    this.#maxFreeBytes = maxFreeBytes;
    this.#idleMs = idleMs;
    this.#now = now;
  }

  /** Bytes in the arrays waiting to be lent. */
  get freeBytes(): number {
    return this.#freeBytes;
  }

  /**
   * An array of at least `size` bytes: the smallest free one that is no more than twice `size`
   * (a much larger one would stay pinned by a small message), or a new one.
   */
  take(size: number): Buffer {
    this.#dropIdle();
    const free = this.#free;
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const length = (free[i] as { array: Buffer }).array.length;
      if (length >= size && length <= 2 * size) {
        if (best < 0 || length < (free[best] as { array: Buffer }).array.length) best = i;
      }
    }
    let array: Buffer;
    if (best >= 0) {
      array = (free[best] as { array: Buffer }).array;
      free.splice(best, 1);
      this.#freeBytes -= array.length;
    } else {
      array = Buffer.allocUnsafeSlow(Math.ceil(size / ROUNDING) * ROUNDING);
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
    const array = Buffer.from(buffer, 0, buffer.byteLength);
    if (this.#free.length >= this.#maxFree || this.#freeBytes + array.length > this.#maxFreeBytes) {
      return;
    }
    this.#free.push({ array, since: this.#now() });
    this.#freeBytes += array.length;
  }

  #dropIdle(): void {
    const free = this.#free;
    if (free.length === 0) return;
    const oldest = this.#now() - this.#idleMs;
    for (let i = free.length - 1; i >= 0; i--) {
      const entry = free[i] as { array: Buffer; since: number };
      if (entry.since < oldest) {
        free.splice(i, 1);
        this.#freeBytes -= entry.array.length;
      }
    }
  }
}
