import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  type ClientInterceptor,
  type DynamicMessage,
  isRpcError,
  RpcError,
  Server,
  Status,
} from '../src/index.js';
import { inProcessTransport } from './helpers/in-process-transport.js';
import { asyncNumbers, Numbers } from './helpers/streams-service.js';
import { type NumbersStub, stubOf } from './streaming/streaming-helpers.js';

// The client extension point (ClientOptions.transport): a Client whose calls are carried by a
// transport keeps its stubs, call styles, interceptors, deadlines, cancellation and errors.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const seen: { aborted?: unknown; deadline?: number | undefined } = {};

function connected(options: ConstructorParameters<typeof Client>[1] = {}): NumbersStub {
  const { protocol, transport } = inProcessTransport();
  const numbers = asyncNumbers({ events: [] });
  const server = new Server({ protocols: [protocol] }).addService(Numbers, {
    double: (request: DynamicMessage, context: { deadline: number | undefined }) => {
      seen.deadline = context.deadline;
      if ((request.value ?? 0) < 0) throw new RpcError(Status.INVALID_ARGUMENT, 'negative');
      return { value: (request.value ?? 0) * 2 };
    },
    async *count(request: DynamicMessage, context: { signal: AbortSignal }) {
      context.signal.addEventListener('abort', () => {
        seen.aborted = context.signal.reason;
      });
      for (let i = 1; i <= (request.value ?? 0); i++) yield { value: i };
      if ((request.value ?? 0) > 100) await new Promise(() => {});
    },
    add: numbers.add,
    echo: numbers.echo,
  });
  cleanups.push(() => server.close());
  const client = new Client({ host: '127.0.0.1', port: 1 }, { ...options, transport });
  cleanups.push(() => client.close());
  return stubOf(client);
}

describe('a Client with a transport', () => {
  it('makes unary calls and every kind of stream through it', async () => {
    const numbers = connected();
    expect(await numbers.double({ value: 21 })).toMatchObject({ value: 42 });
    const counted: number[] = [];
    for await (const message of numbers.count({ value: 3 })) counted.push(message.value ?? 0);
    expect(counted).toEqual([1, 2, 3]);
    expect(await numbers.add([{ value: 2 }, { value: 5 }])).toMatchObject({ total: 7, count: 2 });
    const echoed: number[] = [];
    for await (const message of numbers.echo([{ value: 8 }, { value: 9 }])) {
      echoed.push(message.value ?? 0);
    }
    expect(echoed).toEqual([8, 9]);
  });

  it('fails with the server status, and sends its deadline', async () => {
    const numbers = connected();
    const error = await numbers.double({ value: -1 }).catch((caught: unknown) => caught);
    expect(isRpcError(error) && error.code).toBe(Status.INVALID_ARGUMENT);
    const before = Date.now();
    await numbers.double({ value: 1 }, { timeoutMs: 5000 });
    expect(seen.deadline).toBeGreaterThanOrEqual(before + 4900);
  });

  it('cancels on the server when the caller stops reading a stream', async () => {
    const numbers = connected();
    seen.aborted = undefined;
    for await (const message of numbers.count({ value: 1000 })) {
      if ((message.value ?? 0) >= 2) break;
    }
    await expect
      .poll(() => (seen.aborted as { code?: number } | undefined)?.code)
      .toBe(Status.CANCELLED);
  });

  it('runs client interceptors around the transport', async () => {
    const doubled: ClientInterceptor = async (request, options, _info, next) => {
      const response = (await next(request, options)) as { value: number };
      return { value: response.value * 10 };
    };
    const numbers = connected({ interceptors: [doubled] });
    expect(await numbers.double({ value: 1 })).toMatchObject({ value: 20 });
  });
});
