import { AsyncLocalStorage } from 'node:async_hooks';
import { createContext, type Operation } from '@yrpc/protocol';
import type { CallContext } from './call-context.js';

/** The call an async or plain handler serves, across its awaits. */
const asyncScope = new AsyncLocalStorage<CallContext>();

/** The call a coroutine handler serves, inherited by the coroutines it spawns. */
const coroutineScope = createContext<CallContext | undefined>('yrpc.call', undefined);

/**
 * The call being served by the handler that is running now (through the coroutine context for
 * generator handlers, AsyncLocalStorage for the others), or `undefined` outside any handler.
 * Calls a handler makes inherit its deadline and cancellation from it.
 */
export function currentCallContext(): CallContext | undefined {
  return coroutineScope.current() ?? asyncScope.getStore();
}

/** Runs a plain or async handler with `call` as its current call. */
export function runInCallScope<Call extends CallContext, Result>(
  call: Call,
  handler: (request: unknown, context: Call) => Result,
  request: unknown,
): Result {
  return asyncScope.run(call, handler, request, call);
}

/** Runs a coroutine handler's operation with `call` as its current call. */
export function withCallScope<Result>(
  call: CallContext,
  operation: () => Operation<Result>,
): Operation<Result> {
  return coroutineScope.with(call, operation);
}
