import type { Socket } from 'node:net';

const DEFAULT_SLAB_SIZE = 64 * 1024;

/**
 * Collects the frames written during one tick so they leave in one socket write. Small frames are
 * written straight into a slab; large payloads are kept by reference. `flush` hands everything to
 * the socket at once (a vectored write when there are references) and the slab moves on past the
 * written span, never reusing bytes a pending write may still hold.
 */
export class WriteBatch {
  readonly #slabSize: number;
  #slab: Uint8Array;
  #start = 0;
  #end = 0;
  /** Slab spans and references queued ahead of the current slab span, in order. */
  readonly #queued: Uint8Array[] = [];
  #queuedBytes = 0;

  constructor(slabSize: number = DEFAULT_SLAB_SIZE) {
    this.#slabSize = slabSize;
    this.#slab = Buffer.allocUnsafeSlow(slabSize);
  }

  /** Bytes appended and not yet flushed. */
  get length(): number {
    return this.#queuedBytes + this.#end - this.#start;
  }

  /** The slab that the offset returned by the last {@link reserve} points into. */
  get bytes(): Uint8Array {
    return this.#slab;
  }

  /** Reserves `size` bytes at the end of the batch; returns their offset in {@link bytes}. */
  reserve(size: number): number {
    if (this.#end + size > this.#slab.length) this.#moveToNewSlab(size);
    const offset = this.#end;
    this.#end += size;
    return offset;
  }

  /** Appends `bytes` without copying them; they must stay unchanged until flushed. */
  appendReference(bytes: Uint8Array): void {
    this.#queueSlabSpan();
    this.#queued.push(bytes);
    this.#queuedBytes += bytes.length;
  }

  /** Everything appended since the last call, in order, as views; empties the batch. */
  takeChunks(): Uint8Array[] {
    this.#queueSlabSpan();
    const chunks = this.#queued.splice(0);
    this.#queuedBytes = 0;
    return chunks;
  }

  /**
   * Writes everything appended to `socket` as one write (corked, so several chunks go out in one
   * vectored write). Returns what `socket.write` returned: false asks the caller to wait for drain.
   */
  flush(socket: Socket): boolean {
    const chunks = this.takeChunks();
    if (chunks.length === 1) return socket.write(chunks[0] as Uint8Array);
    socket.cork();
    let flowing = true;
    for (const chunk of chunks) flowing = socket.write(chunk);
    socket.uncork();
    return flowing;
  }

  #queueSlabSpan(): void {
    if (this.#end === this.#start) return;
    this.#queued.push(this.#slab.subarray(this.#start, this.#end));
    this.#queuedBytes += this.#end - this.#start;
    this.#start = this.#end;
  }

  #moveToNewSlab(size: number): void {
    this.#queueSlabSpan();
    this.#slab = Buffer.allocUnsafeSlow(Math.max(this.#slabSize, size));
    this.#start = 0;
    this.#end = 0;
  }
}
