import { DEFAULT_WINDOW, type Operation, ReceiveWindow, RpcError, Status } from '@yrpc/protocol';
import { awaited } from '../call/awaited.js';
import type { Metadata } from '../call/call-context.js';
import {
  compressPayload,
  inflateFailure,
  inflatePayload,
} from '../compression/payload-compression.js';
import { type InboxOwner, MessageInbox } from '../flow/message-inbox.js';
import { encodeShared, heldCopy, releaseHeld } from '../flow/message-writer.js';
import { StreamCredit } from '../flow/stream-credit.js';
import type { MethodDefinition } from '../service/method-definition.js';
import { ClientCall, type SettleTarget } from './client-call.js';

/** What a streaming call needs of the session that carries it. */
export interface StreamCarrier {
  /**
   * Sends one request message (STREAM_DATA) whose stream credit was taken; `payload` may be a
   * shared view. Calls `written` once it left (at once or after connection credit); returns
   * whether it left at once.
   */
  sendData(
    call: ClientStreamCall,
    payload: Uint8Array,
    written: () => void,
    compressed?: boolean,
  ): boolean;
  /** Whether the server accepts compressed messages (it announced gzip). */
  peerAcceptsCompressed(): boolean;
  /** Sends the half-close (STREAM_END) of the call's requests. */
  sendEnd(call: ClientStreamCall): void;
  /** Gives connection credit back for a consumed response message. */
  release(retained: number): void;
  /** Gives stream credit back to the server (WINDOW_UPDATE on the call). */
  sendWindow(call: ClientStreamCall, increment: number): void;
  /** The caller gave the call up (left a `for await`, cancelled): CANCEL, and the call fails. */
  cancel(call: ClientCall, error: Error): void;
}

/** The largest payload of a frame the client accepts by default (16 MiB frames). */
const MAX_PAYLOAD = 16 * 1024 * 1024 - 16;

/**
 * The client's state for one streaming call: the response messages as they arrive (within the
 * stream window the client granted) and the request messages going out within the server's
 * stream credit. Settled like any call (its promise, callback or coroutine target) when the
 * response stream ends or fails.
 */
export class ClientStreamCall extends ClientCall implements InboxOwner {
  /** The response messages (response streams) or the one response (client streaming). */
  readonly inbox: MessageInbox<unknown>;
  /** The response headers, once the server sent them. */
  headers: Metadata | undefined = undefined;
  /** The trailers, once the call ended. */
  trailers: Metadata | undefined = undefined;
  /** Who carries the call once it is sent; `undefined` while it waits for a connection. */
  carrier: StreamCarrier | undefined = undefined;
  /** Called with each event of the call, for event-style callers. */
  onHeaders: ((headers: Metadata) => void) | undefined = undefined;
  /** Credit on the server's stream window; waiters wake once the call was sent. */
  readonly #credit = new StreamCredit(DEFAULT_WINDOW, false);
  readonly #receiveWindow: ReceiveWindow;
  /** Messages whose credit is taken and that are not yet handed to the carrier. */
  #reserved = 0;
  #requestsEnded = false;
  #failure: Error | undefined;
  #opened: (() => void)[] | undefined = [];

  /**
   * A streaming call of `method`; the client grants `streamWindow` for its responses; `target`
   * is told when the call ends (with the response, for client streaming).
   */
  constructor(method: MethodDefinition, streamWindow: number, target: SettleTarget) {
    super(method, target);
    this.#receiveWindow = new ReceiveWindow(streamWindow, MAX_PAYLOAD);
    this.inbox = new MessageInbox(
      (bytes) => {
        try {
          return method.responseType.decode(bytes);
        } catch (error) {
          throw new RpcError(
            Status.INTERNAL,
            `${method.path}: a response does not decode as its response message: ${(error as Error).message}`,
            { cause: error },
          );
        }
      },
      this,
      (bytes) => {
        try {
          // The client announced gzip in the handshake it sent before any request.
          return inflatePayload(bytes, true, MAX_PAYLOAD);
        } catch (error) {
          const failure = inflateFailure(`${method.path}: a response message`, error);
          // The server is still sending: it is told to stop (CANCEL), the call fails.
          this.giveUp(failure);
          throw failure;
        }
      },
    );
  }

