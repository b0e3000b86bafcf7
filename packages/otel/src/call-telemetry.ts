import {
  type MeterProvider,
  metrics,
  type Span,
  type TextMapPropagator,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { CallEndListener } from '@yrpc/rpc';
import { INSTRUMENTATION_SCOPE } from './instrumentation-scope.js';
import type { MethodTelemetry } from './method-telemetry.js';
import { RpcMetrics, type RpcSide } from './rpc-metrics.js';
import { endSpan } from './span-end.js';
import { defaultPropagator } from './trace-context-propagator.js';

/** The parsed options both interceptors share. */
interface SharedOptions {
  readonly tracerProvider?: TracerProvider | undefined;
  readonly meterProvider?: MeterProvider | undefined;
  readonly propagator?: TextMapPropagator | undefined;
  readonly traces: boolean;
  readonly metrics: boolean;
}

/** What one interceptor records with: its tracer and metrics (each unset when off). */
export interface CallTelemetry {
  readonly tracer: Tracer | undefined;
  readonly metrics: RpcMetrics | undefined;
  readonly propagator: TextMapPropagator;
}

/** The tracer, metrics and propagator of an interceptor of `side`, from its options. */
export function callTelemetry(options: SharedOptions, side: RpcSide): CallTelemetry {
  return {
    tracer: options.traces
      ? (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE)
      : undefined,
    metrics: options.metrics
      ? new RpcMetrics(
          (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE),
          side,
        )
      : undefined,
    propagator: options.propagator ?? defaultPropagator,
  };
}

/**
 * Counts a call of `method` as started now, and returns what ends it: `span` (if any) ended
 * with the call's status, the metrics of its end recorded.
 */
export function startCall(
  telemetry: CallTelemetry,
  method: MethodTelemetry,
  span: Span | undefined,
): CallEndListener | undefined {
  const rpcMetrics = telemetry.metrics;
  if (rpcMetrics === undefined && span === undefined) return undefined;
  const started = performance.now();
  rpcMetrics?.started(method.attributes);
  return (end) => {
    if (span !== undefined) endSpan(span, end);
    rpcMetrics?.finished(
      method.attributes,
      method.withStatus(end.status),
      performance.now() - started,
      end,
    );
  };
}
