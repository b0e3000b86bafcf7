// Public API of @yrpc/rpc: explicit named exports only.
export type { CallContext, Metadata } from './call-context.js';
export type {
  DynamicMessage,
  Handler,
  HandlerKind,
  HandlerOperation,
  UntypedHandler,
} from './handler.js';
export { handlerKindOf } from './handler.js';
export type { MessageCodec } from './message-codec.js';
export type { MethodDefinition } from './method-definition.js';
export type { MethodPath } from './method-path.js';
export { methodPathOf, toMethodPath } from './method-path.js';
export {
  loadProto,
  loadProtoSync,
  ProtoRoot,
  serviceFromReflection,
} from './reflection-service.js';
export type { ServiceDefinition } from './service-definition.js';
export { defineService } from './service-definition.js';
export type { ServiceDefinitionErrorCode } from './service-definition-error.js';
export { ServiceDefinitionError } from './service-definition-error.js';
export type { ServiceImplementation } from './service-implementation.js';
export type { RegisteredMethod } from './service-registry.js';
export { ServiceRegistry } from './service-registry.js';
export type { MessageFields, MethodKeys, RequestOf, ResponseOf } from './service-types.js';
export { staticService } from './static-service.js';
