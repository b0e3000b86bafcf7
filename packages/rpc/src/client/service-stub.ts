import type { Operation } from '@yrpc/protocol';
import type { MethodKind } from '../service/handler-shape.js';
import type { MethodPath } from '../service/method-path.js';
import type { KindOf, MethodKeys, RequestInputOf, ResponseOf } from '../service/service-types.js';
import type { CallOptions } from './call-options.js';
import type { ClientStream } from './client-stream.js';

/** Receives the outcome of a callback-style call: an `RpcError`, or `null` and the response. */
export type Callback<Response> = (error: Error | null, response?: Response) => void;

/**
 * One method of a client stub, callable three ways:
 * - `await stub.sayHello(request, options?)`
 * - `stub.sayHello(request, options?, (error, response) => ...)`
 * - `yield* stub.sayHello.co(request, options?)` inside a coroutine (halting it cancels the call)
 */
export interface UnaryMethodStub<Request, Response> {
  (request: Request, options?: CallOptions): Promise<Response>;
  (request: Request, callback: Callback<Response>): void;
  (request: Request, options: CallOptions | undefined, callback: Callback<Response>): void;
  /** The call as a coroutine operation; halting the coroutine cancels the call. */
  co(request: Request, options?: CallOptions): Operation<Response>;
  /** The method's wire path. */
  readonly path: MethodPath;
  /** The method's kind. */
  readonly kind: 'unary';
}

/** One server-streaming method of a client stub: `for await (const r of stub.m(request))`. */
export interface ServerStreamingMethodStub<Request, Response> {
  (request: Request, options?: CallOptions): ClientStream<Request, Response>;
  /** The stream for a coroutine: `yield* stream.receive()`; halting it while it waits cancels. */
  co(request: Request, options?: CallOptions): Operation<ClientStream<Request, Response>>;
  readonly path: MethodPath;
  readonly kind: 'server-streaming';
}

/**
 * One client-streaming method of a client stub: `await stub.m(requests)` with an Iterable or
 * AsyncIterable of requests, or `stub.m(callback)` to `write` and `end` them.
 */
export interface ClientStreamingMethodStub<Request, Response> {
  (requests: Iterable<Request> | AsyncIterable<Request>, options?: CallOptions): Promise<Response>;
  (callback: Callback<Response>): ClientStream<Request, Response>;
  (options: CallOptions | undefined, callback: Callback<Response>): ClientStream<Request, Response>;
  /** The stream for a coroutine: `yield* s.send(r)`, `s.end()`, then `yield* s.receive()`. */
  co(options?: CallOptions): Operation<ClientStream<Request, Response>>;
  readonly path: MethodPath;
  readonly kind: 'client-streaming';
}

/**
 * One bidirectional method of a client stub: `stub.m(requests)` returns the responses while the
 * requests are sent; `stub.m()` returns a stream to `write` and `end` as well as iterate.
 */
export interface BidiStreamingMethodStub<Request, Response> {
  (
    requests?: Iterable<Request> | AsyncIterable<Request>,
    options?: CallOptions,
  ): ClientStream<Request, Response>;
  (options?: CallOptions): ClientStream<Request, Response>;
  co(
    requests?: Iterable<Request> | AsyncIterable<Request>,
    options?: CallOptions,
  ): Operation<ClientStream<Request, Response>>;
  readonly path: MethodPath;
  readonly kind: 'bidi-streaming';
}

/**
 * A method of a service loaded at run time: its kind is only known when the `.proto` is read, so
 * its calls are untyped (see the four stub kinds for what each returns).
 */
export interface DynamicMethodStub {
  // biome-ignore lint/suspicious/noExplicitAny: a run-time loaded method's kind and messages are untyped by nature
  (...args: any[]): any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  co(...args: any[]): Operation<any>;
  readonly path: MethodPath;
  readonly kind: MethodKind;
}

/**
 * A typed client for service `S`: one stub per method. For a static-code service the methods are
 * named as in the generated class (`sayHello`) and typed as unary (protobufjs static code does not
 * say which methods stream: cast a streaming one to its stub kind); for a hand-written shape as
 * in the shape; for a service loaded at run time both the `.proto` name and its lower-camel form
 * work, untyped ({@link DynamicMethodStub}).
 */
export type ServiceStub<S> = unknown extends S
  ? Readonly<Record<string, DynamicMethodStub>>
  : { readonly [K in MethodKeys<S>]: MethodStubOf<S[K]> };

/** The stub of one method type, by its kind. */
export type MethodStubOf<M> = StubOfKind<KindOf<M>, RequestInputOf<M>, ResponseOf<M>>;

type StubOfKind<Kind, Request, Response> = Kind extends 'server-streaming'
  ? ServerStreamingMethodStub<Request, Response>
  : Kind extends 'client-streaming'
    ? ClientStreamingMethodStub<Request, Response>
    : Kind extends 'bidi-streaming'
      ? BidiStreamingMethodStub<Request, Response>
      : UnaryMethodStub<Request, Response>;
