import { connect, type Socket } from 'node:net';
import type { FeedClientFactory, FeedConnection, FeedSubscription } from '../feed-target.js';
import { RawFrameReader } from './frame-reader.js';
import { RAW_HEADER_SIZE, RAW_MAX_PAYLOAD, writeRawHeader } from './raw-frame.js';

/**
 * Hands frame lengths to a consumer in order. Frames are parsed in place from each socket chunk;
 * while the consumer holds a message back (it returned a promise), the socket is paused and the
 * rest of the chunk's frames wait here (lengths only), so the kernel's buffers and then TCP hold
 * the server back.
 */
class PacedDelivery {
  readonly #socket: Socket;
  readonly #consume: (length: number) => Promise<void> | undefined;
  readonly #waiting: number[] = [];
  #held = false;

  constructor(socket: Socket, consume: (length: number) => Promise<void> | undefined) {
    this.#socket = socket;
    this.#consume = consume;
  }

  deliver(length: number): void {
    if (this.#held) {
      this.#waiting.push(length);
      return;
    }
    this.#take(length);
  }

  #take(length: number): void {
    const wait = this.#consume(length);
    if (wait === undefined) return;
    this.#held = true;
    this.#socket.pause();
    void wait.then(this.#release);
  }

  readonly #release = (): void => {
    this.#held = false;
    while (this.#waiting.length > 0 && !this.#held) this.#take(this.#waiting.shift() as number);
    if (!this.#held) this.#socket.resume();
  };
}

/**
 * One raw feed connection (TCP, Nagle off): sends the one request frame, then parses the frames
 * the server writes. `cancel` closes the connection, which is how the server learns of it.
 */
export const connectFeedClient: FeedClientFactory = async ({ host, port }) => {
  const socket = connect({ host, port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const connection: FeedConnection = {
    subscribe(payloadSize, consume): FeedSubscription {
      const delivery = new PacedDelivery(socket, consume);
      const reader = new RawFrameReader(RAW_MAX_PAYLOAD, (_bytes, start, end) =>
        delivery.deliver(end - start),
      );
      let cancelled = false;
      const ended = new Promise<Error | undefined>((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          try {
            reader.push(chunk);
          } catch (error) {
            socket.destroy(error instanceof Error ? error : undefined);
          }
        });
        socket.once('error', (error) => resolve(cancelled ? undefined : error));
        socket.once('close', () =>
          resolve(cancelled ? undefined : new Error('the server closed the connection')),
        );
      });
      const request = Buffer.alloc(RAW_HEADER_SIZE + 4);
      writeRawHeader(request, 0, 4, 0);
      request.writeUInt32BE(payloadSize, RAW_HEADER_SIZE);
      socket.write(request);
      return {
        cancel() {
          if (cancelled) return;
          cancelled = true;
          socket.destroy();
        },
        ended,
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) {
          resolve();
          return;
        }
        socket.once('close', () => resolve());
        socket.destroy();
      }),
  };
  return connection;
};
