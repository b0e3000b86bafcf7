import type { Operation } from '@yrpc/protocol';
import type { CallOptions } from './call-options.js';
import type { DynamicMessage } from './handler.js';
import type { MethodPath } from './method-path.js';
import type { MessageFields, MethodKeys, RequestOf, ResponseOf } from './service-types.js';

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
}

/**
 * A typed client for service `S`: one {@link UnaryMethodStub} per method. For a static-code
 * service the methods are named as in the generated class (`sayHello`); for a hand-written shape
 * as in the shape; for a service loaded at run time both the `.proto` name and its lower-camel
 * form work.
 */
export type ServiceStub<S> = unknown extends S
  ? Readonly<Record<string, UnaryMethodStub<DynamicMessage, DynamicMessage>>>
  : {
      readonly [K in MethodKeys<S>]: UnaryMethodStub<
        MessageFields<RequestOf<S[K]>>,
        ResponseOf<S[K]>
      >;
    };
