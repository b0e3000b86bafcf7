import { type Operation, RpcError, run, Status, suspend } from '@yrpc/protocol';
import type { CallOptions } from '../client/call-options.js';
import { declareHandlerKind, type HandlerKind, handlerKindOf } from '../server/handler.js';
import { ServerStream } from '../server/server-stream.js';
import { checkHandlerShape } from '../service/handler-shape.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { CallContext } from './call-context.js';
import { type CallEndListener, CallEndTracker } from './call-end.js';
import { withCallScope } from './call-scope.js';

/**
 * Runs around every call a server serves: may check or log `context` (method, peer, metadata,
 * deadline), refuse the call by throwing (an `RpcError` reaches the client as it is), call
 * `next(request)` to go on (or `next(request, context)` to give the handler another context),
 * and look at or replace what it returns or throws.
 *
 * @example
 * const auth: ServerInterceptor = (request, context, next) => {
 *   if (context.metadata.authorization !== 'Bearer s3cret')
 *     throw new RpcError(Status.UNAUTHENTICATED, 'missing or wrong authorization header');
 *   return next(request);
 * };
 */
export type ServerInterceptor = (
  request: unknown,
  context: CallContext,
  next: (request: unknown, context?: CallContext) => Promise<unknown>,
) => unknown;

/** What a client interceptor knows of the call it runs around: one object per call. */
export interface ClientCallInfo {
  /** The method called. */
  readonly method: MethodDefinition;
  /**
   * Calls `listener` once when the call is over (see `CallEnd`): per call, not per attempt. A
   * unary call ends when the outermost interceptor's promise settles, with the status the caller
   * sees (a value: OK; an `RpcError`: its code; any other throw: as `toRpcError` maps it), and
   * its sizes add up every attempt the retry policy made; a streaming call ends when its stream
   * does. Local ends count: deadline, the caller's signal, a connection that failed or was lost,
   * the client closed. Registered after the end, it is called at once.
   */
  onEnd(listener: CallEndListener): void;
}

/**
 * The {@link ClientCallInfo} of one intercepted call; the calls its attempts make on the wire add
 * their sizes to it.
 */
export class InterceptedCall extends CallEndTracker implements ClientCallInfo {
  readonly method: MethodDefinition;

  constructor(method: MethodDefinition) {
    super();
    this.method = method;
  }
}

/**
 * Runs around every call a client makes: may add metadata or a deadline to `options`, call
 * `next(request, options)` to send the call, and look at or replace its outcome.
 */
export type ClientInterceptor = (
  request: unknown,
  options: CallOptions,
  call: ClientCallInfo,
  next: (request: unknown, options: CallOptions) => Promise<unknown>,
) => Promise<unknown>;

type AnyHandler = (request: unknown, context: CallContext) => unknown;

/**
 * The handler that runs `handler` inside `interceptors` (the first one outermost). It is an async
 * handler whatever `handler` is: a generator handler runs as its own coroutine, halted when the
 * call's signal aborts (cancel, deadline, connection lost).
 */
export function interceptHandler(
  handler: AnyHandler,
  kind: HandlerKind,
  interceptors: readonly ServerInterceptor[],
): (request: unknown, context: CallContext) => Promise<unknown> {
  const innermost = (request: unknown, context: CallContext): Promise<unknown> => {
    // The handler runs when the last interceptor calls next, as it would without interceptors.
    if (kind !== 'coroutine') return settled(handler, request, context);
    const task = run(() =>
      withCallScope(
        context,
        () => handler(coroutineInput(request, context), context) as Operation<unknown>,
      ),
    );
    const halt = (): void => {
      task.halt();
    };
    context.signal.addEventListener('abort', halt, { once: true });
    return task.promise.finally(() => context.signal.removeEventListener('abort', halt));
  };
  let chain = innermost;
  for (let index = interceptors.length - 1; index >= 0; index--) {
    const interceptor = interceptors[index] as ServerInterceptor;
    const next = chain;
    chain = (request, context) =>
      settledAround(interceptor, request, context, (nextRequest, nextContext) =>
        next(nextRequest, nextContext ?? context),
      );
  }
  // Run as an async handler (in the call's scope across awaits), without an async wrapper.
  return declareHandlerKind(chain, 'async');
}

/**
 * What `handler` returns, as a promise (its value, the promise it returned, or its throw as a
 * rejection). No `async` wrapper and no extra turn: an interceptor layer costs a call and a
 * promise, not an async function's promises and microtasks.
 */
