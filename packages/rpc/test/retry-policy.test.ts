import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RetryBudget } from '../src/client/retry-policy.js';
import { Client, InvalidOptionError, loadProtoSync, Server, Status } from '../src/index.js';
import { Echo, echoImplementation } from './helpers/echo-service.js';
import { type FreezableProxy, startProxy } from './helpers/freezable-proxy.js';
import { eventually, rejection } from './helpers/harness.js';

describe('RetryBudget', () => {
  it('stops retries once half the tokens are spent and earns them back with successes', () => {
    const budget = new RetryBudget(4, 0.5);
    expect(budget.failed()).toBe(true); // 3 > 2
    expect(budget.failed()).toBe(false); // 2, not > 2
    budget.succeeded();
    budget.succeeded();
    expect(budget.tokens).toBe(3);
    expect(budget.failed()).toBe(false);
    for (let i = 0; i < 100; i++) budget.succeeded();
    expect(budget.tokens).toBe(4);
  });
});

describe('client retries over loopback', () => {
  let server: Server | undefined;
  let proxy: FreezableProxy | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    await proxy?.close();
    await server?.close();
  });

  /** Echo whose Echo drops the connection on its first run; records each run's key. */
  async function start(idempotentMethods: string[]) {
    const keys: (string | undefined)[] = [];
    server = new Server().addService(Echo, {
      ...echoImplementation({ events: [] }),
      echo(request, context) {
        keys.push(context.idempotencyKey);
        expect(context.metadata['idempotency-key']).toBeUndefined();
        if (keys.length === 1) proxy?.drop();
        return { text: request.text ?? '' };
      },
    });
    proxy = await startProxy(await server.listen({ host: '127.0.0.1', port: 0 }));
    client = new Client(proxy.endpoint, {
      retry: { idempotentMethods, initialDelayMs: 10, maxDelayMs: 50 },
    });
    return { keys, echo: client.service(Echo) };
  }

  it('sends an idempotent call again after a lost connection, with the same idempotency key', async () => {
    const { keys, echo } = await start(['yrpc.test.Echo/Echo']);
    await expect(echo.echo({ text: 'again' }, { timeoutMs: 5000 })).resolves.toMatchObject({
      text: 'again',
    });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('keeps the idempotency key the caller gave on every attempt', async () => {
    const { keys, echo } = await start(['yrpc.test.Echo/Echo']);
    await echo.echo({ text: 'mine' }, { timeoutMs: 5000, idempotencyKey: 'caller-key' });
    expect(keys).toEqual(['caller-key', 'caller-key']);
  });

  it('never sends a call of a method not marked idempotent again', async () => {
    const { keys, echo } = await start(['/yrpc.test.Echo/Sleep']);
    const error = await rejection(echo.echo({ text: 'once' }));
    expect(error.code).toBe(Status.UNAVAILABLE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(keys).toEqual([undefined]);
  });

  it('does not retry errors other than the ones listed', async () => {
    let runs = 0;
    server = new Server().addService(Echo, {
      ...echoImplementation({ events: [] }),
      fail() {
        runs++;
        throw new Error('boom');
      },
    });
    const bound = await server.listen({ host: '127.0.0.1', port: 0 });
    client = new Client(bound, { retry: { idempotentMethods: ['Fail'] } });
    expect((await rejection(client.service(Echo).fail({}))).code).toBe(Status.INTERNAL);
    await eventually(() => runs === 1);
    expect(runs).toBe(1);
  });

  it('retries the methods the .proto marks idempotent, and no other', async () => {
    const Counter = loadProtoSync(
      fileURLToPath(new URL('./fixtures/idempotent.proto', import.meta.url)),
    ).service('yrpc.test.Counter');
    const runs = { get: 0, add: 0 };
    server = new Server().addService(Counter, {
      get() {
        runs.get++;
        if (runs.get === 1) proxy?.drop();
        return { runs: runs.get };
      },
      add() {
        runs.add++;
        proxy?.drop();
        return { runs: runs.add };
      },
    });
    proxy = await startProxy(await server.listen({ host: '127.0.0.1', port: 0 }));
    client = new Client(proxy.endpoint, { retry: { initialDelayMs: 10 } });
    const counter = client.service(Counter);
    const stub = (name: string) => {
      const method = counter[name];
      if (method === undefined) throw new Error(`no stub for ${name}`);
      return method;
    };
    await expect(stub('get')({}, { timeoutMs: 5000 })).resolves.toEqual({ runs: 2 });
    expect((await rejection(stub('add')({ by: 1 }))).code).toBe(Status.UNAVAILABLE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs.add).toBe(1);
  });

  it('rejects a bad policy, naming the option', () => {
    expect(() => new Client({ port: 1 }, { retry: { maxAttempts: 0 } })).toThrow(
      InvalidOptionError,
    );
    expect(() => new Client({ port: 1 }, { retry: { maxAttempts: 0 } })).toThrow(
      /retry\.maxAttempts/,
    );
  });
});
