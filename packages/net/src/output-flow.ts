import { Socket } from 'node:net';
import type { ByteBuffer } from './byte-buffer.js';
import type { ConnectionCore } from './connection-core.js';
import type { FlushTiming, ResolvedConnectionOptions } from './connection-options.js';
import type { MutableConnectionStats } from './connection-stats.js';
import type { Transport } from './transport.js';
import { noop, removeItem, type Waiter } from './waiter.js';

/**
 * The way of a {@link Connection}'s output to its socket. Writes made in one tick wait in the
 * output buffer (and owned chunks beside it) until one flush sends them in one socket write: at
 * the end of the data event being handled, or from a microtask or an immediate. The socket gets
 * the bytes the output buffer hands off, so nothing is copied on the way out. A socket write
 * that returns false leaves the output congested until 'drain'; writers parked in
 * {@link Connection.whenDrained} wait for the backlog to drop to `outputLowWaterMark`. One per
 * connection, made with it: the flush tasks are made once here, never per write.
 */
export class OutputFlow {
  /** True after a socket write returned false, until the socket's 'drain'. */
  congested = false;
  /** True while the readable handler runs: its writes leave in the flush that ends the event. */
  inDataEvent = false;
  /** Bytes in the owned chunks waiting to be sent. */
  chunkBytes = 0;
  /** Called when pending output drops to the low-water mark after being over the high one. */
  drainHandler: (() => void) | undefined;
  // Bytes handed over by writeOwned, in order with the output buffer's bytes between them.
  private chunks: Uint8Array[] = [];
  // For each chunk, what to call once the kernel has its bytes (or undefined).
  private chunkWritten: ((() => void) | undefined)[] = [];
  private microtaskFlushScheduled = false;
  private immediateFlushScheduled = false;
  private drainWaiters: Waiter<void>[] = [];
  // A plain TCP socket: once a write completed synchronously (nothing queued in the socket),
  // the kernel has the bytes and the output buffer's array may be written over again.
  private readonly reclaimOutput: boolean;
  // The output buffer's bytes handed to the socket last, until the socket wrote everything.
  private lastHandedOff: Uint8Array | undefined;
  private readonly connection: ConnectionCore;
  private readonly socket: Transport;
  private readonly output: ByteBuffer;
  private readonly options: ResolvedConnectionOptions;
  private readonly counters: MutableConnectionStats;

  constructor(
    connection: ConnectionCore,
    socket: Transport,
    options: ResolvedConnectionOptions,
    counters: MutableConnectionStats,
  ) {
    this.connection = connection;
    this.socket = socket;
    this.output = connection.output;
    this.options = options;
    this.counters = counters;
    this.reclaimOutput =
      socket instanceof Socket && (socket as { encrypted?: boolean }).encrypted !== true;
  }

  /** Bytes waiting to be sent: in the output buffer, in owned chunks and in the socket's queue. */
  get pendingBytes(): number {
    return this.output.readableBytes + this.chunkBytes + this.socket.writableLength;
  }

  /** True while something waits for a flush: bytes in the output buffer or owned chunks. */
  get hasOutput(): boolean {
    return this.output.readableBytes > 0 || this.chunks.length > 0;
  }

  /**
   * Queues `bytes` to be sent as they are, after what the output buffer holds so far;
   * `onWritten` is called once the socket wrote them (not when the connection fails first), and
   * only on a plain TCP socket: other transports may keep the bytes after the write completes
   * (an in-memory pair hands them to its peer as they are), so their arrays are never reused.
   */
  addOwned(bytes: Uint8Array, onWritten: (() => void) | undefined): void {
    if (!this.reclaimOutput) onWritten = undefined;
    if (this.output.readableBytes > 0) {
      const buffered = this.output.handOff();
      this.chunks.push(buffered);
      this.chunkWritten.push(undefined);
      this.chunkBytes += buffered.length;
    }
    this.chunks.push(bytes);
    this.chunkWritten.push(onWritten);
    this.chunkBytes += bytes.length;
  }

  /**
   * A microtask flush also sends what waits for an immediate one (which then finds nothing);
   * an immediate flush already scheduled does not keep a microtask one from being scheduled.
   */
  schedule(flush: FlushTiming): void {
    if (this.inDataEvent) return;
    if (flush === 'microtask') {
      if (this.microtaskFlushScheduled) return;
      this.microtaskFlushScheduled = true;
      queueMicrotask(this.microtaskFlushTask);
    } else {
      if (this.immediateFlushScheduled || this.microtaskFlushScheduled) return;
      this.immediateFlushScheduled = true;
      setImmediate(this.immediateFlushTask);
    }
  }