function settled(handler: AnyHandler, request: unknown, context: CallContext): Promise<unknown> {
  try {
    return Promise.resolve(handler(request, context));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** {@link settled} for an interceptor and its `next`. */
function settledAround(
  interceptor: ServerInterceptor,
  request: unknown,
  context: CallContext,
  next: (request: unknown, context?: CallContext) => Promise<unknown>,
): Promise<unknown> {
  try {
    return Promise.resolve(interceptor(request, context, next));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * What a generator handler takes first: for a request stream, the call's stream (it `yield*`s on
 * `stream.receive()` and `stream.send()`), reading the requests as the interceptors passed them on;
 * otherwise the request.
 */
function coroutineInput(request: unknown, context: CallContext): unknown {
  if (!(context instanceof ServerStream) || !context.requestStream) return request;
  if (!isAsyncIterable(request)) return request;
  context.receiveFrom(request);
  return context;
}

/** One layer of a client chain: the call's `info` travels beside the request and options. */
export type ClientChain = (
  request: unknown,
  options: CallOptions,
  info: InterceptedCall,
) => Promise<unknown>;

/**
 * Sends the call `info` through `interceptors` (the first one outermost); `send` sends it for real.
 */
export function interceptCall(
  interceptors: readonly ClientInterceptor[],
  info: InterceptedCall,
  request: unknown,
  options: CallOptions,
  send: ClientChain,
): Promise<unknown> {
  return clientChain(interceptors, send)(request, options, info);
}

/**
 * The calls of a method through `interceptors` (the first one outermost) down to `send`, as one
 * function made once: a client keeps it per method, so a call makes no closures for the chain
 * (its {@link InterceptedCall} is passed along). A throw anywhere in it is a rejection.
 */
export function clientChain(
  interceptors: readonly ClientInterceptor[],
  send: ClientChain,
): ClientChain {
  let chain = send;
  for (let index = interceptors.length - 1; index >= 0; index--) {
    const interceptor = interceptors[index] as ClientInterceptor;
    const next = chain;
    chain = (nextRequest, nextOptions, info) =>
      interceptor(nextRequest, nextOptions, info, (lastRequest, lastOptions) =>
        next(lastRequest, lastOptions, info),
      );
  }
  const outermost = chain;
  return (request, options, info) => {
    try {
      return outermost(request, options, info);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * The intercepted call as a coroutine operation: halting the coroutine aborts the call's signal,
 * which cancels it on the server too.
 */
export function interceptedOperation<Response>(
  start: (signal: AbortSignal) => Promise<unknown>,
): Operation<Response> {
  return suspend<Response>((resumer) => {
    const controller = new AbortController();
    start(controller.signal).then(
      (value) => resumer.resume(value as Response),
      (error: unknown) =>
        resumer.fail(error instanceof Error ? error : new RpcError(Status.UNKNOWN, String(error))),
    );
    return () => controller.abort(new Error('the calling coroutine was halted'));
  });
}

/**
 * `implementation` with every handler run inside `interceptors`. Handlers are checked against
 * their method's kind first (a wrong shape is reported as the user wrote it). For a streaming
 * method the chain carries streams: `request` is the request (server streaming) or the requests
 * as an AsyncIterable (client streaming, bidi), and `next` resolves with the response or, for a
 * response stream, with an AsyncIterable of the responses; an interceptor sees each message by
 * wrapping these iterables. The unary path is unchanged.
 */
export function interceptImplementation<Implementation extends object>(
  implementation: Implementation,
  interceptors: readonly ServerInterceptor[],
  methods: ReadonlyMap<string, MethodDefinition> = new Map(),
): Implementation {
  const byName = new Map<string, MethodDefinition>();
  for (const method of methods.values()) {
    byName.set(method.name, method);
    byName.set(method.localName, method);
  }
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(implementation)) {
    const method = byName.get(name);
    if (typeof handler !== 'function') {
      wrapped[name] = handler;
      continue;
    }
    const kind =
      method === undefined ? handlerKindOf(handler) : checkHandlerShape(method, name, handler);
    wrapped[name] =
      method?.responseStream === true
        ? interceptResponseStream(handler as AnyHandler, kind, interceptors)
        : interceptHandler(handler as AnyHandler, kind, interceptors);
  }
  return wrapped as Implementation;
}

/**
 * A response-streaming handler inside `interceptors`: an `async function*` that yields what the
 * chain resolves with. A generator (coroutine) handler sends its responses itself through the
 * call's stream (`stream.send`) and resolves with none.
 */
function interceptResponseStream(
  handler: AnyHandler,
  kind: HandlerKind,
  interceptors: readonly ServerInterceptor[],
): (request: unknown, context: CallContext) => AsyncGenerator<unknown> {
  const chain = interceptHandler(handler, kind, interceptors);
  return async function* intercepted(request: unknown, context: CallContext) {
    const responses = await chain(request, context);
    if (isAsyncIterable(responses)) yield* responses;
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
