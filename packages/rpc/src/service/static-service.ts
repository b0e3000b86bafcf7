import type { MessageCodec } from './message-codec.js';
import { lowerCamel, type MethodDefinition } from './method-definition.js';
import { type MethodPath, toMethodPath } from './method-path.js';
import { defineService, type ServiceDefinition } from './service-definition.js';
import { ServiceDefinitionError } from './service-definition-error.js';

/** The shape protobufjs static code gives each service method (a function with metadata). */
interface StaticMethod {
  readonly name: string;
  readonly path: string;
  readonly requestType: string;
  readonly responseType: string;
  readonly requestStream?: boolean | undefined;
  readonly responseStream?: boolean | undefined;
}

/**
 * A definition from a protobufjs static-code service class (`pbjs -t static-module`), typed by
 * the class so that implementations and stubs get the generated message types.
 *
 * Static code names message types relative to the service (`HelloRequest`), so `types` is where
 * to find them: the generated module's root or the service's package namespace.
 *
 * @example
 * import { demo } from '../greeter.js'; // pbjs -t static-module -w es6 output
 * const Greeter = staticService(demo.Greeter, demo);
 */
export function staticService<C extends abstract new (...args: never[]) => unknown>(
  serviceClass: C,
  types: object,
): ServiceDefinition<InstanceType<C>> {
  const prototype = serviceClass.prototype as Record<string, unknown>;
  const methods: MethodDefinition[] = [];
  let serviceName: string | undefined;
  for (const key of Object.getOwnPropertyNames(prototype)) {
    const candidate = Object.getOwnPropertyDescriptor(prototype, key)?.value;
    if (!isStaticMethod(candidate)) continue;
    const path = toMethodPath(candidate.path);
    if (path === undefined) continue;
    const service = serviceOf(path);
    serviceName = service;
    methods.push({
      path,
      name: candidate.name,
      localName: lowerCamel(candidate.name),
      service,
      requestType: resolveType(types, service, candidate.requestType, path),
      responseType: resolveType(types, service, candidate.responseType, path),
      requestStream: candidate.requestStream === true,
      responseStream: candidate.responseStream === true,
    });
  }
  if (serviceName === undefined) {
    throw new ServiceDefinitionError(
      'SERVICE_NOT_FOUND',
      `${serviceClass.name || 'the class'} has no protobufjs static-code methods (expected functions with a path such as "/pkg.Service/Method")`,
    );
  }
  return defineService(serviceName, methods);
}

function isStaticMethod(value: unknown): value is StaticMethod {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<StaticMethod>).path === 'string' &&
    typeof (value as Partial<StaticMethod>).requestType === 'string' &&
    typeof (value as Partial<StaticMethod>).responseType === 'string'
  );
}

function serviceOf(path: MethodPath): string {
  return path.slice(1, path.lastIndexOf('/'));
}

/**
 * Finds `reference` the way protobuf scoping does (innermost scope first), trying each fully
 * qualified candidate against `types` and against every namespace `types` might stand for.
 */
function resolveType(
  types: object,
  service: string,
  reference: string,
  path: MethodPath,
): MessageCodec {
  const candidates: string[] = [];
  if (reference.startsWith('.')) candidates.push(reference.slice(1));
  else {
    const scope = service.split('.');
    for (let depth = scope.length; depth >= 0; depth--) {
      candidates.push([...scope.slice(0, depth), reference].join('.'));
    }
  }
  for (const candidate of candidates) {
    const segments = candidate.split('.');
    for (let skip = 0; skip < segments.length; skip++) {
      const found = walk(types, segments.slice(skip));
      if (isCodec(found)) return found;
    }
  }
  throw new ServiceDefinitionError(
    'TYPE_NOT_FOUND',
    `method ${path}: message type ${reference} not found in the types given (pass the generated module's root namespace)`,
  );
}

function walk(from: object, segments: readonly string[]): unknown {
  let current: unknown = from;
  for (const segment of segments) {
    if ((typeof current !== 'object' && typeof current !== 'function') || current === null) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function isCodec(value: unknown): value is MessageCodec {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<MessageCodec>).encode === 'function' &&
    typeof (value as Partial<MessageCodec>).decode === 'function'
  );
}
