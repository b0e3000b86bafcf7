import type { MethodKind } from './handler-shape.js';

/**
 * Type-level helpers that read request and response types off a service type `S`, which is
 * either a protobufjs static-code service class as `pbts` declares it (each method a property
 * with a `path` and the signature `(request): Promise<Response>`), or a hand-written map
 * `{ SayHello: { request: HelloRequest; response: HelloReply } }`.
 */

/**
 * One method of a hand-written service shape; `kind` says whether it streams (default unary):
 * `{ request: Point; response: Feature; kind: 'server-streaming' }`.
 */
export interface MethodShape<
  Request = unknown,
  Response = unknown,
  RequestInput = MessageFields<Request>,
  ResponseInput = MessageFields<Response>,
> {
  /** The request as a handler receives it. */
  readonly request: Request;
  /** The response as a caller receives it. */
  readonly response: Response;
  /** What a caller may send (generated code: every form the conversion accepts). */
  readonly requestInput?: RequestInput;
  /** What a handler may answer (generated code: every form the conversion accepts). */
  readonly responseInput?: ResponseInput;
  readonly kind?: MethodKind;
}

/** The kind of a method type: its shape's `kind`, unary when it says none. */
export type KindOf<M> = M extends { readonly kind: infer Kind extends MethodKind } ? Kind : 'unary';

/** The methods of `S`. */
export type MethodKeys<S> = {
  [K in keyof S]: S[K] extends { readonly path: string } | MethodShape ? K : never;
}[keyof S] &
  string;

/** Request type of a method type. */
export type RequestOf<M> =
  M extends MethodShape<infer Request, unknown, unknown, unknown>
    ? Request
    : M extends (request: infer Request) => PromiseLike<unknown>
      ? Request
      : Record<string, unknown>;

/** Response type of a method type. */
export type ResponseOf<M> =
  M extends MethodShape<unknown, infer Response, unknown, unknown>
    ? Response
    : M extends (request: never) => PromiseLike<infer Response>
      ? Response
      : Record<string, unknown>;

/**
 * What a caller of a method type may send: the shape's `requestInput`, or else the request's
 * fields, all optional.
 */
export type RequestInputOf<M> = M extends { readonly requestInput?: infer Input }
  ? unknown extends Input
    ? MessageFields<RequestOf<M>>
    : Exclude<Input, undefined>
  : MessageFields<RequestOf<M>>;

/**
 * What a handler of a method type may answer: the shape's `responseInput`, or else the
 * response's fields, all optional.
 */
export type ResponseInputOf<M> = M extends { readonly responseInput?: infer Input }
  ? unknown extends Input
    ? MessageFields<ResponseOf<M>>
    : Exclude<Input, undefined>
  : MessageFields<ResponseOf<M>>;

/**
 * The fields of a message class, all optional and without its methods: what a handler may return
 * and what protobufjs encodes (unset fields take their defaults).
 */
export type MessageFields<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown
    ? never
    : K extends '$unknowns'
      ? never
      : K]?: T[K];
};
