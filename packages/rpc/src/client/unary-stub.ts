import type { Operation } from '@yrpc/protocol';
import type { MethodDefinition } from '../service/method-definition.js';
import type { CallOptions } from './call-options.js';
import type { Callback, UnaryMethodStub } from './service-stub.js';

/** What a {@link unaryStub} calls: the client's three ways of making a unary call. */
export interface UnaryCaller {
  unary(method: MethodDefinition, request: unknown, options?: CallOptions): Promise<unknown>;
  unaryCallback(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    callback: Callback<unknown>,
  ): void;
  unaryOperation(
    method: MethodDefinition,
    request: unknown,
    options?: CallOptions,
  ): Operation<unknown>;
}

/**
 * The stub of a unary method: `stub(request, options?)` returns a promise of the response;
 * `stub(request, callback)` and `stub(request, options, callback)` hand the outcome to the
 * callback (and return nothing); `stub.co(request, options?)` is the call as a coroutine
 * operation.
 */
export function unaryStub(
  method: MethodDefinition,
  client: UnaryCaller,
): UnaryMethodStub<unknown, unknown> {
  function stub(
    request: unknown,
    optionsOrCallback?: CallOptions | Callback<unknown>,
    callback?: Callback<unknown>,
  ): Promise<unknown> | undefined {
    if (typeof optionsOrCallback === 'function') {
      client.unaryCallback(method, request, undefined, optionsOrCallback);
      return undefined;
    }
    if (callback !== undefined) {
      client.unaryCallback(method, request, optionsOrCallback, callback);
      return undefined;
    }
    return client.unary(method, request, optionsOrCallback);
  }
  stub.co = (request: unknown, options?: CallOptions) =>
    client.unaryOperation(method, request, options);
  stub.path = method.path;
  stub.kind = 'unary';
  return stub as unknown as UnaryMethodStub<unknown, unknown>;
}
