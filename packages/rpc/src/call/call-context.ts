import type { MethodPath } from '../service/method-path.js';
import type { CallEndListener } from './call-end.js';

/** Metadata sent with a call: header names to values. */
export type Metadata = Readonly<Record<string, string>>;

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** The method called, `/pkg.Service/Method`. */
  readonly method: MethodPath;
  /** The client's address (`127.0.0.1:51234`, `[::1]:51234` or `unix:/path`). */
  readonly peer: string;
  /** Metadata the client sent. */
  readonly metadata: Metadata;
  /** When the call expires, in `Date.now()` milliseconds; `undefined` when it has no deadline. */
  readonly deadline: number | undefined;
  /**
   * Aborts when the call is cancelled, expires or its connection closes. Async handlers pass it to
   * what they await; coroutine handlers need not look at it, as they are halted instead.
   */
  readonly signal: AbortSignal;
  /** True once the call was cancelled, expired or lost its connection. */
  readonly cancelled: boolean;
  /**
   * The idempotency key the client sent in the request meta (the same on every retry of one
   * call, see the client's `retry` option); `undefined` when it sent none.
   */
  readonly idempotencyKey: string | undefined;
  /**
   * Adds a response header (`ResponseMeta.metadata`), sent with the response; on a failed call
   * it travels with the error's trailers (`RpcError.metadata`). Ignored once the call is answered.
   * Keys are lower-case ASCII `[0-9a-z_.-]`, 1..128 characters; a bad one throws a
   * `ProtocolError` (`invalid-meta`).
   */
  setHeader(key: string, value: string): void;
  /**
   * Adds a response trailer (`ResponseMeta.trailers`), sent with the response or, on a failed
   * call, with the error (`RpcError.metadata`). Ignored once the call is answered. Keys as for
   * {@link CallContext.setHeader}.
   */
  setTrailer(key: string, value: string): void;
  /**
   * Calls `listener` once when the call is over, however it ends: answered (status OK, or the
   * error the handler threw), cancelled by the client, past its deadline, its connection lost or
   * the server closed. It gets the status and the payload bytes and messages of both directions
   * (see `CallEnd`). Registered after the end, it is called at once. Nothing is allocated
   * for a call that nobody listens to.
   */
  onEnd(listener: CallEndListener): void;
}
