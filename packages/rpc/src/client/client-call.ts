import type { Resumer } from '@yrpc/protocol';
import type { InterceptedCall } from '../call/interceptor.js';
import type { CallCounters } from '../call/stats.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { ResponseMetadataListener } from './call-options.js';
import type { Callback } from './service-stub.js';

/** Who is told when a call ends: a promise, a callback, or a parked coroutine. */
export type SettleTarget =
  | { readonly kind: 'promise'; resolve(value: unknown): void; reject(error: unknown): void }
  | { readonly kind: 'callback'; readonly callback: Callback<unknown> }
  | { readonly kind: 'coroutine'; readonly resumer: Resumer<unknown> }
  | { readonly kind: 'stream'; end(error: Error | undefined): void };

/** Whoever holds a call and can cancel it or expire it. */
export interface ClientCallOwner {
  cancel(call: ClientCall, error: Error): void;
  expire(call: ClientCall): void;
}

/** The client's state for one call in flight. */
export class ClientCall {
  readonly method: MethodDefinition;
  /** Request id on the connection; 0 until sent. */
  id = 0;
  /** Pending deadline timer, 0 when none. */
  timer = 0;
  /** The call's time budget as the caller gave it, 0 when none (for messages). */
  timeoutMs = 0;
  /** When the call expires, on the TimerQueue's clock; 0 when it has no deadline. */
  deadlineAt = 0;
  settled = false;
  /** True while the call is being started: a callback is then called later, never from inside the call. */
  starting = true;
  /** Who holds the call: the client while it waits for a connection, then the session. */
  owner: ClientCallOwner | undefined = undefined;
  /** The caller's abort signal and the listener registered on it. */
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  /** The idempotency key sent in the request meta, UTF-8; `undefined` when none. */
  idempotencyKey: Uint8Array | undefined = undefined;
  /** Told the response headers and trailers before a successful call settles. */
  onMetadata: ResponseMetadataListener | undefined = undefined;
  /** The request while it waits for the connection to have room; `undefined` once written. */
  waiting: { readonly payload: Uint8Array } | undefined = undefined;
  /** Whether the request is on the wire (the server may be running it). */
  sent = false;
  /** The intercepted call this one is (an attempt of), counting its sizes; none without interceptors. */
  info: InterceptedCall | undefined = undefined;
  /** The client's counters, told when the call settles (set when the client starts it). */
  counters: CallCounters | undefined = undefined;
  /**
   * Request messages of at least this many bytes are sent compressed when the server accepts
   * gzip (the call's or the client's `compression`); `Infinity`: none.
   */
  compressFrom = Number.POSITIVE_INFINITY;
  #settle: SettleTarget;

  constructor(method: MethodDefinition, settle: SettleTarget) {
    this.method = method;
    this.#settle = settle;
  }

  /** Ends the call with `response` or `error`; later calls are ignored. */
  settle(error: Error | undefined, response?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    if (this.counters !== undefined) this.counters.callsFinished++;
    if (this.onAbort !== undefined) {
      this.signal?.removeEventListener('abort', this.onAbort);
      this.onAbort = undefined;
    }
    const settle = this.#settle;
    switch (settle.kind) {
      case 'promise':
        if (error === undefined) settle.resolve(response);
        else settle.reject(error);
        return;
      case 'callback':
        if (this.starting) {
          queueMicrotask(() => invoke(settle.callback, error, response));
          return;
        }
        invoke(settle.callback, error, response);
        return;
      case 'coroutine':
        if (error === undefined) settle.resumer.resume(response);
        else settle.resumer.fail(error);
        return;
      case 'stream':
        settle.end(error);
        return;
    }
  }
}

/** Calls a user's callback; a throwing callback is the caller's bug, reported like Node does. */
function invoke(callback: Callback<unknown>, error: Error | undefined, response: unknown): void {
  try {
    if (error === undefined) callback(null, response);
    else callback(error);
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}
