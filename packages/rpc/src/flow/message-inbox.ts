import { type Operation, suspend } from '@yrpc/protocol';
import { compressionNotNegotiated } from '../compression/payload-compression.js';

/** Who a {@link MessageInbox} tells about the messages it hands out and about consumers leaving. */
export interface InboxOwner {
  /**
   * A message of `bytes` payload bytes was taken by the application: its credit (`retained`
   * connection bytes, and the call's stream window) may go back to the peer.
   */
  consumed(bytes: number, retained: number): void;
  /** The consumer stopped early (left a `for await`): the call is given up. */
  abandoned(): void;
}

interface Pending {
  readonly bytes: Uint8Array;
  readonly retained: number;
  /** The bytes are compressed (a COMPRESSED frame): inflated when taken. */
  readonly compressed: boolean;
}

/** Inflates a compressed message (bounded; throws an RpcError for one it refuses). */
export type InboxInflate = (bytes: Uint8Array) => Uint8Array;

interface Taker<T> {
  resume(result: IteratorResult<T>): void;
  fail(error: unknown): void;
}

const DONE: IteratorResult<never> = { done: true, value: undefined };

/**
 * The messages of one stream direction as they arrive, until the application takes them: at most
 * what the sender's credit allowed (the stream window), kept as bytes and decoded when taken, so
 * that a message costs its credit back only once it is consumed. Taken three ways: as an
 * AsyncIterable (`for await`), as a coroutine operation (`yield* inbox.receive()`), or pushed to a
 * listener ({@link MessageInbox.flow}) for event-style callers.
 */
export class MessageInbox<T> implements AsyncIterableIterator<T> {
  readonly #decode: (bytes: Uint8Array) => T;
  readonly #owner: InboxOwner;
  readonly #inflate: InboxInflate | undefined;
  #queue: Pending[] = [];
  #head = 0;
  #takers: Taker<T>[] = [];
  #ended = false;
  #failure: unknown;
  #listener: ((message: T) => void) | undefined;
  #closedByConsumer = false;

  /**
   * An inbox decoding messages with `decode` (which throws an RpcError for bad bytes), and
   * compressed ones with `inflate` first (taken one at a time, so that what compressed messages
   * inflate to is held only while each is decoded, not for every message that waits).
   */
  constructor(decode: (bytes: Uint8Array) => T, owner: InboxOwner, inflate?: InboxInflate) {
    this.#decode = decode;
    this.#owner = owner;
    this.#inflate = inflate;
  }

  /** Messages received and not taken yet. */
  get size(): number {
    return this.#queue.length - this.#head;
  }

  /** Whether the sender ended its messages (they may still be waiting to be taken). */
  get ended(): boolean {
    return this.#ended || this.#failure !== undefined;
  }

  /**
   * A message arrived (`retained`: connection credit held for it until it is taken;
   * `compressed`: its bytes are gzip, inflated when it is taken).
   */
  push(bytes: Uint8Array, retained: number, compressed = false): void {
    if (this.ended || this.#closedByConsumer) {
      // Nobody will take it: its credit goes back at once.
      this.#owner.consumed(bytes.length, retained);
      return;
    }
    if (this.#takers.length > 0 || this.#listener !== undefined) {
      this.#deliver({ bytes, retained, compressed });
      return;
    }
    this.#queue.push({ bytes, retained, compressed });
  }

  /** The sender sent its last message. */
  end(): void {
    if (this.ended) return;
    this.#ended = true;
    this.#settleTakers();
  }

  /**
   * The stream failed (a cancel, a deadline, the connection lost): messages not taken are dropped
   * and takers get `error`.
   */
  fail(error: unknown): void {
    if (this.#failure !== undefined) {
      // Failed after its messages (failAfterQueued), then given up: nobody takes the rest.
      if (this.size === 0) return;
    } else {
      this.#failure = error;
    }
    // Messages not taken will never be: their credit goes back.
    for (let i = this.#head; i < this.#queue.length; i++) {
      const pending = this.#queue[i] as Pending;
      this.#owner.consumed(pending.bytes.length, pending.retained);
    }
    this.#queue = [];
    this.#head = 0;
    this.#settleTakers();
  }

