/**
 * Type-level helpers that read request and response types off a protobufjs static-code service
 * class, as `pbts` declares it: each method is a property whose type has a `path` and the call
 * signatures `(request, callback): void` and `(request): Promise<Response>`.
 */

/** The methods of a static-code service class: properties with a `path`. */
export type MethodKeys<S> = {
  [K in keyof S]: S[K] extends { readonly path: string } ? K : never;
}[keyof S] &
  string;

/** Request type of a static-code method type. */
export type RequestOf<M> = M extends (request: infer Request) => PromiseLike<unknown>
  ? Request
  : Record<string, unknown>;

/** Response type of a static-code method type. */
export type ResponseOf<M> = M extends (request: never) => PromiseLike<infer Response>
  ? Response
  : Record<string, unknown>;

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
