import { EventEmitter } from 'node:events';
import { type Operation, RpcError, Status } from '@yrpc/protocol';
import { awaited, valueOrEnd } from '../call/awaited.js';
import type { Metadata } from '../call/call-context.js';
import type { ClientStreamCall } from './client-stream-call.js';

/** How many written messages may wait for credit before `write` asks the caller to slow down. */
const WRITE_HIGH_WATER = 16;

/**
 * One streaming call as its caller holds it, in whichever style the caller likes:
 *
 * - **AsyncIterable** of the responses (server streaming, bidi): `for await (const r of stream)`;
 *   leaving the loop early (`break`, `return`, an exception) cancels the call on the server.
 * - **Coroutine**: `yield* stream.receive()` (the next response, `undefined` at the end; for
 *   client streaming, the one response), `yield* stream.send(request)`, `stream.end()`.
 * - **Events** (the shape grpc-js users know): `on('data' | 'end' | 'error' | 'headers')`,
 *   `write(request)` and `end()` to send, `cancel()`; `'drain'` after `write` returned false.
 *
 * A request stream is ended (half-closed) by `end()`; the responses end with the server's status:
 * iteration finishes, or throws an `RpcError` with the code, message, details and trailers.
 */
export class ClientStream<Request = unknown, Response = unknown>
  extends EventEmitter
  implements AsyncIterable<Response>
{
  readonly #call: ClientStreamCall;
  #writes: Promise<void> = Promise.resolve();
  #pendingWrites = 0;
  #flowing = false;

  /** @internal Made by the client's stubs. */
  constructor(call: ClientStreamCall) {
    super();
    this.#call = call;
    call.onHeaders = (headers) => {
      if (this.#flowing) this.emit('headers', headers);
    };
    this.on('newListener', (event: string) => {
      if (event === 'data' && !this.#flowing) this.#flow();
    });
  }

  /** The method's path, `/pkg.Service/Method`. */
  get path(): string {
    return this.#call.method.path;
  }

  /** The response headers, once the server sent them. */
  get headers(): Metadata | undefined {
    return this.#call.headers;
  }

  /** The trailers, once the call ended. */
  get trailers(): Metadata | undefined {
    return this.#call.trailers;
  }

  /** Whether the call has ended (its status is known). */
  get ended(): boolean {
    return this.#call.settled;
  }

  [Symbol.asyncIterator](): AsyncIterator<Response> {
    return this.#call.inbox as AsyncIterator<Response>;
  }

  /**
   * The next response, `undefined` after the last; for client streaming, the one response once
   * the server answered. Throws the call's failure; halting the coroutine while it waits here
   * cancels the call.
   */
  receive(): Operation<Response | undefined> {
    const call = this.#call;
    const next = call.method.responseStream
      ? () => call.inbox.next().then(valueOrEnd) as Promise<Response | undefined>
      : () =>
          new Promise<Response | undefined>((resolve, reject) => {
            call.whenSettled(() => {
              const outcome = call.outcome;
              if (outcome instanceof Error) reject(outcome);
              else resolve(outcome?.response as Response | undefined);
            });
          });
    return awaited(next, () => this.cancel('the calling coroutine was halted'));
  }

  /**
   * Sends one request, waiting for the server's credit (a fast producer waits here); halting the
   * coroutine while it waits cancels the call.
   */
  send(request: Request): Operation<void> {
    const call = this.#call;
    return awaited(
      () => call.sendAsync(request),
      () => this.cancel('the calling coroutine was halted'),
    );
  }

  /** {@link send} for async code. */
  sendAsync(request: Request): Promise<void> {
    return this.#call.sendAsync(request);
  }

  /**
   * Queues one request (event style); returns false when more than 16 wait for the server's
   * credit: wait for `'drain'` before writing more.
   */
  write(request: Request): boolean {
    this.#pendingWrites++;
    this.#writes = this.#writes
      .then(() => this.#call.sendAsync(request))
      .then(
        () => this.#wrote(),
        (error: unknown) => {
          this.#wrote();
          this.#failed(error);
        },
      );
    return this.#pendingWrites <= WRITE_HIGH_WATER;
  }

  /** Ends the requests (half-close) once the ones written have gone. */
  end(): void {
    this.#writes = this.#writes.then(() => this.#call.endRequests());
  }

  /** Cancels the call, on the server too; iteration and `receive` fail with CANCELLED. */
  cancel(reason = 'the caller cancelled the call'): void {
    this.#call.giveUp(
      new RpcError(Status.CANCELLED, `${this.#call.method.path}: cancelled, ${reason}`),
    );
  }

  #wrote(): void {
    this.#pendingWrites--;
    if (this.#pendingWrites === WRITE_HIGH_WATER) this.emit('drain');
  }

  #failed(error: unknown): void {
    // Event-style callers hear of a failed write through 'error'; the others through the call.
    if (this.#flowing && this.listenerCount('error') > 0) this.emit('error', error);
  }

  #flow(): void {
    this.#flowing = true;
    queueMicrotask(() => {
      this.#call.inbox.flow(
        (message) => this.emit('data', message),
        () => this.emit('end'),
        (error) => {
          if (this.listenerCount('error') > 0) this.emit('error', error);
        },
      );
    });
  }
}
