import type { Operation } from '@yrpc/protocol';
import type { CallContext } from '../call/call-context.js';

/**
 * A unary method handler: a generator function (run as a coroutine, halted on cancel), an async
 * function (its `context.signal` aborts on cancel) or a plain function.
 */
export type Handler<Request, Response> = (
  request: Request,
  context: CallContext,
) => Response | PromiseLike<Response> | Operation<Response>;

/**
 * A message of a service loaded at run time: protobufjs decodes it into an object of the `.proto`
 * fields, whose types are only known at run time.
 */
// biome-ignore lint/suspicious/noExplicitAny: fields of run-time loaded messages are untyped by nature
export type DynamicMessage = Record<string, any>;

/**
 * A handler of a service loaded at run time. Declared as a method so that a handler annotating
 * its parameters with narrower types is accepted (method parameters are bivariant): the request
 * of a unary call is a {@link DynamicMessage}, the requests of a request stream an
 * `AsyncIterable<DynamicMessage>` (or the `ServerStream` for a generator handler), and the
 * context of a streaming call a `ServerStream`.
 */
export type UntypedHandler = {
  // biome-ignore lint/suspicious/noExplicitAny: the first argument's shape depends on the method's kind, known only at run time
  handle(request: any, context: CallContext): unknown;
}['handle'];

/** How the server runs a handler. */
export type HandlerKind = 'coroutine' | 'async' | 'async-generator' | 'plain';

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as unknown;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as unknown;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor as unknown;

/** Where a handler made by this package says how it runs, when its function kind does not. */
const declaredKind = Symbol('yrpc.handlerKind');

/**
 * Marks `handler` (a plain function this package made) to be run as a handler of `kind`: e.g.
 * a chain of interceptors, a plain function that returns a promise, runs as an async handler
 * (in the call's scope across awaits) without an `async` wrapper's promise and microtasks.
 */
export function declareHandlerKind<Fn extends (...args: never[]) => unknown>(
  handler: Fn,
  kind: HandlerKind,
): Fn {
  Object.defineProperty(handler, declaredKind, { value: kind });
  return handler;
}

/** Whether `handler` is a generator function, an async function, or neither. */
export function handlerKindOf(handler: (...args: never[]) => unknown): HandlerKind {
  const declared = (handler as { [declaredKind]?: HandlerKind })[declaredKind];
  if (declared !== undefined) return declared;
  const maker = (handler as { constructor?: unknown }).constructor;
  if (maker === GeneratorFunction) return 'coroutine';
  if (maker === AsyncFunction) return 'async';
  if (maker === AsyncGeneratorFunction) return 'async-generator';
  return 'plain';
}
