import { createServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { type CallOptions, Client, type ClientInterceptor, isRpcError, Status } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameMessage } from '../src/grpc/message-framer.js';
import { grpcTransport } from '../src/grpc-client/grpc-transport.js';
import { INTEROP_PROTO, Numbers, NumberType } from './helpers/interop-service.js';

// A yrpc Client in gRPC mode (`transport: grpcTransport()`) calling a real @grpc/grpc-js server:
// the same stubs, options and errors as over the yrpc protocol.

interface NumberMessage {
  value?: number | undefined;
  payload?: Buffer | undefined;
}

interface Reply {
  value: number;
  payload: Uint8Array;
}

/** The Numbers stub as these tests call it (a service loaded at run time is untyped). */
interface NumbersStub {
  Double(request: { value: number; payload?: Uint8Array }, options?: CallOptions): Promise<Reply>;
  Double(
    request: { value: number },
    callback: (error: Error | null, response?: Reply) => void,
  ): void;
  Count(request: { value: number }): AsyncIterable<Reply>;
  Add(requests: Iterable<{ value: number }>): Promise<{ total: number; count: number }>;
  Echo(requests: Iterable<{ value: number }>): AsyncIterable<Reply>;
  Wait(request: { value: number }, options?: CallOptions): Promise<Reply>;
}

const definition = protoLoader.loadSync(INTEROP_PROTO, { defaults: true });
const service = (
  grpc.loadPackageDefinition(definition) as unknown as {
    yrpc: { test: { interop: { Numbers: { service: grpc.ServiceDefinition } } } };
  }
).yrpc.test.interop.Numbers.service;

/** What the grpc-js handlers saw. */
const seen: { metadata?: grpc.Metadata; cancelled: number; encoding?: string } = { cancelled: 0 };

const implementation: grpc.UntypedServiceImplementation = {
  Double(
    call: grpc.ServerUnaryCall<NumberMessage, NumberMessage>,
    callback: grpc.sendUnaryData<NumberMessage>,
  ) {
    seen.metadata = call.metadata;
    const value = call.request.value ?? 0;
    const headers = new grpc.Metadata();
    headers.set('x-token', String(call.metadata.get('x-token')[0] ?? ''));
    call.sendMetadata(headers);
    if (value < 0) {
      const trailers = new grpc.Metadata();
      trailers.set('x-why', 'negative');
      callback({
        code: grpc.status.INVALID_ARGUMENT,
        details: `negative: ${value} ✗`,
        metadata: trailers,
      });
      return;
    }
    const trailers = new grpc.Metadata();
    trailers.set('x-cost', '3');
    callback(null, { value: value * 2, payload: call.request.payload }, trailers);
  },
  Count(call: grpc.ServerWritableStream<NumberMessage, NumberMessage>) {
    for (let i = 1; i <= (call.request.value ?? 0); i++) call.write({ value: i });
    call.end();
  },
  Add(
    call: grpc.ServerReadableStream<NumberMessage, unknown>,
    callback: grpc.sendUnaryData<unknown>,
  ) {
    let total = 0;
    let count = 0;
    call.on('data', (request: NumberMessage) => {
      total += request.value ?? 0;
      count++;
    });
    call.on('end', () => callback(null, { total, count }));
  },
  Echo(call: grpc.ServerDuplexStream<NumberMessage, NumberMessage>) {
    call.on('data', (request: NumberMessage) => call.write({ value: request.value }));
    call.on('end', () => call.end());
  },
  Wait(call: grpc.ServerUnaryCall<NumberMessage, NumberMessage>) {
    call.on('cancelled', () => {
      seen.cancelled++;
    });
  },
};

let server: grpc.Server;
let port: number;
const clients: Client[] = [];

function client(options: ConstructorParameters<typeof Client>[1] = {}) {
  const made = new Client({ host: '127.0.0.1', port }, { ...options, transport: grpcTransport() });
  clients.push(made);
  return made.service(Numbers) as unknown as NumbersStub;
}

beforeAll(async () => {
  server = new grpc.Server({ 'grpc.default_compression_algorithm': 2 } as grpc.ServerOptions);
  server.addService(service, implementation);
  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  );
});

afterAll(async () => {
  await Promise.all(clients.map((made) => made.close()));
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
});

