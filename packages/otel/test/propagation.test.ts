import {
  type Context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import {
  type Client,
  InvalidOptionError,
  type Metadata,
  type Server,
  type ServerInterceptor,
} from '@yrpc/rpc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  metadataGetter,
  metadataSetter,
  otelClientInterceptor,
  otelServerInterceptor,
  TraceContextPropagator,
} from '../src/index.js';
import { relayClient, relayServer } from './helpers/relay-service.js';
import { inMemoryTelemetry, type Telemetry } from './helpers/telemetry.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

function remote(flags = TraceFlags.SAMPLED): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: flags,
    isRemote: true,
  });
}

describe('TraceContextPropagator', () => {
  const propagator = new TraceContextPropagator();

  it('writes traceparent and tracestate in lower case, and reads them back', () => {
    const carrier: Record<string, string> = {};
    const state = propagator.extract(
      ROOT_CONTEXT,
      { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, tracestate: 'vendor=a,other=b' },
      metadataGetter,
    );
    propagator.inject(state, carrier, metadataSetter);
    expect(carrier).toEqual({
      traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`,
      tracestate: 'vendor=a,other=b',
    });
    expect(trace.getSpanContext(state)).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(propagator.fields()).toEqual(['traceparent', 'tracestate']);
  });

  it('keeps the sampled flag off', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(remote(TraceFlags.NONE), carrier, metadataSetter);
    expect(carrier.traceparent).toBe(`00-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('ignores headers that are not valid trace context', () => {
    for (const traceparent of [
      'garbage',
      `ff-${TRACE_ID}-${SPAN_ID}-01`,
      `00-${TRACE_ID}-${SPAN_ID}-01-extra`,
      `00-${'0'.repeat(32)}-${SPAN_ID}-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`,
    ]) {
      const extracted = propagator.extract(ROOT_CONTEXT, { traceparent }, metadataGetter);
      expect(extracted, traceparent).toBe(ROOT_CONTEXT);
    }
    // A later version may add fields.
    const later = propagator.extract(
      ROOT_CONTEXT,
      { traceparent: `01-${TRACE_ID}-${SPAN_ID}-01-more` },
      metadataGetter,
    );
    expect(trace.getSpanContext(later)?.traceId).toBe(TRACE_ID);
  });

  it('injects nothing without a valid span context', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(ROOT_CONTEXT, carrier, metadataSetter);
    expect(carrier).toEqual({});
  });

  it('reads metadata keys whatever case the field name is asked in', () => {
    const metadata: Metadata = { traceparent: 'x' };
    expect(metadataGetter.get(metadata, 'TraceParent')).toBe('x');
    expect(metadataGetter.keys(metadata)).toEqual(['traceparent']);
  });
});

/** A server interceptor that keeps the metadata of every call in `seen`. */
function recordMetadata(seen: Metadata[]): ServerInterceptor {
  return (request, context, next) => {
    seen.push(context.metadata);
    return next(request);
  };
}

describe('propagation through calls', () => {
  let server: Server | undefined;
  let client: Client | undefined;
  let telemetry: Telemetry;

  afterEach(async () => {
    propagation.disable();
    await client?.close();
    await server?.close();
    await telemetry?.shutdown();
  });

  it('sends traceparent and tracestate in the metadata the server sees, beside the caller’s own', async () => {
    telemetry = inMemoryTelemetry();
    const seen: Metadata[] = [];
    const started = await relayServer({ interceptors: [recordMetadata(seen)] });
    server = started.server;
    const connected = relayClient(started.port, {
      interceptors: [otelClientInterceptor({ tracerProvider: telemetry.tracerProvider })],
    });
    client = connected.client;
    await connected.relay.Say({ text: 'x' }, { metadata: { 'x-user': 'ada' } });
    const span = telemetry.spans()[0];
    expect(seen[0]).toEqual({
      'x-user': 'ada',
      traceparent: `00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`,
    });
  });

  it('makes the server span a root span when the call carries no trace context', async () => {
    telemetry = inMemoryTelemetry();
    const started = await relayServer({
      interceptors: [otelServerInterceptor({ tracerProvider: telemetry.tracerProvider })],
    });
    server = started.server;
    const connected = relayClient(started.port);
    client = connected.client;
    await connected.relay.Say({ text: 'x' });
    await vi.waitFor(() => expect(telemetry.spans()).toHaveLength(1));
    const [span] = telemetry.spans();
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('uses the global propagator once one is registered', async () => {
    telemetry = inMemoryTelemetry();
    const seen: Metadata[] = [];
    propagation.setGlobalPropagator({
      inject: (_context, carrier, setter) => setter.set(carrier, 'X-Custom', 'yes'),
      extract: (context) => context,
      fields: () => ['x-custom'],
    });
    const started = await relayServer({
      interceptors: [recordMetadata(seen)],
    });
    server = started.server;
    const connected = relayClient(started.port, {
      interceptors: [otelClientInterceptor({ tracerProvider: telemetry.tracerProvider })],
    });
    client = connected.client;
    await connected.relay.Say({ text: 'x' });
    expect(seen.map((metadata) => Object.keys(metadata))).toEqual([['x-custom']]);
  });

  it('sends no trace context and makes no spans with traces off', async () => {
    telemetry = inMemoryTelemetry();
    const seen: Metadata[] = [];
    const started = await relayServer({
      interceptors: [
        recordMetadata(seen),
        otelServerInterceptor({ tracerProvider: telemetry.tracerProvider, traces: false }),
      ],
    });
    server = started.server;
    const connected = relayClient(started.port, {
      interceptors: [
        otelClientInterceptor({ tracerProvider: telemetry.tracerProvider, traces: false }),
      ],
    });
    client = connected.client;
    await connected.relay.Say({ text: 'x' });
    expect(seen).toEqual([{}]);
    expect(telemetry.spans()).toEqual([]);
  });
});

describe('options', () => {
  it('are checked, every bad one named', () => {
    expect(() => otelServerInterceptor({ traces: 'yes' } as never)).toThrow(InvalidOptionError);
    expect(() =>
      otelClientInterceptor({ tracerProvider: {}, serverPort: 70_000 } as never),
    ).toThrow(
      /^otelClientInterceptor option tracerProvider: not a TracerProvider; option serverPort: .*/,
    );
    expect(() => otelServerInterceptor({ tracer: 1 } as never)).toThrow(
      'otelServerInterceptor option tracer: not a known option',
    );
  });
});
