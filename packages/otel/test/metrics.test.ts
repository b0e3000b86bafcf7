import type { Histogram } from '@opentelemetry/sdk-metrics';
import { type Client, type Server, Status } from '@yrpc/rpc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { otelClientInterceptor, otelServerInterceptor } from '../src/index.js';
import { relayClient, relayServer } from './helpers/relay-service.js';
import { inMemoryTelemetry, type Telemetry } from './helpers/telemetry.js';

/** The value of each data point by `rpc.method`/status name ('' when it has no status). */
function byMethodAndStatus(points: { attributes: Record<string, unknown>; value: unknown }[]) {
  return Object.fromEntries(
    points.map((point) => [
      `${point.attributes['rpc.method']} ${point.attributes['rpc.response.status_code'] ?? ''}`.trim(),
      point.value,
    ]),
  );
}

describe('metrics over loopback', () => {
  let server: Server | undefined;
  let client: Client | undefined;
  let telemetry: Telemetry;

  afterEach(async () => {
    await client?.close();
    await server?.close();
    await telemetry?.shutdown();
  });

  async function start(traces = true) {
    telemetry = inMemoryTelemetry();
    const options = {
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
      traces,
    };
    const started = await relayServer({ interceptors: [otelServerInterceptor(options)] });
    server = started.server;
    const connected = relayClient(started.port, {
      interceptors: [otelClientInterceptor(options)],
    });
    client = connected.client;
    return connected.relay;
  }

  for (const traces of [true, false]) {
    it(`counts calls by status, in flight back to 0, durations and sizes (traces ${traces ? 'on' : 'off'})`, async () => {
      const relay = await start(traces);
      await relay.Say({ text: 'a' });
      await relay.Say({ text: 'bb' });
      await relay.Fail({ text: 'c' }).catch(() => undefined);
      const texts: string[] = [];
      for await (const reply of relay.Count({ count: 3 })) texts.push(reply.text ?? '');
      expect(texts).toHaveLength(3);

      for (const side of ['server', 'client']) {
        await vi.waitFor(async () =>
          expect(byMethodAndStatus(await telemetry.points(`rpc.${side}.calls.finished`))).toEqual({
            'Say OK': 2,
            'Fail NOT_FOUND': 1,
            'Count OK': 1,
          }),
        );
        expect(byMethodAndStatus(await telemetry.points(`rpc.${side}.calls.started`))).toEqual({
          Say: 2,
          Fail: 1,
          Count: 1,
        });
        expect(byMethodAndStatus(await telemetry.points(`rpc.${side}.calls.active`))).toEqual({
          Say: 0,
          Fail: 0,
          Count: 0,
        });
        const durations = await telemetry.points(`rpc.${side}.duration`);
        const say = durations.find((point) => point.attributes['rpc.method'] === 'Say');
        const sayDuration = say?.value as Histogram;
        expect(sayDuration.count).toBe(2);
        expect(sayDuration.sum).toBeGreaterThan(0);
        expect(sayDuration.min).toBeGreaterThan(0);
        expect(sayDuration.max).toBeLessThan(10_000);
        expect(say?.attributes).toMatchObject({
          'rpc.system': 'yrpc',
          'rpc.service': 'yrpc.otel.test.Relay',
          'rpc.yrpc.status_code': Status.OK,
        });

        // Say's requests are a tag and a length byte before 'a' (3 B) and 'bb' (4 B); Count sent 3 messages.
        const sizes = byMethodAndStatus(await telemetry.points(`rpc.${side}.request.size`));
        expect((sizes['Say OK'] as Histogram).sum).toBe(7);
        const responses = byMethodAndStatus(
          await telemetry.points(`rpc.${side}.responses_per_rpc`),
        );
        expect((responses['Count OK'] as Histogram).sum).toBe(3);
        expect((responses['Say OK'] as Histogram).sum).toBe(2);
        const responseSizes = byMethodAndStatus(
          await telemetry.points(`rpc.${side}.response.size`),
        );
        // 'said a' and 'said bb': 2 + 6 and 2 + 7 bytes.
        expect((responseSizes['Say OK'] as Histogram).sum).toBe(17);
      }
    });
  }

  it('counts a call in flight while it runs', async () => {
    const relay = await start();
    const call = relay.Wait({ count: 200 });
    await vi.waitFor(async () =>
      expect(byMethodAndStatus(await telemetry.points('rpc.server.calls.active'))).toEqual({
        Wait: 1,
      }),
    );
    expect(byMethodAndStatus(await telemetry.points('rpc.client.calls.active'))).toEqual({
      Wait: 1,
    });
    await call;
    await vi.waitFor(async () =>
      expect(byMethodAndStatus(await telemetry.points('rpc.server.calls.active'))).toEqual({
        Wait: 0,
      }),
    );
  });
});
