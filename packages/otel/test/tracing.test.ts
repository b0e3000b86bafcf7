import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type Client, isRpcError, type Server, Status } from '@yrpc/rpc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { otelClientInterceptor, otelServerInterceptor } from '../src/index.js';
import { type RelayLog, relayClient, relayServer } from './helpers/relay-service.js';
import { inMemoryTelemetry, type Telemetry } from './helpers/telemetry.js';

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const byName = (spans: ReadableSpan[], name: string, kind: SpanKind) => {
  const found = spans.filter((span) => span.name === name && span.kind === kind);
  expect(found, `${SpanKind[kind]} ${name}`).toHaveLength(1);
  return found[0] as ReadableSpan;
};

describe('traces over loopback', () => {
  const servers: Server[] = [];
  const clients: Client[] = [];
  let telemetry: Telemetry;

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const server of servers.splice(0)) await server.close();
    await telemetry?.shutdown();
  });

  /** Server B (Say), server A whose Forward calls B, and a client of A; all traced. */
  async function twoHops(log?: RelayLog) {
    telemetry = inMemoryTelemetry();
    const options = {
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
    };
    const b = await relayServer({ interceptors: [otelServerInterceptor(options)] });
    const toB = relayClient(b.port, {
      interceptors: [
        otelClientInterceptor({ ...options, serverAddress: '127.0.0.1', serverPort: b.port }),
      ],
    });
    const a = await relayServer({ interceptors: [otelServerInterceptor(options)] }, toB.relay, log);
    const toA = relayClient(a.port, {
      interceptors: [
        otelClientInterceptor({ ...options, serverAddress: '127.0.0.1', serverPort: a.port }),
      ],
    });
    servers.push(a.server, b.server);
    clients.push(toA.client, toB.client);
    return { relay: toA.relay, portA: a.port, portB: b.port };
  }

  it('makes one trace of two hops: client -> server A -> client -> server B', async () => {
    const { relay, portA, portB } = await twoHops();
    expect(await relay.Forward({ text: 'hi' })).toMatchObject({ text: 'forwarded said hi' });
    await vi.waitFor(() => expect(telemetry.spans()).toHaveLength(4));
    const spans = telemetry.spans();

    const outer = byName(spans, 'yrpc.otel.test.Relay/Forward', SpanKind.CLIENT);
    const forward = byName(spans, 'yrpc.otel.test.Relay/Forward', SpanKind.SERVER);
    const inner = byName(spans, 'yrpc.otel.test.Relay/Say', SpanKind.CLIENT);
    const say = byName(spans, 'yrpc.otel.test.Relay/Say', SpanKind.SERVER);
    const traceId = outer.spanContext().traceId;
    for (const span of spans) expect(span.spanContext().traceId).toBe(traceId);
    expect(parentOf(outer)).toBeUndefined();
    expect(parentOf(forward)).toBe(outer.spanContext().spanId);
    expect(forward.parentSpanContext?.isRemote).toBe(true);
    expect(parentOf(inner)).toBe(forward.spanContext().spanId);
    expect(parentOf(say)).toBe(inner.spanContext().spanId);

    expect(outer.attributes).toEqual({
      'rpc.system': 'yrpc',
      'rpc.service': 'yrpc.otel.test.Relay',
      'rpc.method': 'Forward',
      'server.address': '127.0.0.1',
      'server.port': portA,
      'rpc.yrpc.status_code': 0,
      'rpc.response.status_code': 'OK',
    });
    expect(inner.attributes['server.port']).toBe(portB);
    expect(say.attributes).toMatchObject({
      'rpc.system': 'yrpc',
      'rpc.service': 'yrpc.otel.test.Relay',
      'rpc.method': 'Say',
      'network.peer.address': '127.0.0.1',
      'rpc.yrpc.status_code': 0,
    });
    expect(say.attributes['network.peer.port']).toEqual(expect.any(Number));
    for (const span of spans) expect(span.status.code).toBe(SpanStatusCode.UNSET);
    // Each span lies within its parent's.
    const start = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];
    const end = (span: ReadableSpan) => span.endTime[0] * 1e9 + span.endTime[1];
    expect(start(inner)).toBeGreaterThanOrEqual(start(forward));
    expect(end(inner)).toBeLessThanOrEqual(end(forward));
  });

  it('marks a failed call ERROR on both sides, with its status', async () => {
    const { relay } = await twoHops();
    const error = await relay.Fail({ text: 'thing' }).catch((thrown: unknown) => thrown);
    expect(isRpcError(error) && error.code).toBe(Status.NOT_FOUND);
    await vi.waitFor(() => expect(telemetry.spans()).toHaveLength(2));
    for (const span of telemetry.spans()) {
      expect(span.status).toEqual({
        code: SpanStatusCode.ERROR,
        message: expect.stringContaining('no thing'),
      });
      expect(span.attributes).toMatchObject({
        'rpc.yrpc.status_code': Status.NOT_FOUND,
        'rpc.response.status_code': 'NOT_FOUND',
        'error.type': 'NOT_FOUND',
      });
    }
  });

  it('ends a cancelled call CANCELLED on both sides', async () => {
    const log: RelayLog = { waiting: 0 };
    const { relay } = await twoHops(log);
    const controller = new AbortController();
    const call = relay.Wait({ count: 10_000 }, { signal: controller.signal });
    await vi.waitFor(() => expect(log.waiting).toBe(1));
    controller.abort();
    const error = await call.catch((thrown: unknown) => thrown);
    expect(isRpcError(error) && error.code).toBe(Status.CANCELLED);
    await vi.waitFor(() => expect(telemetry.spans()).toHaveLength(2));
    for (const span of telemetry.spans()) {
      expect(span.attributes['rpc.response.status_code']).toBe('CANCELLED');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    }
  });

  it('ends a call past its deadline DEADLINE_EXCEEDED on both sides', async () => {
    const { relay } = await twoHops();
    const error = await relay.Wait({ count: 10_000 }, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(isRpcError(error) && error.code).toBe(Status.DEADLINE_EXCEEDED);
    await vi.waitFor(() => expect(telemetry.spans()).toHaveLength(2));
    const spans = telemetry.spans();
    const client = byName(spans, 'yrpc.otel.test.Relay/Wait', SpanKind.CLIENT);
    expect(client.attributes['rpc.response.status_code']).toBe('DEADLINE_EXCEEDED');
    for (const span of spans) expect(span.status.code).toBe(SpanStatusCode.ERROR);
    const server = byName(spans, 'yrpc.otel.test.Relay/Wait', SpanKind.SERVER);
    const milliseconds = (span: typeof server) => span.duration[0] * 1e3 + span.duration[1] / 1e6;
    // The client's span lasts the whole 50 ms budget; the server's from the request's arrival
    // (later, on a loaded machine) to the CANCEL's, so only a bound above is certain for it.
    expect(milliseconds(client)).toBeGreaterThanOrEqual(45);
    expect(milliseconds(server)).toBeGreaterThan(0);
    expect(milliseconds(server)).toBeLessThan(5_000);
    // The server's own timer and the CANCEL the client's timer sends race; the CANCEL carries
    // the deadline as its reason, so the server span says DEADLINE_EXCEEDED either way.
    expect(server.attributes['rpc.response.status_code']).toBe('DEADLINE_EXCEEDED');
  });

  it('adds a message event per message of a server stream, and ends when the stream does', async () => {
    const { relay } = await twoHops();
    const texts: string[] = [];
    for await (const reply of relay.Count({ count: 3 })) texts.push(reply.text ?? '');
    expect(texts).toEqual(['1', '2', '3']);
    await vi.waitFor(() => expect(telemetry.spans()).toHaveLength(2));
    const spans = telemetry.spans();
    const server = byName(spans, 'yrpc.otel.test.Relay/Count', SpanKind.SERVER);
    const client = byName(spans, 'yrpc.otel.test.Relay/Count', SpanKind.CLIENT);
    expect(parentOf(server)).toBe(client.spanContext().spanId);
    expect(server.events.map((event) => [event.name, event.attributes])).toEqual([
      ['message', { 'rpc.message.type': 'SENT', 'rpc.message.id': 1 }],
      ['message', { 'rpc.message.type': 'SENT', 'rpc.message.id': 2 }],
      ['message', { 'rpc.message.type': 'SENT', 'rpc.message.id': 3 }],
    ]);
    expect(client.attributes['rpc.response.status_code']).toBe('OK');
  });

  it('adds RECEIVED and SENT events for a bidirectional stream', async () => {
    const { relay } = await twoHops();
    async function* requests() {
      yield { text: 'a' };
      yield { text: 'b' };
    }
    const replies: string[] = [];
    for await (const reply of relay.Chat(requests())) replies.push(reply.text ?? '');
    expect(replies).toEqual(['re a', 're b']);
    await vi.waitFor(() => expect(telemetry.spans()).toHaveLength(2));
    const server = byName(telemetry.spans(), 'yrpc.otel.test.Relay/Chat', SpanKind.SERVER);
    const events = server.events.map((event) => event.attributes);
    expect(events.filter((event) => event?.['rpc.message.type'] === 'RECEIVED')).toEqual([
      { 'rpc.message.type': 'RECEIVED', 'rpc.message.id': 1 },
      { 'rpc.message.type': 'RECEIVED', 'rpc.message.id': 2 },
    ]);
    expect(events.filter((event) => event?.['rpc.message.type'] === 'SENT')).toHaveLength(2);
  });
});
