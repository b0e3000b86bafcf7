import type { Operation } from '@yrpc/protocol';
import type { KindOf, MethodKeys, RequestOf, ResponseInputOf } from '../service/service-types.js';
import type { Handler, UntypedHandler } from './handler.js';
import type { ServerStream } from './server-stream.js';

/**
 * Handlers for a service's methods. For a static-code service the keys are the generated method
 * names (`sayHello`) and the message types come from the generated classes; for a service loaded
 * at run time any `.proto` method name or its lower-camel form is accepted.
 */
export type ServiceImplementation<S> = unknown extends S
  ? Readonly<Record<string, UntypedHandler>>
  : {
      readonly [K in MethodKeys<S>]?: HandlerOfKind<
        KindOf<S[K]>,
        RequestOf<S[K]>,
        ResponseInputOf<S[K]>
      >;
    };

/**
 * The handler of a method by its kind. Streaming handlers get the call's {@link ServerStream} as
 * their context: `async *m(request, stream)` (server streaming: yield the responses, or
 * `yield* stream.send(r)` from a generator), `async m(requests, stream)` (client streaming:
 * requests as an AsyncIterable; return the response), `async *m(requests, stream)` (bidi).
 */
export type HandlerOfKind<Kind, Request, Response> = Kind extends 'server-streaming'
  ? (request: Request, stream: ServerStream<Request, Response>) => StreamedResponses<Response>
  : Kind extends 'client-streaming'
    ? (
        requests: AsyncIterable<Request>,
        stream: ServerStream<Request, Response>,
      ) => Response | PromiseLike<Response> | Operation<Response>
    : Kind extends 'bidi-streaming'
      ? (
          requests: AsyncIterable<Request>,
          stream: ServerStream<Request, Response>,
        ) => StreamedResponses<Response>
      : Handler<Request, Response>;

/** What a response-streaming handler is: an async generator of responses, or a coroutine. */
export type StreamedResponses<Response> = AsyncIterable<Response> | Operation<unknown>;
