import { CoroutineError, type Operation } from '@yrpc/protocol';
import { runInCallScope, withCallScope } from '../call/call-scope.js';
import type { HandlerKind } from './handler.js';
import type { ServerStream } from './server-stream.js';

/** How a streaming handler's call ends, told to the session. */
export interface StreamHandlerEnd {
  /** A client-streaming handler returned its one response. */
  respond(value: unknown): void;
  /** A response stream ended normally (the handler returned). */
  complete(): void;
  /** The handler failed (threw, or its response did not encode). */
  fail(error: unknown): void;
  /** A coroutine handler's operation, for the session to spawn in the connection's scope. */
  spawn(operation: Operation<void>): void;
  /** Whether the call is already over (cancelled, expired, answered). */
  readonly finished: boolean;
}

/** A handler of a streaming method, whatever its kind. */
export type StreamHandler = (first: unknown, second: unknown) => unknown;

/**
 * Starts the handler of a streaming call, by its kind:
 * - generator (coroutine) handlers run as a coroutine: `*(request, stream)` for server streaming,
 *   `*(stream, stream)` when requests are a stream; `stream.send` / `stream.receive` to `yield*` on;
 * - `async function*` handlers yield the responses of a response stream; they receive the request
 *   (server streaming) or the requests as an AsyncIterable (bidi);
 * - async and plain handlers of client-streaming methods receive the requests as an AsyncIterable
 *   and return the response.
 * Responses are pulled one at a time, each sent (within the client's credit) before the next is
 * asked for: a handler that produces faster than the client reads waits in its `yield`.
 */
export function startStreamHandler(
  stream: ServerStream,
  handler: StreamHandler,
  kind: HandlerKind,
  request: unknown,
  end: StreamHandlerEnd,
): void {
  if (kind === 'coroutine') {
    end.spawn(runCoroutine(stream, handler, request, end));
    return;
  }
  const input = stream.requestStream ? stream.requests : request;
  if (kind === 'async-generator') {
    // The generator's body runs as it is pulled: pulled from inside the call's scope, it sees
    // the call as current across its awaits.
    runInCallScope(
      stream,
      (first, context) => {
        let responses: AsyncIterator<unknown>;
        try {
          responses = handler(first, context) as AsyncIterator<unknown>;
        } catch (error) {
          end.fail(error);
          return;
        }
        void pump(stream, responses, end);
      },
      input,
      kind,
    );
    return;
  }
  let result: unknown;
  try {
    // In the call's scope: calls the handler makes inherit its deadline and cancellation.
    result = runInCallScope(stream, (first, context) => handler(first, context), input, kind);
  } catch (error) {
    end.fail(error);
    return;
  }
  if (isThenable(result)) {
    result.then(
      (value) => end.respond(value),
      (error: unknown) => end.fail(error),
    );
    return;
  }
  end.respond(result);
}

function* runCoroutine(
  stream: ServerStream,
  handler: StreamHandler,
  request: unknown,
  end: StreamHandlerEnd,
): Operation<void> {
  let value: unknown;
  try {
    value = yield* withCallScope(
      stream,
      () => handler(stream.requestStream ? stream : request, stream) as Operation<unknown>,
    );
  } catch (error) {
    // A halt (cancel, deadline, connection gone) is thrown through the handler; it is not the
    // handler failing, and whoever halted has answered if anyone must.
    if (CoroutineError.isHalt(error)) throw error;
    end.fail(error);
    return;
  }
  if (stream.responseStream) end.complete();
  else end.respond(value);
}

/** Pulls the responses of an `async function*` handler and sends each before the next. */
async function pump(
  stream: ServerStream,
  responses: AsyncIterator<unknown>,
  end: StreamHandlerEnd,
): Promise<void> {
  try {
    let messagesThisTurn = 0;
    let bytesAtTurn = stream.sentBytes;
    for (;;) {
      const next = await responses.next();
      if (end.finished) break;
      if (next.done === true) {
        end.complete();
        return;
      }
      // Most messages go at once: no promise to wait for then.
      const sending = stream.offer(next.value);
      if (sending !== undefined) await sending;
      // A generator whose messages all fit the credit would run on promise jobs alone, and the
      // event loop (socket writes and reads, timers) would wait for it: give it its turn. The
      // messages of a turn leave in one socket write, so a turn is not too short either.
      if (
        ++messagesThisTurn === PUMP_TURN_MESSAGES ||
        stream.sentBytes - bytesAtTurn >= PUMP_TURN_BYTES
      ) {
        await turnOfTheEventLoop();
        messagesThisTurn = 0;
        bytesAtTurn = stream.sentBytes;
      }
    }
  } catch (error) {
    if (!end.finished) {
      end.fail(error);
      return;
    }
  }
  // The call ended under the handler (cancel, deadline, connection lost): its `finally` runs.
  responses.return?.(undefined)?.then(undefined, () => {});
}

/** At most this many responses are sent between two turns of the event loop… */
const PUMP_TURN_MESSAGES = 1024;
/** …and at most about this many bytes of them (the last message may go past). */
const PUMP_TURN_BYTES = 256 * 1024;

function turnOfTheEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
