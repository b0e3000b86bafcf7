import { AsyncLocalStorage } from 'node:async_hooks';
import { createContext, type Operation } from '@yrpc/protocol';
import type { CallContext } from './call-context.js';
import type { HandlerKind } from './handler.js';

/** The call an async or plain handler serves, across its awaits. */
const asyncScope = new AsyncLocalStorage<CallContext>();

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
  return coroutineScope.current() ?? servedSynchronously ?? asyncScope.getStore();
}

/**
 * Runs a plain or async handler with `call` as its current call: an async one in
 * AsyncLocalStorage (its awaits keep it), a plain one in a module slot for the time it runs,
 * which costs next to nothing (AsyncLocalStorage.run costs tens of ns per call). A plain
 * function that returns a promise keeps the call only for what it does synchronously.
 */
export function runInCallScope<Call extends CallContext, Result>(
  call: Call,
  handler: (request: unknown, context: Call) => Result,
  request: unknown,
  kind: HandlerKind,
): Result {
  if (kind === 'async' || kind === 'async-generator') {
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
