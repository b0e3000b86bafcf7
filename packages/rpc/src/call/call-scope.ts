import { AsyncLocalStorage } from 'node:async_hooks';
import { createContext, type Operation } from '@yrpc/protocol';
import type { HandlerKind } from '../server/handler.js';
import type { CallContext } from './call-context.js';

/** The call an async or plain handler serves, across its awaits. */
const asyncScope = new AsyncLocalStorage<CallContext>();

/**
 * Whether async handlers run in {@link asyncScope}: only once something in the process can read
 * the served call back (a Client was made, or {@link currentCallContext} was asked). Under
 * Node 20, AsyncLocalStorage makes every promise of the process pay for its tracking from its
 * first use (a server stream of 16 B messages ran at less than half the rate), which a server
 * that makes no calls of its own has no reason to pay.
 */
let asyncScopeWanted = false;

/**
 * Says that served calls must be found across the awaits of async handlers from now on (a
 * Client exists in the process): handlers started later run in AsyncLocalStorage.
 */
export function wantCallScope(): void {
  asyncScopeWanted = true;
}

/** The call a plain handler serves while it runs (it runs to its end without yielding). */
let servedSynchronously: CallContext | undefined;

/** The call a coroutine handler serves, inherited by the coroutines it spawns. */
const coroutineScope = createContext<CallContext | undefined>('yrpc.call', undefined);

/**
 * The call being served by the handler that is running now (through the coroutine context for
 * generator handlers, AsyncLocalStorage for the others), or `undefined` outside any handler.
 * Calls a handler makes inherit its deadline and cancellation from it.
 */
export function currentCallContext(): CallContext | undefined {
  asyncScopeWanted = true;
  return coroutineScope.current() ?? servedSynchronously ?? asyncScope.getStore();
}

/**
 * Runs a plain or async handler with `call` as its current call: an async one in
 * AsyncLocalStorage (its awaits keep it) once the process wants it ({@link wantCallScope}), a
 * plain one in a module slot for the time it runs, which costs next to nothing
 * (AsyncLocalStorage.run costs tens of ns per call). A plain function that returns a promise,
 * and an async one before the process wants the scope, keep the call only for what they do
 * synchronously.
 */
export function runInCallScope<Call extends CallContext, Result>(
  call: Call,
  handler: (request: unknown, context: Call) => Result,
  request: unknown,
  kind: HandlerKind,
): Result {
  if (asyncScopeWanted && (kind === 'async' || kind === 'async-generator')) {
    return asyncScope.run(call, handler, request, call);
  }
  const outer = servedSynchronously;
  servedSynchronously = call;
  try {
    return handler(request, call);
  } finally {
    servedSynchronously = outer;
  }
}

/** Runs a coroutine handler's operation with `call` as its current call. */
export function withCallScope<Result>(
  call: CallContext,
  operation: () => Operation<Result>,
): Operation<Result> {
  return coroutineScope.with(call, operation);
}
