import protobuf from 'protobufjs';
import type { MessageOptions } from '../message/message-options.js';
import { serviceFromReflection } from './reflection-service.js';
import type { ServiceDefinition } from './service-definition.js';
import { ServiceDefinitionError } from './service-definition-error.js';

/** Options of a {@link ProtoRoot}. */
export interface ProtoRootOptions {
  /**
   * How the messages of these services reach handlers and callers. Each choice made here wins
   * over the one a Server or Client makes; a choice made nowhere takes the default.
   */
  readonly messages?: MessageOptions | undefined;
}

/** The services of a protobufjs `Root`, loaded from `.proto` files or JSON descriptors. */
export class ProtoRoot {
  /** The protobufjs root, for looking up message types. */
  readonly root: protobuf.Root;
  readonly #services = new Map<string, ServiceDefinition>();

  constructor(root: protobuf.Root, options: ProtoRootOptions = {}) {
    this.root = root;
    for (const service of collectServices(root)) {
      const definition = serviceFromReflection(service, options);
      this.#services.set(definition.name, definition);
    }
  }

  /**
   * A root from protobufjs JSON (`Root.toJSON()`, or `pbjs -t json`); generated code embeds its
   * types this way. Throws PROTO_LOAD_FAILED when a type does not resolve.
   */
  static fromJson(json: protobuf.INamespace, options: ProtoRootOptions = {}): ProtoRoot {
    let root: protobuf.Root;
    try {
      root = protobuf.Root.fromJSON(json);
      root.resolveAll();
    } catch (cause) {
      throw new ServiceDefinitionError(
        'PROTO_LOAD_FAILED',
        `the JSON descriptor does not load: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    return new ProtoRoot(root, options);
  }

  /** Every service in the root, by fully qualified name. */
  get services(): ReadonlyMap<string, ServiceDefinition> {
    return this.#services;
  }

  /**
   * The service `name` (`package.Service`); throws SERVICE_NOT_FOUND naming the ones there are.
   * `S` optionally types it with a hand-written shape (`{ SayHello: { request: ...; response: ... } }`).
   */
  service<S = unknown>(name: string): ServiceDefinition<S> {
    const found = this.#services.get(name.replace(/^\./, ''));
    if (found === undefined) {
      const known = [...this.#services.keys()].join(', ') || 'none';
      throw new ServiceDefinitionError(
        'SERVICE_NOT_FOUND',
        `service ${name} is not defined (services found: ${known})`,
      );
    }
    return found as ServiceDefinition<S>;
  }
}

function collectServices(namespace: protobuf.NamespaceBase): protobuf.Service[] {
  const found: protobuf.Service[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Service) found.push(nested);
    else if (nested instanceof protobuf.Namespace) found.push(...collectServices(nested));
  }
  return found;
}
