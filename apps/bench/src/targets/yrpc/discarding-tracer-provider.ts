import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Spans the discarding processor of this process was handed, for tests to prove that the
 * `yrpc-traced` target makes them (one increment per span: nothing next to what a span costs).
 */
export const discardedSpans = { ended: 0 };

/** Takes every ended span and drops it: the SDK does all its work, no exporter runs. */
const discardingProcessor: SpanProcessor = {
  onStart: () => {},
  onEnd: () => {
    discardedSpans.ended++;
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * A real OpenTelemetry SDK tracer provider (always sampled, spans recorded with their attributes
 * and events) whose spans go nowhere: what tracing costs a process, less its exporter.
 */
export function discardingTracerProvider(): BasicTracerProvider {
  return new BasicTracerProvider({ spanProcessors: [discardingProcessor] });
}
