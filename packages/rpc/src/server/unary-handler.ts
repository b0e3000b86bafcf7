import { CoroutineError, type Operation } from '@yrpc/protocol';
import { runInCallScope, withCallScope } from '../call/call-scope.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { ServerCall } from './server-call.js';
import type { RegisteredMethod } from './service-registry.js';

/**
 * How a unary handler's call is kept and answered, told to the session. Every member names the
 * call: one object serves every call of the connection, so a call makes no closures.
 */
export interface UnaryHandlerEnd {
  /** The call outlives its REQUEST frame: counts it in flight and starts its deadline timer. */
  track(call: ServerCall, timeoutMs: number): void;
  /** Spawns the call's `operation` in the connection's scope. */
  spawn(call: ServerCall): void;
  /** The handler returned `value`: encodes it and answers. */
  respond(call: ServerCall, definition: MethodDefinition, value: unknown): void;
  /** The handler failed: answers with its failure. */
  fail(call: ServerCall, definition: MethodDefinition, error: unknown): void;
}

type CoroutineHandler = (request: unknown, context: ServerCall) => Operation<unknown>;
type CallHandler = (request: unknown, context: ServerCall) => unknown;

/**
 * Starts the handler of a unary call, by its kind. A plain handler runs inline and is answered
 * inside its REQUEST frame: it never needs tracking, since nothing could stop it before it ends.
 * An async handler is tracked once it returns its promise, a generator handler before its
 * coroutine is spawned (a halt is thrown through it and answered by whoever halted it).
 */
export function startUnaryHandler(
  call: ServerCall,
  registered: RegisteredMethod,
  request: unknown,
  timeoutMs: number,
  end: UnaryHandlerEnd,
): void {
  const definition = registered.definition;
  if (registered.kind === 'coroutine') {
    end.track(call, timeoutMs);
    call.operation = runCoroutine(
      call,
      definition,
      registered.handler as CoroutineHandler,
      request,
      end,
    );
    end.spawn(call);
    return;
  }
  let result: unknown;
  try {
    // In the call's scope: calls the handler makes inherit its deadline and cancellation.
    result = runInCallScope(call, registered.handler as CallHandler, request, registered.kind);
  } catch (error) {
    end.fail(call, definition, error);
    return;
  }
  if (isThenable(result)) {
    end.track(call, timeoutMs);
    result.then(
      (value) => end.respond(call, definition, value),
      (error: unknown) => end.fail(call, definition, error),
    );
    return;
  }
  end.respond(call, definition, result);
}

function* runCoroutine(
  call: ServerCall,
  definition: MethodDefinition,
  handler: CoroutineHandler,
  request: unknown,
  end: UnaryHandlerEnd,
): Operation<void> {
  let value: unknown;
  try {
    value = yield* withCallScope(call, () => handler(request, call));
  } catch (error) {
    // A halt (cancel, deadline, connection gone, server closing) is thrown through the
    // handler; it is not the handler failing, and whoever halted has answered if anyone must.
    if (CoroutineError.isHalt(error)) throw error;
    end.fail(call, definition, error);
    return;
  }
  end.respond(call, definition, value);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
