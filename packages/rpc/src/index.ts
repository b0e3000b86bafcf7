// Public API of @yrpc/rpc: explicit named exports only.

// ── Re-exported from @yrpc/protocol for the layers above ──
export {
  ConnectionInspector,
  type ConnectionSide,
  FrameInspector,
  type FrameViolation,
  type FrameViolationCode,
  type InspectedFrame,
  type InspectedMeta,
  type InspectionEvent,
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

export type { CallContext, Metadata } from './call/call-context.js';
export type { CallEnd, CallEndListener } from './call/call-end.js';
export { currentCallContext } from './call/call-scope.js';
export type {
  ClientCallInfo,
  ClientInterceptor,
  ServerInterceptor,
} from './call/interceptor.js';
export type { ClientStats, ServerStats } from './call/stats.js';
export { sumStats } from './call/stats.js';
/** Targets, resolvers and balancing policies of a {@link ClientPool} (README, "Targets, resolvers and policies"). */
export type { BalancingPolicy } from './client/balancing/balancer.js';
export type { DnsResolverSettings } from './client/balancing/dns-resolver.js';
/** Resolves `dns:` targets (A and AAAA, or SRV), again on a timer and after drops. */
export { DnsResolver } from './client/balancing/dns-resolver.js';
/** The plug-in interface of a resolver, what it hands over, and the fixed one. */
export type {
  ResolvedAddress,
  Resolver,
  ResolverListener,
} from './client/balancing/resolver.js';
export { StaticResolver } from './client/balancing/resolver.js';
/** A resolver could not resolve its target (code `RESOLVER_FAILED`). */
export { ResolverError } from './client/balancing/resolver-error.js';
/** Reads a target string (`dns:///name:port`, `static:///h1:p1,h2:p2`, `host:port`, `unix:PATH`). */
export { type ParsedTarget, parseTarget } from './client/balancing/target.js';
export type {
  CallOptions,
  ClientOptions,
  ResponseMetadataListener,
} from './client/call-options.js';
export { callOptionsSchema, clientOptionsSchema } from './client/call-options.js';
export { Client } from './client/client.js';
export type { ConnectionEvent } from './client/client-connector.js';
export type { ClientPoolOptions, PoolConnection } from './client/client-pool.js';
export { ClientPool, clientPoolOptionsSchema } from './client/client-pool.js';
export { ClientStream } from './client/client-stream.js';
export type { RetryPolicy } from './client/retry-policy.js';
export {
  RetryBudget,
  retryInterceptor,
  retryPolicySchema,
} from './client/retry-policy.js';
export type {
  BidiStreamingMethodStub,
  Callback,
  ClientStreamingMethodStub,
  DynamicMethodStub,
  MethodStubOf,
  ServerStreamingMethodStub,
  ServiceStub,
  UnaryMethodStub,
} from './client/service-stub.js';
/** The extension point other protocols' clients plug into (gRPC in `@yrpc/http`). */
export type {
  ClientTransport,
  ClientTransportFactory,
  TransportCall,
  TransportCallInit,
  TransportCallSink,
  TransportTraffic,
} from './client/transport/client-transport.js';
/** Compression shared by every protocol: encoding names, gzip (and reading deflate) with a bounded inflate. */
export type { CompressionEncoding } from './compression/compression-encoding.js';
export {
  COMPRESSION_ENCODINGS,
  chooseEncoding,
  DECOMPRESSION_ENCODINGS,
  DEFAULT_COMPRESSION_THRESHOLD,
  isCompressionEncoding,
  parseAcceptEncoding,
} from './compression/compression-encoding.js';
export { deflateCompress, inflateBounded } from './compression/deflate-codec.js';
export type { GzipCompressOptions, GzipLevel } from './compression/gzip-codec.js';
export {
  gunzipBounded,
  gunzipBoundedAsync,
  gzipCompress,
  gzipCompressAsync,
} from './compression/gzip-codec.js';
export { compressMessage, decompressMessage } from './compression/message-compression.js';
export type { ClientEndpoint, ServerEndpoint } from './connection/endpoint.js';
export { describeEndpoint, endpointSchema } from './connection/endpoint.js';
export type {
  ClientHeartbeatOptions,
  ServerHeartbeatOptions,
} from './connection/resilience-options.js';
export {
  clientHeartbeatSchema,
  reconnectSchema,
  serverHeartbeatSchema,
} from './connection/resilience-options.js';
export { InvalidOptionError, parseOptions } from './invalid-option-error.js';
export type { JsonArray, JsonObject, JsonValue } from './message/json-value.js';
/** Makes protobufjs decode 64-bit integers losslessly, whatever loader found it (idempotent). */
export { ensureLongSupport } from './message/long-support.js';
export { MessageConversionError } from './message/message-conversion-error.js';
export type { MessageOptions } from './message/message-options.js';
export { messageOptionsSchema } from './message/message-options.js';
export { PreciseDate } from './message/precise-date.js';
export type {
  DynamicMessage,
  Handler,
  HandlerKind,
  UntypedHandler,
} from './server/handler.js';
export { handlerKindOf } from './server/handler.js';
/** The extension point other protocols (gRPC, gRPC-Web, Connect in `@yrpc/http`) plug into. */
export type {
  CallGateway,
  GatewayCall,
  GatewayCallInit,
  GatewayCallSink,
  GatewayConnection,
  GatewayMethod,
} from './server/protocols/call-gateway.js';
export type {
  HandedConnection,
  ServerProtocol,
  ServerProtocolFactory,
} from './server/protocols/server-protocol.js';
export { MAX_DETECTION_BYTES } from './server/protocols/server-protocol.js';
export type { ResultCacheOptions } from './server/result-cache.js';
export { ResultCache, resultCacheSchema } from './server/result-cache.js';
export type {
  BoundEndpoint,
  BoundTcpEndpoint,
  BoundUnixEndpoint,
  ConnectionErrorEvent,
} from './server/server.js';
export { Server } from './server/server.js';
export type { ServerOptions, ShutdownOptions } from './server/server-options.js';
export { serverOptionsSchema, shutdownOptionsSchema } from './server/server-options.js';
export { ServerStream } from './server/server-stream.js';
export type {
  HandlerOfKind,
  ServiceImplementation,
  StreamedResponses,
} from './server/service-implementation.js';
export type { RegisteredMethod } from './server/service-registry.js';
export { ServiceRegistry } from './server/service-registry.js';
export { type MethodKind, methodKindOf } from './service/handler-shape.js';
export type { MessageCodec } from './service/message-codec.js';
export type { MethodDefinition } from './service/method-definition.js';
export type { MethodPath } from './service/method-path.js';
export { methodPathOf, toMethodPath, wireMethodName } from './service/method-path.js';
export type { LoadProtoOptions } from './service/proto-loading.js';
export { loadProto, loadProtoSync } from './service/proto-loading.js';
export type { ProtoRootOptions } from './service/proto-root.js';
export { ProtoRoot } from './service/proto-root.js';
export { serviceFromReflection } from './service/reflection-service.js';
export type { ServiceDefinition } from './service/service-definition.js';
export { defineService } from './service/service-definition.js';
export type { ServiceDefinitionErrorCode } from './service/service-definition-error.js';
export { ServiceDefinitionError } from './service/service-definition-error.js';
export type {
  KindOf,
  MessageFields,
  MethodKeys,
  MethodShape,
  RequestInputOf,
  RequestOf,
  ResponseInputOf,
  ResponseOf,
} from './service/service-types.js';
export { staticService } from './service/static-service.js';
/** `grpc.health.v1.Health` (README, "Health"): its definition, its proto and its message types. */
export type {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthListResponse,
  HealthMethods,
  ServingStatus,
} from './standard-services/health-proto.js';
export {
  HEALTH_PROTO,
  HEALTH_PROTO_FILE,
  Health,
  healthProto,
} from './standard-services/health-proto.js';
/** The health statuses a server reports, and the one call that serves them. */
export type { HealthOptions, SettableStatus } from './standard-services/health-service.js';
export {
  addHealth,
  HealthService,
  healthOptionsSchema,
} from './standard-services/health-service.js';
/** gRPC server reflection, v1 and v1alpha (README, "Reflection"): the one call that adds it. */
export {
  addReflection,
  REFLECTION_V1_SERVICE,
  REFLECTION_V1ALPHA_SERVICE,
  reflectionServices,
} from './standard-services/server-reflection.js';
