import type protobuf from 'protobufjs';
import { convertingCodec } from '../message/converting-codec.js';
import type { MessageOptions } from '../message/message-options.js';
import { lowerCamel, type MethodDefinition } from './method-definition.js';
import { methodPathOf } from './method-path.js';
import { defineService, type ServiceDefinition } from './service-definition.js';
import { ServiceDefinitionError } from './service-definition-error.js';

/**
 * A definition from a protobufjs reflection `Service` (from `protobuf.load`, `Root.fromJSON`,
 * a `json-module`, or one built by hand). Message types are resolved here, so a dangling type
 * reference fails now rather than at the first call. Messages are converted as `messages` says
 * (README, "Messages"); a Server's or Client's options fill in what it leaves open.
 */
export function serviceFromReflection(
  service: protobuf.Service,
  options: { readonly messages?: MessageOptions | undefined } = {},
): ServiceDefinition {
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
      requestType: convertingCodec(requestType, options.messages),
      responseType: convertingCodec(responseType, options.messages),
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      idempotent: isIdempotent(method.options),
      sideEffectFree: isSideEffectFree(method.options),
    });
  }
  return defineService(name, methods);
}

/** Whether a method's options mark it free of side effects (`NO_SIDE_EFFECTS`). */
function isSideEffectFree(options: Record<string, unknown> | undefined): boolean {
  const level = options?.idempotency_level;
  return level === 'NO_SIDE_EFFECTS' || level === 1;
}

/** Whether a method's options mark it idempotent (`idempotency_level` of descriptor.proto). */
function isIdempotent(options: Record<string, unknown> | undefined): boolean {
  const level = options?.idempotency_level;
  return level === 'IDEMPOTENT' || level === 'NO_SIDE_EFFECTS' || level === 1 || level === 2;
}
