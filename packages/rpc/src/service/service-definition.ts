import type { MethodDefinition } from './method-definition.js';

declare const serviceShape: unique symbol;

/**
 * A service the registry and the client can use: its fully qualified name and its methods.
 * `S` is the protobufjs static-code service class (as `pbts` types it) when there is one; it only
 * exists at the type level and drives the typed implementation and stub types. Services loaded at
 * run time have `S = unknown` and get loosely typed messages.
 */
export interface ServiceDefinition<S = unknown> {
  /** Fully qualified name, `package.Service`. */
  readonly name: string;
  /** Methods by their `.proto` name (`SayHello`). */
  readonly methods: ReadonlyMap<string, MethodDefinition>;
  /** Type-level only: the static-code service class this definition was made from. */
  readonly [serviceShape]?: S;
}

/** Builds a definition from a service name and its methods. */
export function defineService<S = unknown>(
  name: string,
  methods: Iterable<MethodDefinition>,
): ServiceDefinition<S> {
  const byName = new Map<string, MethodDefinition>();
  for (const method of methods) byName.set(method.name, method);
  return { name, methods: byName };
}
