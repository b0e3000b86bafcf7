import type { MeterProvider, TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import { z } from 'zod';

const hasMethods =
  <T>(...methods: string[]) =>
  (value: unknown): value is T =>
    typeof value === 'object' &&
    value !== null &&
    methods.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');

/** Options of both interceptors. */
const sharedOptionsShape = {
  /**
   * Where spans go. Unset: the global one (`trace.setGlobalTracerProvider`), also when it is
   * registered after the interceptor was made.
   */
  tracerProvider: z
    .custom<TracerProvider>(hasMethods('getTracer'), 'not a TracerProvider')
    .optional(),
  /**
   * Where measurements go. Unset: the global one (`metrics.setGlobalMeterProvider`) as it is when
   * the interceptor is made (the metrics API has no proxy: register it first).
   */
  meterProvider: z.custom<MeterProvider>(hasMethods('getMeter'), 'not a MeterProvider').optional(),
  /**
   * How trace context travels in call metadata. Unset: the global propagator once one is
   * registered, W3C Trace Context (`traceparent`, `tracestate`) until then.
   */
  propagator: z
    .custom<TextMapPropagator>(hasMethods('inject', 'extract', 'fields'), 'not a TextMapPropagator')
    .optional(),
  /** Make spans (and propagate trace context). */
  traces: z.boolean().default(true),
  /** Record the RPC metrics. */
  metrics: z.boolean().default(true),
  /**
   * Add a `message` event (`rpc.message.type` SENT or RECEIVED, `rpc.message.id`) to the span of
   * a streaming call for each message of its streams the interceptor sees.
   */
  messageEvents: z.boolean().default(true),
};

/** Options of {@link otelServerInterceptor}. */
export const otelServerOptionsSchema = z.strictObject(sharedOptionsShape);

/** Options of {@link otelClientInterceptor}. */
export const otelClientOptionsSchema = z.strictObject({
  ...sharedOptionsShape,
  /** `server.address` of the client's spans and measurements: the host the client calls. */
  serverAddress: z.string().min(1).optional(),
  /** `server.port` of the client's spans and measurements. */
  serverPort: z.number().int().min(0).max(65_535).optional(),
});

/** Options of the server interceptor, as given; see {@link otelServerOptionsSchema}. */
export type OtelServerOptions = z.input<typeof otelServerOptionsSchema>;
/** Options of the client interceptor, as given; see {@link otelClientOptionsSchema}. */
export type OtelClientOptions = z.input<typeof otelClientOptionsSchema>;
