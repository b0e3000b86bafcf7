import protobuf from 'protobufjs';
import type { MessageCodec } from './message-codec.js';
import { lowerCamel, type MethodDefinition } from './method-definition.js';
import { methodPathOf } from './method-path.js';
import { defineService, type ServiceDefinition } from './service-definition.js';
import { ServiceDefinitionError } from './service-definition-error.js';

/**
 * A definition from a protobufjs reflection `Service` (from `protobuf.load`, `Root.fromJSON`,
 * a `json-module`, or one built by hand). Message types are resolved here, so a dangling type
 * reference fails now rather than at the first call.
 */
export function serviceFromReflection(service: protobuf.Service): ServiceDefinition {
  const name = service.fullName.replace(/^\./, '');
  const methods: MethodDefinition[] = [];
  for (const method of service.methodsArray) {
    try {
      method.resolve();
    } catch (cause) {
      throw new ServiceDefinitionError(
        'TYPE_NOT_FOUND',
        `method ${name}.${method.name}: ${(cause as Error).message}`,
        { cause },
      );
    }
    const requestType = method.resolvedRequestType;
    const responseType = method.resolvedResponseType;
    if (requestType === null || responseType === null) {
      throw new ServiceDefinitionError(
        'TYPE_NOT_FOUND',
        `method ${name}.${method.name}: request type ${method.requestType} or response type ${method.responseType} did not resolve`,
      );
    }
    methods.push({
      path: methodPathOf(name, method.name),
      name: method.name,
      localName: lowerCamel(method.name),
      service: name,
      requestType: requestType as MessageCodec,
      responseType: responseType as MessageCodec,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      idempotent: isIdempotent(method.options),
    });
  }
  return defineService(name, methods);
}

/** Whether a method's options mark it idempotent (`idempotency_level` of descriptor.proto). */
function isIdempotent(options: Record<string, unknown> | undefined): boolean {
  const level = options?.idempotency_level;
  return level === 'IDEMPOTENT' || level === 'NO_SIDE_EFFECTS' || level === 1 || level === 2;
}

/** The services of a protobufjs `Root`, loaded from `.proto` files or JSON descriptors. */
export class ProtoRoot {
  /** The protobufjs root, for looking up message types. */
  readonly root: protobuf.Root;
  readonly #services = new Map<string, ServiceDefinition>();

  constructor(root: protobuf.Root) {
    this.root = root;
    for (const service of collectServices(root)) {
      const definition = serviceFromReflection(service);
      this.#services.set(definition.name, definition);
    }
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

/** Loads `.proto` files at run time (imports resolved relative to each file). */
export async function loadProto(files: string | readonly string[]): Promise<ProtoRoot> {
  let root: protobuf.Root;
  try {
    root = await protobuf.load(typeof files === 'string' ? files : [...files], new protobuf.Root());
    root.resolveAll();
  } catch (cause) {
    throw new ServiceDefinitionError('PROTO_LOAD_FAILED', loadFailure(files, cause), { cause });
  }
  return new ProtoRoot(root);
}

/** Synchronous {@link loadProto}. */
export function loadProtoSync(files: string | readonly string[]): ProtoRoot {
  let root: protobuf.Root;
  try {
    root = protobuf.loadSync(typeof files === 'string' ? files : [...files], new protobuf.Root());
    root.resolveAll();
  } catch (cause) {
    throw new ServiceDefinitionError('PROTO_LOAD_FAILED', loadFailure(files, cause), { cause });
  }
  return new ProtoRoot(root);
}

function loadFailure(files: string | readonly string[], cause: unknown): string {
  const list = typeof files === 'string' ? files : files.join(', ');
  return `could not load ${list}: ${cause instanceof Error ? cause.message : String(cause)}`;
}
