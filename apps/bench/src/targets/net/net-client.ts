import { type Connection, connect } from '@yrpc/net';
import { BenchError } from '../../bench-error.js';
import type { EchoClientFactory, EchoConnection, EchoReplyCallback } from '../echo-target.js';
import { RAW_HEADER_SIZE } from '../raw/raw-frame.js';
import { NET_CONNECTION_OPTIONS, readNetFrames, writeNetFrame } from './net-frame.js';

/**
 * One client connection on @yrpc/net. Requests are written straight into the connection's
 * output buffer; the Connection coalesces all of a tick's requests into one socket write.
 * Replies are parsed in place and matched to callers by request id.
 */
class NetEchoConnection implements EchoConnection {
  readonly #connection: Connection;
  readonly #pending = new Map<number, EchoReplyCallback>();
  #nextRequestId = 0;
  #closedError: Error | undefined;

  constructor(connection: Connection) {
    this.#connection = connection;
    connection.onReadable((c) => {
      try {
        readNetFrames(c.input, this.#onReply);
      } catch (error) {
        c.abort();
        this.#fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    connection.onClose((reason) => {
      this.#fail(reason ?? new BenchError('CONNECTION_CLOSED', 'net echo connection closed'));
    });
  }

  readonly #onReply = (
    input: Connection['input'],
    payloadLength: number,
    requestId: number,
  ): number => {
    const onReply = this.#pending.get(requestId);
    if (onReply === undefined) {
      throw new BenchError('UNEXPECTED_REPLY', `reply for unknown request id ${requestId}`);
    }
    this.#pending.delete(requestId);
    onReply(undefined, input.view(payloadLength, RAW_HEADER_SIZE));
    return 0;
  };

  call(payload: Uint8Array, onReply: EchoReplyCallback): void {
    const closedError = this.#closedError;
    if (closedError !== undefined) {
      queueMicrotask(() => onReply(closedError, undefined));
      return;
    }
    const requestId = this.#nextRequestId;
    this.#nextRequestId = (requestId + 1) >>> 0;
    this.#pending.set(requestId, onReply);
    writeNetFrame(this.#connection, requestId, payload);
  }

  async close(): Promise<void> {
    this.#connection.close();
    await this.#connection.closed;
  }

  #fail(error: Error): void {
    if (this.#closedError !== undefined) return;
    this.#closedError = error;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const onReply of pending) onReply(error, undefined);
  }
}

/** Opens one framed echo connection over @yrpc/net (TCP, Nagle off). */
export const connectEchoClient: EchoClientFactory = async ({ host, port }) =>
  new NetEchoConnection(await connect({ host, port, connection: NET_CONNECTION_OPTIONS }));