  /**
   * Ends the call: a failure reaches the inbox and every sender waiting for credit. With
   * `afterReceived` (the server's own error, which follows the messages it sent), the responses
   * that arrived before it are still delivered, then the failure.
   */
  override settle(error: Error | undefined, response?: unknown, afterReceived = false): void {
    if (this.settled) return;
    if (error !== undefined) this.#fail(error, afterReceived);
    else this.inbox.end();
    this.outcome = error ?? { response };
    super.settle(error, response);
    this.info?.endWith(error);
    const waiters = this.#outcomeWaiters;
    this.#outcomeWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /** How the call ended: its error, or its one response (client streaming); unset while on. */
  outcome: Error | { readonly response: unknown } | undefined = undefined;
  #outcomeWaiters: (() => void)[] = [];

  /** Calls `waiter` once the call has ended (at once if it has). */
  whenSettled(waiter: () => void): void {
    if (this.settled) waiter();
    else this.#outcomeWaiters.push(waiter);
  }

  // ── responses ───────────────────────────────────────────────────────────

  /** A response message arrived; `compressed`: it is gzip, inflated when taken. */
  received(payload: Uint8Array, retained: number, compressed = false): void {
    this.#receiveWindow.receive(payload.length);
    this.inbox.push(payload, retained, compressed);
  }

  /** Part of InboxOwner: credit of a consumed response goes back to the server. */
  consumed(bytes: number, retained: number): void {
    const carrier = this.carrier;
    if (carrier === undefined) return;
    carrier.release(retained);
    if (this.settled) return;
    const increment = this.#receiveWindow.release(bytes);
    if (increment > 0) carrier.sendWindow(this, increment);
  }

  /** Part of InboxOwner: the caller left its `for await` early: the call is cancelled. */
  abandoned(): void {
    if (this.settled) return;
    this.giveUp(
      new RpcError(Status.CANCELLED, `${this.method.path}: cancelled, the caller stopped reading`),
    );
  }

  /** Cancels the call (on the server too) with `error`. */
  giveUp(error: Error): void {
    if (this.settled) return;
    if (this.owner !== undefined) this.owner.cancel(this, error);
    else this.settle(error);
  }

  // ── requests ────────────────────────────────────────────────────────────

  /** The server announced its stream window (handshake): it adds to the credit. */
  adoptWindow(window: number): void {
    if (window !== DEFAULT_WINDOW) this.#credit.adopt(window);
  }

  /** The call was sent: request messages may go. */
  opened(carrier: StreamCarrier): void {
    this.carrier = carrier;
    this.#credit.open();
    const waiting = this.#opened;
    this.#opened = undefined;
    for (const resume of waiting ?? []) resume();
  }

  /**
   * Sends one request message, once the call is sent and the server's stream credit allows:
   * resolves when it is on its way, so a fast producer waits here.
   */
  sendAsync(message: unknown): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.settled) return Promise.reject(this.#ended());
    if (this.#requestsEnded) {
      return Promise.reject(
        new RpcError(Status.FAILED_PRECONDITION, `${this.method.path}: the requests were ended`),
      );
    }
    let payload: Uint8Array;
    try {
      payload = encodeShared(this.method.requestType, message);
    } catch (error) {
      const failure = new RpcError(
        Status.INVALID_ARGUMENT,
        `${this.method.path}: a request does not encode as its request message: ${(error as Error).message}`,
        { cause: error },
      );
      this.giveUp(failure);
      return Promise.reject(failure);
    }
    let compressed = false;
    if (payload.length >= this.compressFrom && this.carrier?.peerAcceptsCompressed() === true) {
      // Before the credit is taken: credit counts the bytes as they travel.
      const gzipped = compressPayload(payload);
      if (gzipped !== undefined) {
        payload = gzipped;
        compressed = true;
      }
    }
    const length = payload.length;
    if (this.#credit.tryTake(length)) return this.#write(payload, compressed);
    // The shared view would not survive the wait. Once written, the session copied the bytes
    // (into its output, or into its queue): the held copy is free again.
    const kept = heldCopy(payload);
    this.#reserved++;
    return this.#credit.take(length).then(
      () => {
        this.#reserved--;
        try {
          return this.#write(kept, compressed);
        } finally {
          releaseHeld(kept);
        }
      },
      (error: unknown) => {
        this.#reserved--;
        releaseHeld(kept);
        throw error;
      },
    );
  }

  /** {@link sendAsync} as a coroutine operation. */
  send(message: unknown): Operation<void> {
    return awaited(() => this.sendAsync(message));
  }

  /** Ends the request messages (half-close), after the ones already sent. */
  endRequests(): void {
    if (this.#requestsEnded || this.settled) return;
    this.#requestsEnded = true;
    const send = (): void => {
      // Sent after every message that waits: each waits for the one before it.
      if (this.#reserved > 0 || this.#pendingWrites > 0) {
        this.#afterWrites = send;
        return;
      }
      if (!this.settled) this.carrier?.sendEnd(this);
    };
    if (this.carrier === undefined) this.#opened?.push(send);
    else send();
  }

  /** The server gave stream credit back. */
  grant(increment: number): void {
    this.#credit.grant(increment);
  }

  #pendingWrites = 0;
  #afterWrites: (() => void) | undefined;

  #write(payload: Uint8Array, compressed: boolean): Promise<void> {
    if (this.settled) return Promise.reject(this.#failure ?? this.#ended());
    const carrier = this.carrier as StreamCarrier;
    this.#pendingWrites++;
    let written = false;
    let wake: (() => void) | undefined;
    const done = (): void => {
      written = true;
      this.#pendingWrites--;
      wake?.();
      if (this.#pendingWrites === 0 && this.#reserved === 0) {
        const after = this.#afterWrites;
        this.#afterWrites = undefined;
        after?.();
      }
    };
    carrier.sendData(this, payload, done, compressed);
    if (written) return Promise.resolve();
    return new Promise<void>((resolve) => {
      wake = resolve;
    });
  }

  #ended(): RpcError {
    return new RpcError(Status.CANCELLED, `${this.method.path}: the call has ended`);
  }

  #fail(error: Error, afterReceived = false): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    if (afterReceived) this.inbox.failAfterQueued(error);
    else this.inbox.fail(error);
    this.#credit.fail(error);
  }
}
