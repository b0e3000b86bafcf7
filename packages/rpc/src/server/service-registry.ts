import { checkHandlerShape } from '../service/handler-shape.js';
import type { MethodDefinition } from '../service/method-definition.js';
import { type MethodPath, wireMethodName } from '../service/method-path.js';
import type { ServiceDefinition } from '../service/service-definition.js';
import { ServiceDefinitionError } from '../service/service-definition-error.js';
import type { HandlerKind, UntypedHandler } from './handler.js';
import type { ServiceImplementation } from './service-implementation.js';

/** A method the server knows, with its handler if the service implements it. */
export interface RegisteredMethod {
  readonly definition: MethodDefinition;
  /** The handler, or `undefined` when the implementation left this method out. */
  readonly handler: UntypedHandler | undefined;
  /** How to run the handler: as a coroutine, awaiting a promise, or a plain call. */
  readonly kind: HandlerKind;
}

/**
 * Methods by wire path, for dispatching calls to services the library has never seen. Lookup is
 * one map read for the canonical `/pkg.Service/Method` path; `pkg.Service.Method` also works.
 */
export class ServiceRegistry {
  readonly #methods = new Map<string, RegisteredMethod>();
  readonly #paths: MethodPath[] = [];

  /**
   * Registers `implementation` for `service`. Handlers are keyed by the `.proto` method name
   * (`SayHello`) or the static-code name (`sayHello`); a method left out answers UNIMPLEMENTED;
   * a key that names no method of the service is an error (a typo would otherwise go unnoticed).
   */
  add<S>(service: ServiceDefinition<S>, implementation: ServiceImplementation<S>): this {
    const handlers = implementation as Record<string, unknown>;
    const claimed = new Set<string>();
    const pending: RegisteredMethod[] = [];
    for (const definition of service.methods.values()) {
      if (this.#methods.has(definition.path)) {
        throw new ServiceDefinitionError(
          'DUPLICATE_METHOD',
          `method ${definition.path} is already registered`,
        );
      }
      const key = definition.name in handlers ? definition.name : definition.localName;
      const handler = handlers[key];
      if (handler !== undefined) {
        claimed.add(key);
        if (typeof handler !== 'function') {
          throw new ServiceDefinitionError(
            'INVALID_HANDLER',
            `handler ${key} of ${service.name} must be a function, got ${typeof handler}`,
          );
        }
      }
      const fn = handler as UntypedHandler | undefined;
      pending.push({
        definition,
        handler: fn,
        kind: fn === undefined ? 'plain' : checkHandlerShape(definition, key, fn),
      });
    }
    for (const key of Object.keys(handlers)) {
      if (!claimed.has(key)) {
        const known = [...service.methods.keys()].join(', ');
        throw new ServiceDefinitionError(
          'UNKNOWN_IMPLEMENTATION_METHOD',
          `implementation of ${service.name} has ${key}, which is not a method of the service (methods: ${known})`,
        );
      }
    }
    for (const method of pending) {
      const path = method.definition.path;
      this.#methods.set(path, method);
      // Every accepted spelling is a key, so that lookup is one map read whatever the caller sent.
      this.#methods.set(wireMethodName(path), method);
      this.#methods.set(`${method.definition.service}.${method.definition.name}`, method);
      this.#paths.push(path);
    }
    return this;
  }

  /** The method named `name` (`/pkg.Service/Method`, `pkg.Service/Method` or
   * `pkg.Service.Method`), if registered. */
  lookup(name: string): RegisteredMethod | undefined {
    return this.#methods.get(name);
  }

  /** Paths of every registered method. */
  paths(): readonly MethodPath[] {
    return this.#paths;
  }
}
