import { afterEach, describe, expect, it } from 'vitest';
import { Client, type ClientOptions, Server, type ServerOptions, Status } from '../src/index.js';
import { Echo, echoImplementation } from './helpers/echo-service.js';
import { type FreezableProxy, startProxy } from './helpers/freezable-proxy.js';
import { eventually, rejection } from './helpers/harness.js';

interface Setup {
  readonly server: Server;
  readonly proxy: FreezableProxy;
  readonly client: Client;
  readonly abortReasons: string[];
}

let current: Setup | undefined;

/** Client → freezable proxy → server, with a SleepAsync that records why it was aborted. */
async function setup(serverOptions: ServerOptions, clientOptions: ClientOptions): Promise<Setup> {
  const abortReasons: string[] = [];
  const server = new Server(serverOptions).addService(Echo, {
    ...echoImplementation({ events: [] }),
    sleepAsync: (_request, context) =>
      new Promise((_resolve, reject) => {
        context.signal.addEventListener('abort', () => {
          abortReasons.push((context.signal.reason as Error).message);
          reject(context.signal.reason);
        });
      }),
  });
  const bound = await server.listen({ host: '127.0.0.1', port: 0 });
  const proxy = await startProxy(bound);
  const client = new Client(proxy.endpoint, clientOptions);
  current = { server, proxy, client, abortReasons };
  return current;
}

afterEach(async () => {
  if (current === undefined) return;
  await current.client.close();
  await current.proxy.close();
  await current.server.close();
  current = undefined;
});

const QUIET = { heartbeat: { intervalMs: 0 } } as const;

describe('server heartbeat', () => {
  it('finds a client gone silent, closes its connection and stops its calls naming the cause', async () => {
    const { server, proxy, client, abortReasons } = await setup(
      { heartbeat: { intervalMs: 40, timeoutMs: 80 } },
      QUIET,
    );
    const call = client.service(Echo).sleepAsync({ ms: 0 });
    call.catch(() => {});
    await eventually(() => server.connections === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    proxy.freeze();
    const frozenAt = Date.now();
    await eventually(() => server.connections === 0, 2000);
    expect(Date.now() - frozenAt).toBeLessThan(1000);
    expect(abortReasons).toHaveLength(1);
    expect(abortReasons[0]).toMatch(/did not answer a heartbeat PING within 80 ms/);
    expect(abortReasons[0]).toContain('heartbeat.timeoutMs');
  });

  it('keeps an idle connection that answers its PINGs', async () => {
    const { server, client } = await setup(
      { heartbeat: { intervalMs: 20, timeoutMs: 200, minPingIntervalMs: 10 } },
      { heartbeat: { intervalMs: 20, timeoutMs: 200 } },
    );
    const echo = client.service(Echo);
    await echo.echo({ text: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.connected).toBe(true);
    expect(server.connections).toBe(1);
    await expect(echo.echo({ text: 'b' })).resolves.toMatchObject({ text: 'b' });
  });

  it('sends away a client that pings too often with a clear RESOURCE_EXHAUSTED GOAWAY', async () => {
    const { server, client } = await setup(
      { heartbeat: { intervalMs: 0, minPingIntervalMs: 1000, maxPingStrikes: 2 } },
      // The client's PINGs come one per PONG timeout (plus the interval): 200 ms is still five
      // times too often for the server, and leaves a loaded machine time to answer each PING
      // (a 50 ms one could end the connection as dead before the server's GOAWAY arrived).
      { heartbeat: { intervalMs: 10, timeoutMs: 200 } },
    );
    const error = await rejection(client.service(Echo).sleep({ ms: 3000 }));
    expect(error.code).toBe(Status.UNAVAILABLE);
    expect(error.message).toContain('RESOURCE_EXHAUSTED');
    expect(error.message).toMatch(/too many pings \(ENHANCE_YOUR_CALM\)/);
    expect(error.message).toContain('heartbeat.minPingIntervalMs');
    await eventually(() => server.connections === 0);
  });
});

describe('client heartbeat', () => {
  it('finds a server gone silent and fails its calls with UNAVAILABLE naming the cause', async () => {
    const { proxy, client } = await setup(QUIET, { heartbeat: { intervalMs: 40, timeoutMs: 80 } });
    const echo = client.service(Echo);
    await echo.echo({ text: 'warm up' });
    const call = echo.sleep({ ms: 5000 });
    proxy.freeze();
    const frozenAt = Date.now();
    const error = await rejection(call);
    expect(Date.now() - frozenAt).toBeLessThan(1000);
    expect(error.code).toBe(Status.UNAVAILABLE);
    expect(error.message).toMatch(/did not answer a heartbeat PING within 80 ms/);
    expect(client.connected).toBe(false);
  });

  it('rejects heartbeat options that are not whole milliseconds, naming them', () => {
    expect(() => new Client({ port: 1 }, { heartbeat: { timeoutMs: 0 } })).toThrow(
      /heartbeat\.timeoutMs/,
    );
    expect(() => new Server({ heartbeat: { intervalMs: -1 } })).toThrow(/heartbeat\.intervalMs/);
  });
});
