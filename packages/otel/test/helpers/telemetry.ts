import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A metric reader read on demand (`collect()`), nothing exported anywhere. */
export class InMemoryMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** A tracer provider exporting to memory and a meter provider read on demand. */
export interface Telemetry {
  readonly exporter: InMemorySpanExporter;
  readonly tracerProvider: BasicTracerProvider;
  readonly reader: InMemoryMetricReader;
  readonly meterProvider: MeterProvider;
  spans(): ReadableSpan[];
  /** The data points of metric `name` in a fresh collection (empty when it has none). */
  points(name: string): Promise<DataPoint<number | Histogram>[]>;
  shutdown(): Promise<void>;
}

export function inMemoryTelemetry(): Telemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new InMemoryMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    exporter,
    tracerProvider,
    reader,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    async points(name) {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw errors[0];
      return metricPoints(resourceMetrics, name);
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

function metricPoints(metrics: ResourceMetrics, name: string): DataPoint<number | Histogram>[] {
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name === name) {
        return metric.dataPoints as DataPoint<number | Histogram>[];
      }
    }
  }
  return [];
}