  /**
   * The peer ended the stream with an error after the messages it sent: they are still taken, in
   * order, and the takers after the last one get `error`.
   */
  failAfterQueued(error: unknown): void {
    if (this.#failure !== undefined) return;
    if (this.size === 0 || this.#closedByConsumer) {
      this.fail(error);
      return;
    }
    this.#failure = error;
    this.#settleTakers();
  }

  /** The next message, `{ done: true }` after the last one; rejects with the stream's failure. */
  next(): Promise<IteratorResult<T>> {
    return new Promise((resolve, reject) => this.#take({ resume: resolve, fail: reject }));
  }

  /** The next message as a coroutine operation; `undefined` after the last one. */
  receive(): Operation<T | undefined> {
    return suspend<T | undefined>((resumer) => {
      let active = true;
      this.#take({
        resume: (result) => {
          if (active) resumer.resume(result.done === true ? undefined : result.value);
        },
        fail: (error) => {
          if (active) resumer.fail(error);
        },
      });
      return () => {
        active = false;
      };
    });
  }

  /** Leaving a `for await` early: the rest is not wanted, the owner gives the call up. */
  return(): Promise<IteratorResult<T>> {
    this.#abandon();
    return Promise.resolve(DONE);
  }

  /** An exception thrown in a `for await` body: the same as leaving early. */
  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.#abandon();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  /**
   * Hands every message to `listener` as it arrives (and the ones waiting, at once), for
   * event-style callers; `done` is called after the last one, `failed` with the failure.
   */
  flow(listener: (message: T) => void, done: () => void, failed: (error: unknown) => void): void {
    this.#listener = listener;
    this.#takers.push({
      resume: done,
      fail: failed,
    });
    while (this.#head < this.#queue.length && this.#listener !== undefined) {
      const pending = this.#queue[this.#head] as Pending;
      this.#queue[this.#head++] = undefined as unknown as Pending;
      this.#deliver(pending);
    }
    this.#compact();
    this.#settleTakers();
  }

  #abandon(): void {
    if (this.#closedByConsumer) return;
    this.#closedByConsumer = true;
    const ended = this.#ended && this.size === 0;
    this.fail(new AbandonedStream());
    if (!ended) this.#owner.abandoned();
  }

  #take(taker: Taker<T>): void {
    if (this.#head < this.#queue.length) {
      const pending = this.#queue[this.#head] as Pending;
      this.#queue[this.#head++] = undefined as unknown as Pending;
      this.#compact();
      this.#hand(pending, taker);
      return;
    }
    if (this.#failure !== undefined) {
      if (this.#failure instanceof AbandonedStream) taker.resume(DONE);
      else taker.fail(this.#failure);
      return;
    }
    if (this.#ended) {
      taker.resume(DONE);
      return;
    }
    this.#takers.push(taker);
  }

  #deliver(pending: Pending): void {
    const listener = this.#listener;
    if (listener !== undefined) {
      let message: T;
      try {
        message = this.#decoded(pending);
      } catch (error) {
        this.fail(error);
        return;
      }
      listener(message);
      return;
    }
    const taker = this.#takers.shift() as Taker<T>;
    this.#hand(pending, taker);
  }

  #hand(pending: Pending, taker: Taker<T>): void {
    let message: T;
    try {
      message = this.#decoded(pending);
    } catch (error) {
      taker.fail(error);
      this.fail(error);
      return;
    }
    taker.resume({ done: false, value: message });
  }

  #decoded(pending: Pending): T {
    this.#owner.consumed(pending.bytes.length, pending.retained);
    if (!pending.compressed) return this.#decode(pending.bytes);
    const inflate = this.#inflate;
    if (inflate === undefined) throw compressionNotNegotiated();
    return this.#decode(inflate(pending.bytes));
  }

  #settleTakers(): void {
    if (this.#head < this.#queue.length) return;
    if (this.#failure === undefined && !this.#ended) return;
    const takers = this.#takers;
    this.#takers = [];
    this.#listener = undefined;
    for (const taker of takers) {
      if (this.#failure === undefined) taker.resume(DONE);
      else if (!(this.#failure instanceof AbandonedStream)) taker.fail(this.#failure);
      else taker.resume(DONE);
    }
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    }
  }
}

/** The consumer left: nothing more is delivered (an internal marker, never thrown to users). */
class AbandonedStream extends Error {}
