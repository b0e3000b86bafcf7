import { afterEach, describe, expect, it } from 'vitest';
import { Client, type ClientOptions, Server, type ServerOptions, sleep } from '../src/index.js';
import { ResultCache } from '../src/server/result-cache.js';
import { Echo, echoImplementation } from './helpers/echo-service.js';
import { type FreezableProxy, startProxy } from './helpers/freezable-proxy.js';
import { eventually } from './helpers/harness.js';

const context = (key: string) => ({
  method: '/a.B/C' as const,
  peer: 'p',
  metadata: {},
  idempotencyKey: key,
  deadline: undefined,
  signal: new AbortController().signal,
  cancelled: false,
});

describe('ResultCache', () => {
  it('runs each key once, joins a running call and keeps at most maxEntries results', async () => {
    const cache = new ResultCache({ maxEntries: 2, maxBytes: 1000, ttlMs: 10_000 }, () => 10);
    let runs = 0;
    const next = async (request: unknown) => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return request;
    };
    const first = cache.interceptor('a', context('k1') as never, next);
    const joined = cache.interceptor('ignored', context('k1') as never, next);
    expect(await first).toBe('a');
    expect(await joined).toBe('a');
    expect(await cache.interceptor('x', context('k1') as never, next)).toBe('a');
    expect(runs).toBe(1);
    await cache.interceptor('b', context('k2') as never, next);
    await cache.interceptor('c', context('k3') as never, next);
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(20);
    expect(await cache.interceptor('again', context('k1') as never, next)).toBe('again');
  });

  it('keeps no result larger than maxBytes and no failure', async () => {
    const cache = new ResultCache({ maxEntries: 10, maxBytes: 5, ttlMs: 10_000 }, () => 10);
    await cache.interceptor('a', context('k') as never, async (r: unknown) => r);
    expect(cache.size).toBe(0);
    const failing = cache.interceptor('a', context('f') as never, async () => {
      throw new Error('no');
    }) as Promise<unknown>;
    await expect(failing).rejects.toThrow('no');
    expect(cache.size).toBe(0);
  });
});

describe('result cache with a real dropped connection', () => {
  let server: Server | undefined;
  let proxy: FreezableProxy | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    await proxy?.close();
    await server?.close();
  });

  async function start(serverOptions: ServerOptions, retryDelayMs: number) {
    const counter = { runs: 0 };
    server = new Server(serverOptions).addService(Echo, {
      ...echoImplementation({ events: [] }),
      *sleep(request) {
        counter.runs++;
        const run = counter.runs;
        yield* sleep(request.ms ?? 0);
        return { text: `run ${run}` };
      },
    });
    proxy = await startProxy(await server.listen({ host: '127.0.0.1', port: 0 }));
    const options: ClientOptions = {
      retry: {
        idempotentMethods: ['yrpc.test.Echo/Sleep'],
        initialDelayMs: retryDelayMs,
        maxDelayMs: retryDelayMs,
        jitter: 0,
      },
    };
    client = new Client(proxy.endpoint, options);
    return { counter, echo: client.service(Echo) };
  }

  it('joins the call still running when the client comes back: the handler runs once', async () => {
    const { counter, echo } = await start({ resultCache: { ttlMs: 10_000 } }, 20);
    const reply = echo.sleep({ ms: 300 }, { timeoutMs: 5000 });
    await eventually(() => counter.runs === 1);
    proxy?.drop();
    await expect(reply).resolves.toEqual({ text: 'run 1' });
    expect(counter.runs).toBe(1);
  });

  it('hands over the answer that finished while the client was away', async () => {
    const { counter, echo } = await start({ resultCache: { ttlMs: 10_000 } }, 300);
    const reply = echo.sleep({ ms: 50 }, { timeoutMs: 5000 });
    await eventually(() => counter.runs === 1);
    proxy?.drop();
    await expect(reply).resolves.toEqual({ text: 'run 1' });
    expect(counter.runs).toBe(1);
  });

  it('runs the call twice without a cache (what the cache prevents)', async () => {
    const { counter, echo } = await start({}, 20);
    const reply = echo.sleep({ ms: 100 }, { timeoutMs: 5000 });
    await eventually(() => counter.runs === 1);
    proxy?.drop();
    await expect(reply).resolves.toEqual({ text: 'run 2' });
    expect(counter.runs).toBe(2);
  });
});
