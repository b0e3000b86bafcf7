// Public API of @yrpc/otel: explicit named exports only.

export { otelClientInterceptor } from './client-interceptor.js';
export { INSTRUMENTATION_SCOPE } from './instrumentation-scope.js';
export { metadataGetter, metadataSetter } from './metadata-carrier.js';
export type { OtelClientOptions, OtelServerOptions } from './otel-options.js';
export { otelClientOptionsSchema, otelServerOptionsSchema } from './otel-options.js';
export { RPC_SYSTEM, RpcAttribute } from './rpc-attributes.js';
export { DURATION_BUCKETS_MS, SIZE_BUCKETS_BYTES } from './rpc-metrics.js';
export { otelServerInterceptor } from './server-interceptor.js';
export { TraceContextPropagator } from './trace-context-propagator.js';
