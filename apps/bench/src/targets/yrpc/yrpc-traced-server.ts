import { otelServerInterceptor } from '@yrpc/otel';
import type { EchoServerFactory } from '../echo-target.js';
import { discardingTracerProvider } from './discarding-tracer-provider.js';
import { yrpcEchoServer } from './yrpc-server.js';

/**
 * The yrpc echo server (same code path) with @yrpc/otel's server interceptor tracing every call
 * into a real tracer provider whose spans are discarded (metrics off: the goal is tracing's).
 */
export const startEchoServer: EchoServerFactory = yrpcEchoServer({
  interceptors: [
    otelServerInterceptor({ tracerProvider: discardingTracerProvider(), metrics: false }),
  ],
});
