import { Duplex } from 'node:stream';

/**
 * One end of an in-memory byte stream. What one end writes, the other reads; writes are copied,
 * so the writer may reuse its bytes at once. A write waits (its callback is held) while the peer
 * is not reading, so backpressure behaves as it does over a socket.
 */
export class MemoryDuplex extends Duplex {
  private peer: MemoryDuplex | undefined;
  private pendingCallback: ((error?: Error | null) => void) | undefined;
  /** A label standing in for a socket address in messages. */
  readonly remoteAddress: string;

  constructor(label: string) {
    super({ allowHalfOpen: true });
    this.remoteAddress = label;
  }

  /** Connects two ends to each other. */
  static pair(labelA = 'memory-a', labelB = 'memory-b'): [MemoryDuplex, MemoryDuplex] {
    const a = new MemoryDuplex(labelB);
    const b = new MemoryDuplex(labelA);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    const peer = this.peer;
    if (peer === undefined || peer.destroyed) {
      callback(Object.assign(new Error('memory peer is closed'), { code: 'EPIPE' }));
      return;
    }
    if (peer.push(Buffer.from(chunk))) callback();
    else peer.pendingCallback = callback;
  }

  override _read(): void {
    const callback = this.pendingCallback;
    if (callback !== undefined) {
      this.pendingCallback = undefined;
      callback();
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer?.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    this.peer = undefined;
    const pending = this.pendingCallback;
    this.pendingCallback = undefined;
    pending?.(error ?? null);
    // Destroyed before finishing our side: the peer sees a reset, as over TCP.
    if (peer !== undefined && !peer.destroyed && !this.writableFinished) {
      peer.peer = undefined;
      peer.destroy(
        Object.assign(new Error('memory peer reset the connection'), { code: 'ECONNRESET' }),
      );
    }
    callback(error);
  }
}
