import { otelClientInterceptor } from '@yrpc/otel';
import type { EchoClientFactory } from '../echo-target.js';
import { discardingTracerProvider } from './discarding-tracer-provider.js';
import { yrpcEchoClient } from './yrpc-client.js';

const tracerProvider = discardingTracerProvider();

/**
 * The yrpc echo client (same code path) with @yrpc/otel's client interceptor: a span per call
 * (with `server.address` and `server.port`) into a real tracer provider whose spans are
 * discarded, its trace context sent in each call's metadata (metrics off: the goal is tracing's).
 */
export const connectEchoClient: EchoClientFactory = (endpoint) =>
  yrpcEchoClient({
    interceptors: [
      otelClientInterceptor({
        tracerProvider,
        metrics: false,
        serverAddress: endpoint.host,
        serverPort: endpoint.port,
      }),
    ],
  })(endpoint);
