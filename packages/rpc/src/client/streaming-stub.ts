import { type Operation, RpcError, Status, suspend } from '@yrpc/protocol';
import { methodKindOf } from '../service/handler-shape.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { CallOptions } from './call-options.js';
import type { SettleTarget } from './client-call.js';
import type { ClientStream } from './client-stream.js';
import type { Callback } from './service-stub.js';

/** Starts a streaming call: what a {@link streamingStub} needs of the client. */
export type StreamOpener = (
  request: unknown,
  options: CallOptions | undefined,
  target: SettleTarget,
) => ClientStream;

const IGNORED: SettleTarget = { kind: 'stream', end: () => {} };

/**
 * The stub of a streaming method, by its kind (see README, Streaming):
 * - server streaming: `stub(request, options?)` returns a {@link ClientStream} to iterate;
 * - client streaming: `stub(requests, options?)` sends the (async) iterable and returns a
 *   promise of the response; `stub(callback)` or `stub(options, callback)` returns a stream to
 *   `write` and `end`, the callback getting the response;
 * - bidi: `stub(requests?, options?)` returns a stream of the responses while the requests (if
 *   given) are being sent; without requests, `write` and `end` them;
 * - `stub.co(...)` (same arguments, no callback) gives the stream to a coroutine, whose
 *   `receive`/`send` it `yield*`s.
 */
export function streamingStub(method: MethodDefinition, open: StreamOpener): unknown {
  const kind = methodKindOf(method);
  function stub(first?: unknown, second?: unknown, third?: unknown): unknown {
    if (kind === 'server-streaming') return open(first, second as CallOptions | undefined, IGNORED);
    if (kind === 'bidi-streaming') {
      if (isRequests(first)) {
        const stream = open(undefined, second as CallOptions | undefined, IGNORED);
        pump(stream, first);
        return stream;
      }
      return open(undefined, first as CallOptions | undefined, IGNORED);
    }
    // Client streaming.
    if (typeof first === 'function') {
      return open(undefined, undefined, callbackTarget(first as Callback<unknown>));
    }
    if (typeof second === 'function') {
      return open(
        undefined,
        first as CallOptions | undefined,
        callbackTarget(second as Callback<unknown>),
      );
    }
    if (typeof third === 'function') {
      const stream = open(
        undefined,
        second as CallOptions | undefined,
        callbackTarget(third as Callback<unknown>),
      );
      if (isRequests(first)) pump(stream, first);
      return stream;
    }
    if (!isRequests(first)) {
      return Promise.reject(
        new RpcError(
          Status.INVALID_ARGUMENT,
          `${method.path} is a client-streaming method: pass its requests as an Iterable or AsyncIterable, or a callback to write them`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const stream = open(undefined, second as CallOptions | undefined, {
        kind: 'promise',
        resolve,
        reject,
      });
      pump(stream, first);
    });
  }
  stub.co = (first?: unknown, second?: unknown): Operation<ClientStream> =>
    suspend<ClientStream>((resumer) => {
      let stream: ClientStream;
      if (kind === 'server-streaming') {
        stream = open(first, second as CallOptions | undefined, IGNORED);
      } else {
        const options = (isRequests(first) ? second : first) as CallOptions | undefined;
        stream = open(undefined, options, kind === 'client-streaming' ? responseTarget() : IGNORED);
        if (isRequests(first)) pump(stream, first);
      }
      resumer.resume(stream);
      return () => stream.cancel('the calling coroutine was halted');
    });
  stub.path = method.path;
  stub.kind = kind;
  return stub;
}

/** A target that keeps the one response of a client-streaming call for `receive()`. */
function responseTarget(): SettleTarget {
  return { kind: 'stream', end: () => {} };
}

function callbackTarget(callback: Callback<unknown>): SettleTarget {
  return { kind: 'callback', callback };
}

/** Whether `value` is requests to send: an Iterable or AsyncIterable (not a string or options). */
function isRequests(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  return Symbol.asyncIterator in value || Symbol.iterator in value;
}

/** Sends every request of `requests`, each within the server's credit, then half-closes. */
function pump(stream: ClientStream, requests: Iterable<unknown> | AsyncIterable<unknown>): void {
  void (async () => {
    try {
      for await (const request of requests) {
        if (stream.ended) return;
        await stream.sendAsync(request);
      }
      stream.end();
    } catch (error) {
      if (!stream.ended) {
        stream.cancel(
          `its requests failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  })();
}