describe('a yrpc Client in gRPC mode calling a grpc-js server', () => {
  it('counts the bytes of its connection in client.stats(), after it closed too', async () => {
    const made = new Client({ host: '127.0.0.1', port }, { transport: grpcTransport() });
    expect(made.stats()).toMatchObject({ bytesIn: 0, bytesOut: 0 });
    const numbers = made.service(Numbers) as unknown as NumbersStub;
    const payload = new Uint8Array(10_000).fill(7);
    expect((await numbers.Double({ value: 1, payload })).payload).toHaveLength(10_000);
    const open = made.stats();
    expect(open.bytesOut).toBeGreaterThan(10_000);
    expect(open.bytesIn).toBeGreaterThan(10_000);
    await made.close();
    expect(made.stats().bytesOut).toBeGreaterThanOrEqual(open.bytesOut);
    expect(made.stats().bytesIn).toBeGreaterThanOrEqual(open.bytesIn);
  });

  it('makes unary calls in every style, with metadata both ways', async () => {
    const numbers = client({ metadata: { 'x-client': 'yrpc' } });
    let headers: Record<string, string> | undefined;
    let trailers: Record<string, string> | undefined;
    const reply = await numbers.Double(
      { value: 21, payload: new Uint8Array([1, 2]) },
      {
        metadata: { 'x-token': 'abc' },
        onMetadata: (h, t) => {
          headers = h;
          trailers = t;
        },
      },
    );
    expect(reply.value).toBe(42);
    expect([...reply.payload]).toEqual([1, 2]);
    expect(seen.metadata?.get('x-client')).toEqual(['yrpc']);
    expect(headers?.['x-token']).toBe('abc');
    expect(trailers?.['x-cost']).toBe('3');
    const viaCallback = await new Promise((resolve, reject) =>
      numbers.Double({ value: 2 }, (error, response) =>
        error === null ? resolve(response) : reject(error),
      ),
    );
    expect(viaCallback).toMatchObject({ value: 4 });
  });

  it('fails with the server status code, message and trailers', async () => {
    const error = await client()
      .Double({ value: -1 })
      .catch((caught: unknown) => caught);
    expect(isRpcError(error) && error.code).toBe(Status.INVALID_ARGUMENT);
    expect((error as Error).message).toContain('negative: -1 ✗');
    expect((error as { metadata: { key: string; value: string }[] }).metadata).toContainEqual({
      key: 'x-why',
      value: 'negative',
    });
  });

  it('streams: server streaming, client streaming, bidi', async () => {
    const numbers = client();
    const counted: number[] = [];
    for await (const message of numbers.Count({ value: 4 })) counted.push(message.value);
    expect(counted).toEqual([1, 2, 3, 4]);
    expect(await numbers.Add([{ value: 1 }, { value: 2 }, { value: 3 }])).toMatchObject({
      total: 6,
      count: 3,
    });
    const echoed: number[] = [];
    for await (const message of numbers.Echo([{ value: 7 }, { value: 8 }]))
      echoed.push(message.value);
    expect(echoed).toEqual([7, 8]);
  });

  it('sends its deadline and cancels on the server when it passes or the caller aborts', async () => {
    const numbers = client();
    const before = seen.cancelled;
    const late = await numbers
      .Wait({ value: 1 }, { timeoutMs: 50 })
      .catch((caught: unknown) => caught);
    expect(isRpcError(late) && late.code).toBe(Status.DEADLINE_EXCEEDED);
    const controller = new AbortController();
    const aborted = numbers
      .Wait({ value: 1 }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    setTimeout(() => controller.abort(), 30);
    const abortError = await aborted;
    expect(isRpcError(abortError) && abortError.code).toBe(Status.CANCELLED);
    await expect.poll(() => seen.cancelled).toBe(before + 2);
  });

  it('compresses its requests with gzip (which the grpc-js server reads)', async () => {
    const payload = new Uint8Array(64 * 1024).fill(7);
    const reply = await client({ compression: 'gzip' }).Double({ value: 1, payload });
    expect(reply.payload.length).toBe(payload.length);
  });

  it('reads responses compressed with deflate (grpc-js servers never compress theirs)', async () => {
    const payload = new Uint8Array(64 * 1024).fill(9);
    const answer = NumberType.encode({ value: 8, payload }).finish();
    const raw = createServer();
    raw.on('stream', (stream) => {
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-encoding': 'deflate' },
        { waitForTrailers: true },
      );
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frameMessage(1, deflateSync(answer)));
      stream.resume();
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const made = new Client(
      { host: '127.0.0.1', port: (raw.address() as AddressInfo).port },
      { transport: grpcTransport() },
    );
    try {
      const numbers = made.service(Numbers) as unknown as NumbersStub;
      const reply = await numbers.Double({ value: 4 });
      expect(reply.value).toBe(8);
      expect(Buffer.from(reply.payload).equals(Buffer.from(payload))).toBe(true);
      expect(made.stats().bytesIn).toBeLessThan(payload.length / 4);
    } finally {
      await made.close();
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('runs client interceptors around gRPC calls', async () => {
    const stamp: ClientInterceptor = (request, options, info, next) =>
      next(request, {
        ...options,
        metadata: { ...options.metadata, 'x-token': `via ${info.method.path}` },
      });
    let headers: Record<string, string> | undefined;
    await client({ interceptors: [stamp] }).Double(
      { value: 1 },
      {
        onMetadata: (h: Record<string, string>) => {
          headers = h;
        },
      },
    );
    expect(headers?.['x-token']).toBe('via /yrpc.test.interop.Numbers/Double');
  });

  it('fails with UNAVAILABLE when nothing listens', async () => {
    const closed = new Client({ host: '127.0.0.1', port: 1 }, { transport: grpcTransport() });
    clients.push(closed);
    const stub = closed.service(Numbers) as unknown as NumbersStub;
    const error = await stub.Double({ value: 1 }).catch((caught: unknown) => caught);
    expect(isRpcError(error) && error.code).toBe(Status.UNAVAILABLE);
  });
});