  /**
   * Writes what waits to the socket: the output buffer's bytes in one write, or, with owned
   * chunks, all of them in one corked (vectored) write. Returns whether the socket takes more
   * (false: congested until 'drain'); wakes drain waiters when the backlog is gone.
   */
  send(): boolean {
    const counters = this.counters;
    counters.socketWrites++;
    let flowing: boolean;
    if (this.chunks.length === 0) {
      const bytes = this.output.handOff();
      counters.bytesWritten += bytes.length;
      flowing = this.writeHandedOff(bytes);
    } else {
      const chunks = this.chunks;
      const written = this.chunkWritten;
      if (this.output.readableBytes > 0) {
        const bytes = this.output.handOff();
        chunks.push(bytes);
        written.push(this.trackHandedOff(bytes));
      }
      this.chunks = [];
      this.chunkWritten = [];
      this.chunkBytes = 0;
      const socket = this.socket;
      socket.cork();
      flowing = true;
      for (let i = 0; i < chunks.length; i++) {
        const chunk = chunks[i] as Uint8Array;
        counters.bytesWritten += chunk.length;
        const onWritten = written[i];
        flowing =
          onWritten === undefined
            ? socket.write(chunk)
            : socket.write(chunk, (error) => {
                if (error == null) onWritten();
              });
      }
      socket.uncork();
    }
    // Everything went to the kernel at once (the usual case): the output buffer keeps its array
    // and writes over the bytes just sent, instead of moving on to a fresh array every few
    // flushes (one allocation less per 64 KiB sent, and less work for the garbage collector).
    if (this.reclaimOutput && this.socket.writableLength === 0) this.output.reclaimHandedOff();
    if (!flowing) this.congested = true;
    else if (this.drainWaiters.length > 0) this.wakeDrainersIfBelowLowWater();
    return flowing;
  }

  /**
   * Writes bytes the output buffer handed off. On a plain TCP socket, once the socket has
   * written everything (this write and all before it), the output buffer gets their array back
   * ({@link ByteBuffer.recycleHandedOff}): a write the kernel did not take at once would
   * otherwise leave the buffer to allocate a fresh array, and grow it by copying, every flush.
   */
  private writeHandedOff(bytes: Uint8Array): boolean {
    const onWritten = this.trackHandedOff(bytes);
    return onWritten === undefined ? this.socket.write(bytes) : this.socket.write(bytes, onWritten);
  }

  private trackHandedOff(bytes: Uint8Array): (() => void) | undefined {
    if (!this.reclaimOutput) return undefined;
    this.lastHandedOff = bytes;
    return this.afterHandedOffWritten;
  }

  // Socket writes complete in order: when nothing is left queued, every array the output buffer
  // handed off is free again, the last one included.
  private readonly afterHandedOffWritten = (): void => {
    const last = this.lastHandedOff;
    if (last === undefined || this.socket.writableLength !== 0) return;
    this.lastHandedOff = undefined;
    this.output.recycleHandedOff(last);
  };

  /**
   * {@link Connection.whenDrained} on an open connection: resumes `waiter` at once when pending
   * output is at or under the high-water mark, otherwise parks it; returns a cancel function.
   */
  whenDrained(waiter: Waiter<void>): () => void {
    if (this.pendingBytes <= this.options.outputHighWaterMark) {
      waiter.resume();
      return noop;
    }
    this.drainWaiters.push(waiter);
    return () => removeItem(this.drainWaiters, waiter);
  }

  /** Wakes the drain waiters and calls the drain handler once the backlog is down to the low mark. */
  wakeDrainersIfBelowLowWater(): void {
    if (this.pendingBytes > this.options.outputLowWaterMark) return;
    const waiters = this.drainWaiters;
    if (waiters.length > 0) {
      this.drainWaiters = [];
      for (const waiter of waiters) waiter.resume();
    }
    this.drainHandler?.();
  }

  /** Removes and returns the drain waiters, for the connection to fail as it closes. */
  takeDrainWaiters(): Waiter<void>[] {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    return waiters;
  }

  /** Drops unsent output (the connection closed) and gives back the output buffer's memory. */
  discard(): void {
    this.output.retrieveAll();
    this.output.shrink();
    this.chunks = [];
    this.chunkWritten = [];
    this.chunkBytes = 0;
    this.lastHandedOff = undefined;
  }

  private readonly microtaskFlushTask = (): void => {
    this.microtaskFlushScheduled = false;
    this.connection.flush();
  };

  private readonly immediateFlushTask = (): void => {
    this.immediateFlushScheduled = false;
    this.connection.flush();
  };
}
