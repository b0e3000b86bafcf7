import { connect, type Socket } from 'node:net';
import { BenchError } from '../../bench-error.js';
import type { EchoClientFactory, EchoConnection, EchoReplyCallback } from '../echo-target.js';
import { RawFrameReader } from './frame-reader.js';
import { appendRawFrame, RAW_MAX_PAYLOAD } from './raw-frame.js';
import { WriteBatch } from './write-batch.js';

/**
 * One raw client connection. Requests issued in one tick are coalesced into one socket write:
 * requests issued while a data event is being handled leave when it ends, others on next tick.
 * Replies are matched to callers by request id.
 */
class RawEchoConnection implements EchoConnection {
  readonly #socket: Socket;
  readonly #batch = new WriteBatch();
  readonly #pending = new Map<number, EchoReplyCallback>();
  readonly #reader: RawFrameReader;
  #nextRequestId = 0;
  #handlingData = false;
  #flushScheduled = false;
  #closedError: Error | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    this.#reader = new RawFrameReader(RAW_MAX_PAYLOAD, (bytes, start, end, requestId) => {
      const onReply = this.#pending.get(requestId);
      if (onReply === undefined) {
        throw new BenchError('UNEXPECTED_REPLY', `reply for unknown request id ${requestId}`);
      }
      this.#pending.delete(requestId);
      onReply(undefined, bytes.subarray(start, end));
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.#fail(error));
    socket.on('close', () =>
      this.#fail(new BenchError('CONNECTION_CLOSED', 'raw echo connection closed')),
    );
  }

  call(payload: Uint8Array, onReply: EchoReplyCallback): void {
    const closedError = this.#closedError;
    if (closedError !== undefined) {
      queueMicrotask(() => onReply(closedError, undefined));
      return;
    }
    const requestId = this.#nextRequestId;
    this.#nextRequestId = (requestId + 1) >>> 0;
    this.#pending.set(requestId, onReply);
    appendRawFrame(this.#batch, requestId, payload, 0, payload.length);
    if (!this.#handlingData && !this.#flushScheduled) {
      this.#flushScheduled = true;
      process.nextTick(this.#flushOnTick);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.destroyed) {
        resolve();
        return;
      }
      this.#socket.once('close', () => resolve());
      this.#socket.end();
    });
  }

  #onData(chunk: Buffer): void {
    this.#handlingData = true;
    try {
      this.#reader.push(chunk);
    } catch (error) {
      this.#socket.destroy(error instanceof Error ? error : undefined);
      return;
    } finally {
      this.#handlingData = false;
    }
    this.#flush();
  }

  readonly #flushOnTick = (): void => {
    this.#flushScheduled = false;
    this.#flush();
  };

  #flush(): void {
    if (this.#batch.length > 0 && this.#closedError === undefined) {
      this.#batch.flush(this.#socket);
    }
  }

  #fail(error: Error): void {
    if (this.#closedError !== undefined) return;
    this.#closedError = error;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const onReply of pending) onReply(error, undefined);
  }
}

/** Opens one raw framed echo connection (TCP, Nagle off). */
export const connectEchoClient: EchoClientFactory = async ({ host, port }) => {
  const socket = connect({ host, port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return new RawEchoConnection(socket);
};
