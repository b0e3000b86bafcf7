import { type RpcError, Status, type StatusCode, toRpcError } from '@yrpc/protocol';

/**
 * How a call ended, told once to the listeners registered with `CallContext.onEnd` (server) or
 * `ClientCallInfo.onEnd` (client interceptors). Sizes are protobuf payload bytes: the encoded
 * messages as they travel in frames, headers and meta blocks left out.
 */
export interface CallEnd {
  /** `Status.OK` (0) for a call answered well, else the status it failed with. */
  readonly status: StatusCode;
  /** The call's failure; `undefined` when `status` is OK. */
  readonly error: RpcError | undefined;
  /** Payload bytes of the request messages (the one request, or every message of a stream). */
  readonly requestBytes: number;
  /** Payload bytes of the response messages. */
  readonly responseBytes: number;
  /** Request messages: 1 for a unary call, as many as the client sent for a request stream. */
  readonly requestMessages: number;
  /** Response messages: 1 for a unary call answered well, as many as were sent for a stream. */
  readonly responseMessages: number;
}

/** Told how a call ended; see {@link CallEnd}. */
export type CallEndListener = (end: CallEnd) => void;

/**
 * A call's sizes and the listeners of its end. The counters are plain integer fields bumped where
 * the messages pass anyway; nothing is allocated until a listener is registered, and the
 * {@link CallEnd} object is built only for listeners.
 */
export class CallEndTracker {
  /** Payload bytes of the request messages so far. */
  requestBytes = 0;
  /** Payload bytes of the response messages so far. */
  responseBytes = 0;
  /** Request messages so far. */
  requestMessages = 0;
  /** Response messages so far. */
  responseMessages = 0;
  /** One listener, several in order, or none. */
  #listeners: CallEndListener | CallEndListener[] | undefined = undefined;
  /** -1 while the call is on, then its status. */
  #status = -1;
  #error: RpcError | undefined = undefined;

  /** Whether the call has ended (its end was told). */
  get ended(): boolean {
    return this.#status !== -1;
  }

  /**
   * Calls `listener` once when the call is over, however it ends; registered after the end, it
   * is called at once. A listener that throws is reported like Node reports a throwing callback
   * (an uncaught exception on a later microtask); the others are still called.
   */
  onEnd(listener: CallEndListener): void {
    if (typeof listener !== 'function') {
      throw new TypeError('onEnd takes a function');
    }
    if (this.#status !== -1) {
      tell(listener, this.#snapshot());
      return;
    }
    const listeners = this.#listeners;
    if (listeners === undefined) this.#listeners = listener;
    else if (typeof listeners === 'function') this.#listeners = [listeners, listener];
    else listeners.push(listener);
  }

  /** The call is over with `status` (and `error` unless OK): tells the listeners, once. */
  end(status: StatusCode, error: RpcError | undefined): void {
    if (this.#status !== -1) return;
    this.#status = status;
    this.#error = error;
    const listeners = this.#listeners;
    if (listeners === undefined) return;
    this.#listeners = undefined;
    const end = this.#snapshot();
    if (typeof listeners === 'function') tell(listeners, end);
    else for (const listener of listeners) tell(listener, end);
  }

  /** The call is over with `failure` (any thrown value; OK when `undefined`). */
  endWith(failure: unknown): void {
    if (this.#status !== -1) return;
    if (failure === undefined) {
      this.end(Status.OK, undefined);
      return;
    }
    const error = toRpcError(failure);
    this.end(error.code, error);
  }

  #snapshot(): CallEnd {
    return {
      status: this.#status as StatusCode,
      error: this.#error,
      requestBytes: this.requestBytes,
      responseBytes: this.responseBytes,
      requestMessages: this.requestMessages,
      responseMessages: this.responseMessages,
    };
  }
}

function tell(listener: CallEndListener, end: CallEnd): void {
  try {
    listener(end);
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}
