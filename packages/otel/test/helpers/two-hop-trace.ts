import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { otelClientInterceptor, otelServerInterceptor } from '../../src/index.js';
import { relayClient, relayServer } from './relay-service.js';

/** The spans of one traced call across two hops, and who recorded each. */
export interface TwoHopTrace {
  readonly spans: ReadableSpan[];
  sideOf(span: ReadableSpan): string;
}

/**
 * A client calls Forward on server A, whose handler calls Say on server B: each of the three
 * (client, server A with its own client, server B) has its own tracer provider, as three
 * processes would. Two calls are made (the first one opens the connections); the spans are the
 * second one's. Everything is closed before it returns.
 */
export async function recordTwoHopTrace(): Promise<TwoHopTrace> {
  const sides = ['client', 'server A', 'server B'] as const;
  const exporters = new Map(sides.map((side) => [side, new InMemorySpanExporter()]));
  const providers = new Map(
    sides.map((side) => [
      side,
      new BasicTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(exporters.get(side) as InMemorySpanExporter)],
      }),
    ]),
  );
  const tracing = (side: (typeof sides)[number]) => ({
    tracerProvider: providers.get(side) as BasicTracerProvider,
    metrics: false,
  });
  const b = await relayServer({ interceptors: [otelServerInterceptor(tracing('server B'))] });
  const toB = relayClient(b.port, { interceptors: [otelClientInterceptor(tracing('server A'))] });
  const a = await relayServer(
    { interceptors: [otelServerInterceptor(tracing('server A'))] },
    toB.relay,
  );
  const toA = relayClient(a.port, { interceptors: [otelClientInterceptor(tracing('client'))] });
  try {
    // The first call also opens the connections; the trace kept is the second one's.
    await toA.relay.Forward({ text: 'warm-up' });
    await toA.relay.Forward({ text: 'hello' });
  } finally {
    await toA.client.close();
    await a.server.close();
    await toB.client.close();
    await b.server.close();
  }
  for (const provider of providers.values()) await provider.forceFlush();
  const last = exporters.get('client')?.getFinishedSpans().at(-1)?.spanContext().traceId;
  const bySpan = new Map<ReadableSpan, string>();
  for (const side of sides) {
    for (const span of exporters.get(side)?.getFinishedSpans() ?? []) {
      if (span.spanContext().traceId === last) bySpan.set(span, side);
    }
  }
  for (const provider of providers.values()) await provider.shutdown();
  return { spans: [...bySpan.keys()], sideOf: (span) => bySpan.get(span) ?? '?' };
}
