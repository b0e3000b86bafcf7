import {
  type GatewayCall,
  type GatewayCallInit,
  type GatewayCallSink,
  type GatewayConnection,
  type MetadataEntry,
  RpcError,
  Status,
} from '@yrpc/rpc';
import { DEADLINE_SKEW_MS, MAX_TIMER_MS } from './deadline-limits.js';
import type { HttpExchange } from './http-exchange.js';
import { RequestBodyWindow } from './request-body-window.js';
import { asRpcError } from './request-error.js';

/**
 * How a protocol puts the end of its call on the wire: the status (`error`, undefined for OK)
 * and the handler's trailers, its own way (gRPC trailers, a Connect EndStreamResponse, ...).
 */
export type AnswerEnd = (error: RpcError | undefined, trailers: readonly MetadataEntry[]) => void;

/**
 * What every call over an {@link HttpExchange} keeps alike, whatever its protocol: the
 * {@link GatewayCall} it runs, whether it is over, the timer that bounds the request's arrival,
 * the call's deadline (to tell a client's deadline from its cancel), and the request body's
 * flow control. The protocol's call owns one, reads and writes its own wire format, and leaves
 * the bookkeeping here, so that a failure, an abort and an end are handled the same way by all.
 */
export class ExchangeCallState {
  readonly #exchange: HttpExchange;
  readonly #sink: GatewayCallSink;
  readonly #answerEnd: AnswerEnd;
  readonly #window: RequestBodyWindow;
  #call: GatewayCall | undefined;
  /** The answer went (or the exchange was given up): nothing more is read or sent. */
  #done = false;
  #timeoutMs = 0;
  /** When the call began (`performance.now()`): the request's arrival eats into its timeout. */
  #startedAt = 0;
  /** When the call's deadline passes (`performance.now()`), Infinity for none. */
  #deadlineAt = Number.POSITIVE_INFINITY;
  #arrivalTimer: NodeJS.Timeout | undefined;

  /**
   * @param sink what the gateway answers the call to (the protocol's call).
   * @param answerEnd writes the end of the answer; called once, unless the exchange was aborted.
   */
  constructor(exchange: HttpExchange, sink: GatewayCallSink, answerEnd: AnswerEnd) {
    this.#exchange = exchange;
    this.#sink = sink;
    this.#answerEnd = answerEnd;
    this.#window = new RequestBodyWindow(exchange);
  }

  /** Whether the call is over: answered, failed or aborted. */
  get done(): boolean {
    return this.#done;
  }

  /** The running call, undefined before {@link start}. */
  get call(): GatewayCall | undefined {
    return this.#call;
  }

  /**
   * The call begins with a timeout of `timeoutMs` (0: none): its clock starts, and from here on
   * an abort of the exchange stops it.
   */
  begin(timeoutMs: number): void {
    this.#timeoutMs = timeoutMs;
    this.#startedAt = performance.now();
    if (timeoutMs > 0) this.#deadlineAt = this.#startedAt + timeoutMs;
    this.#exchange.onAbort(() => this.#abort());
  }

  /**
   * The deadline runs while the request comes in, too: a client that never ends its request
   * must not hold the call past it. The timer is clamped to {@link MAX_TIMER_MS}.
   */
  timeRequestArrival(): void {
    if (this.#timeoutMs === 0) return;
    this.#arrivalTimer = setTimeout(
      () =>
        this.fail(
          new RpcError(Status.DEADLINE_EXCEEDED, 'the deadline passed before the request arrived'),
        ),
      Math.min(this.#timeoutMs, MAX_TIMER_MS),
    );
  }

  /** What is left of the call's timeout since it began (0: none; never 0 once one was set). */
  remainingTimeoutMs(): number {
    if (this.#timeoutMs === 0) return 0;
    return Math.max(1, Math.ceil(this.#timeoutMs - (performance.now() - this.#startedAt)));
  }

  /** Starts the call among the calls of `connection`; the request has arrived as far as needed. */
  start(connection: GatewayConnection, init: GatewayCallInit): void {
    clearTimeout(this.#arrivalTimer);
    this.#call = connection.start(init, this.#sink);
  }

  /** Request bytes went to the call: the body is paused while it holds too many untaken. */
  received(): void {
    const call = this.#call;
    if (!this.#done && call !== undefined) this.#window.received(call.unconsumedBytes);
  }

  /** The handler took request bytes (the sink's `consumed`): the body is read again if it can. */
  consumed(): void {
    const call = this.#call;
    if (!this.#done && call !== undefined) this.#window.consumed(call.unconsumedBytes);
  }

  /**
   * Writes a response message's bytes, as the sink's `message` must: `true` when they went,
   * `false` when the peer's flow control holds them, and `written` is called once they have.
   */
  writeMessage(bytes: Uint8Array, written: () => void): boolean {
    const exchange = this.#exchange;
    const sent = exchange.write(bytes);
    if (!sent) exchange.onDrain(written);
    return sent;
  }

  /**
   * Runs `read`, a step of reading the request (its headers, say): its value, or undefined once
   * what it threw failed the call.
   */
  readOrFail<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  /** The call fails on this side (bad input): the handler is stopped, the client told why. */
  fail(error: unknown): void {
    if (this.#done) return;
    this.#call?.cancel();
    this.#finish(asRpcError(error), []);
  }

  /** The gateway ended the call (the sink's `end`): the answer ends, unless it is over already. */
  end(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    if (this.#done) return;
    this.#finish(error, trailers);
  }

  /** The exchange is gone (a reset stream, a closed connection): stop the handler, send nothing. */
  #abort(): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#arrivalTimer);
    this.#call?.cancel(performance.now() >= this.#deadlineAt - DEADLINE_SKEW_MS);
  }

  #finish(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    this.#done = true;
    clearTimeout(this.#arrivalTimer);
    // The rest of the body is read and dropped: a client still sending must not stay blocked.
    this.#window.release();
    this.#answerEnd(error, trailers);
  }
}
