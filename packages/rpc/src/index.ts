// Public API of @yrpc/rpc: explicit named exports only.

// ── Re-exported from @yrpc/protocol for the layers above ──
export {
  isRpcError,
  type MetadataEntry,
  type Operation,
  RpcError,
  type RpcErrorOptions,
  run,
  Status,
  type StatusCode,
  type StatusDetail,
  sleep,
  spawn,
  statusName,
  suspend,
  type Task,
  until,
} from '@yrpc/protocol';

export type { CallContext, Metadata } from './call-context.js';
export type { CallOptions, ClientOptions, ResponseMetadataListener } from './call-options.js';
export { callOptionsSchema, clientOptionsSchema } from './call-options.js';
export { currentCallContext } from './call-scope.js';
export { Client } from './client.js';
export type { ClientPoolOptions } from './client-pool.js';
export { ClientPool, clientPoolOptionsSchema } from './client-pool.js';
export { ClientStream } from './client-stream.js';
export type { ClientEndpoint, ServerEndpoint } from './endpoint.js';
export { describeEndpoint, endpointSchema } from './endpoint.js';
export type {
  DynamicMessage,
  Handler,
  HandlerKind,
  UntypedHandler,
} from './handler.js';
export { handlerKindOf } from './handler.js';
export { type MethodKind, methodKindOf } from './handler-shape.js';
export type {
  ClientCallInfo,
  ClientInterceptor,
  ServerInterceptor,
} from './interceptor.js';
export { InvalidOptionError, parseOptions } from './invalid-option-error.js';
export type { MessageCodec } from './message-codec.js';
export type { MethodDefinition } from './method-definition.js';
export type { MethodPath } from './method-path.js';
export { methodPathOf, toMethodPath, wireMethodName } from './method-path.js';
export {
  loadProto,
  loadProtoSync,
  ProtoRoot,
  serviceFromReflection,
} from './reflection-service.js';
export type {
  ClientHeartbeatOptions,
  ServerHeartbeatOptions,
} from './resilience-options.js';
export {
  clientHeartbeatSchema,
  reconnectSchema,
  serverHeartbeatSchema,
} from './resilience-options.js';
export type { ResultCacheOptions } from './result-cache.js';
export { ResultCache, resultCacheSchema } from './result-cache.js';
export type { RetryPolicy } from './retry-policy.js';
export {
  RetryBudget,
  retryInterceptor,
  retryPolicySchema,
} from './retry-policy.js';
export type {
  BoundEndpoint,
  BoundTcpEndpoint,
  BoundUnixEndpoint,
  ConnectionErrorEvent,
} from './server.js';
export { Server } from './server.js';
export type { ServerOptions, ShutdownOptions } from './server-options.js';
export { serverOptionsSchema, shutdownOptionsSchema } from './server-options.js';
export { ServerStream } from './server-stream.js';
export type { ServiceDefinition } from './service-definition.js';
export { defineService } from './service-definition.js';
export type { ServiceDefinitionErrorCode } from './service-definition-error.js';
export { ServiceDefinitionError } from './service-definition-error.js';
export type {
  HandlerOfKind,
  ServiceImplementation,
  StreamedResponses,
} from './service-implementation.js';
export type { RegisteredMethod } from './service-registry.js';
export { ServiceRegistry } from './service-registry.js';
export type {
  BidiStreamingMethodStub,
  Callback,
  ClientStreamingMethodStub,
  DynamicMethodStub,
  MethodStubOf,
  ServerStreamingMethodStub,
  ServiceStub,
  UnaryMethodStub,
} from './service-stub.js';
export type {
  KindOf,
  MessageFields,
  MethodKeys,
  MethodShape,
  RequestOf,
  ResponseOf,
} from './service-types.js';
export { staticService } from './static-service.js';
