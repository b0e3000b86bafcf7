import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type Histogram,
  type MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import type { Metric, Registry } from 'prom-client';

/** A sample line of a prom-client metric: its value, labels, and name when not the metric's. */
interface Sample {
  readonly value: number;
  readonly labels: Record<string, string | number>;
  readonly metricName?: string;
}

/** What prom-client's registry reads of a metric it prints (`registry.metrics()`). */
interface BridgedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly aggregator: 'sum';
  samples: Sample[];
  get(): Promise<{ name: string; help: string; type: string; aggregator: 'sum'; values: Sample[] }>;
}

/** OpenTelemetry units as the Prometheus name suffixes the OTel Prometheus exporter writes. */
const UNIT_SUFFIXES: Record<string, string> = { ms: 'milliseconds', s: 'seconds', By: 'bytes' };

const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_:]/g, '_');

/** `rpc.server.duration` in ms -> `rpc_server_duration_milliseconds`; counters end in `_total`. */
export function prometheusName(metric: MetricData): string {
  const unit = UNIT_SUFFIXES[metric.descriptor.unit];
  let name = sanitize(metric.descriptor.name);
  if (unit !== undefined && !name.endsWith(`_${unit}`)) name = `${name}_${unit}`;
  if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) name = `${name}_total`;
  return name;
}

function labelsOf(attributes: Attributes): Record<string, string | number> {
  const labels: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || typeof value === 'number') labels[sanitize(key)] = value;
    else if (value !== undefined) labels[sanitize(key)] = String(value);
  }
  return labels;
}

/** The Prometheus samples of one OpenTelemetry metric: one line per point, three kinds for a histogram. */
function samplesOf(metric: MetricData, name: string): Sample[] {
  const samples: Sample[] = [];
  for (const point of metric.dataPoints) {
    const labels = labelsOf(point.attributes);
    if (metric.dataPointType === DataPointType.HISTOGRAM) {
      const histogram = point.value as Histogram;
      let cumulative = 0;
      histogram.buckets.boundaries.forEach((boundary, index) => {
        cumulative += histogram.buckets.counts[index] ?? 0;
        samples.push({
          metricName: `${name}_bucket`,
          labels: { ...labels, le: boundary },
          value: cumulative,
        });
      });
      samples.push({
        metricName: `${name}_bucket`,
        labels: { ...labels, le: '+Inf' },
        value: histogram.count,
      });
      samples.push({ metricName: `${name}_sum`, labels, value: histogram.sum ?? 0 });
      samples.push({ metricName: `${name}_count`, labels, value: histogram.count });
    } else if (typeof point.value === 'number') {
      samples.push({ labels, value: point.value });
    }
  }
  return samples;
}

/**
 * An OpenTelemetry metric reader whose metrics a prom-client registry prints: `update()` collects
 * every instrument of the meter provider it is registered with (cumulative, as Prometheus wants)
 * and hands each one to `registry` as a prom-client metric (counters for monotonic sums, gauges
 * for the others, histograms with cumulative `le` buckets, `_sum` and `_count`). Call it before
 * `registry.metrics()` on every scrape; what prom-client collects itself sits beside them.
 */
export class PrometheusBridge extends MetricReader {
  readonly #registry: Registry;
  readonly #metrics = new Map<string, BridgedMetric>();

  constructor(registry: Registry) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
    this.#registry = registry;
  }

  /** Collects the OpenTelemetry metrics into the registry. */
  async update(): Promise<void> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) throw errors[0];
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) continue;
        const name = prometheusName(metric);
        let bridged = this.#metrics.get(name);
        if (bridged === undefined) {
          bridged = bridgedMetric(name, metric);
          this.#metrics.set(name, bridged);
          // prom-client reads a metric through name, help, type and get(): this is one.
          this.#registry.registerMetric(bridged as unknown as Metric);
        }
        bridged.samples = samplesOf(metric, name);
      }
    }
  }

  protected override async onForceFlush(): Promise<void> {}

  protected override async onShutdown(): Promise<void> {}
}

function bridgedMetric(name: string, metric: MetricData): BridgedMetric {
  const type =
    metric.dataPointType === DataPointType.HISTOGRAM
      ? 'histogram'
      : metric.dataPointType === DataPointType.SUM && metric.isMonotonic
        ? 'counter'
        : 'gauge';
  const help = metric.descriptor.description || metric.descriptor.name;
  const bridged: BridgedMetric = {
    name,
    help,
    type,
    aggregator: 'sum',
    samples: [],
    get: async () => ({ name, help, type, aggregator: 'sum', values: bridged.samples }),
  };
  return bridged;
}
