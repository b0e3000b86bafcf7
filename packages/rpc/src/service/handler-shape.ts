import { type HandlerKind, handlerKindOf } from '../server/handler.js';
import type { MethodDefinition } from './method-definition.js';
import { ServiceDefinitionError } from './service-definition-error.js';

/** The four kinds of method, from the `stream` keywords of the `.proto`. */
export type MethodKind = 'unary' | 'server-streaming' | 'client-streaming' | 'bidi-streaming';

/** The kind of `method`. */
export function methodKindOf(method: MethodDefinition): MethodKind {
  if (method.requestStream) return method.responseStream ? 'bidi-streaming' : 'client-streaming';
  return method.responseStream ? 'server-streaming' : 'unary';
}

const ALLOWED: Record<MethodKind, readonly HandlerKind[]> = {
  unary: ['plain', 'async', 'coroutine'],
  'server-streaming': ['async-generator', 'coroutine'],
  'client-streaming': ['plain', 'async', 'coroutine'],
  'bidi-streaming': ['async-generator', 'coroutine'],
};

const EXPECTED: Record<MethodKind, string> = {
  unary: 'a function, an async function or a generator function (function*) returning the response',
  'server-streaming':
    'an async generator function (async function*) yielding the responses, or a generator function (function*) sending them',
  'client-streaming':
    'an async function (or a function) taking the requests as an AsyncIterable and returning the response, or a generator function (function*)',
  'bidi-streaming':
    'an async generator function (async function*) taking the requests as an AsyncIterable and yielding the responses, or a generator function (function*)',
};

const NAMES: Record<HandlerKind, string> = {
  plain: 'a plain function',
  async: 'an async function',
  'async-generator': 'an async generator function',
  coroutine: 'a generator function',
};

/**
 * Checks that `handler` has a shape that can serve `method`'s kind.
 * @throws ServiceDefinitionError `INVALID_HANDLER` naming the method, what it takes and what it got.
 */
export function checkHandlerShape(
  method: MethodDefinition,
  key: string,
  handler: (...args: never[]) => unknown,
): HandlerKind {
  const kind = handlerKindOf(handler);
  const methodKind = methodKindOf(method);
  if (!ALLOWED[methodKind].includes(kind)) {
    throw new ServiceDefinitionError(
      'INVALID_HANDLER',
      `handler ${key} of ${method.service} serves the ${methodKind} method ${method.path}, which needs ${EXPECTED[methodKind]}; got ${NAMES[kind]}`,
    );
  }
  return kind;
}
