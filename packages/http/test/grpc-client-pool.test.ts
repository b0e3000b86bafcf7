import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ClientPool } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcTransport } from '../src/grpc-client/grpc-transport.js';
import { INTEROP_PROTO, Numbers } from './helpers/interop-service.js';

// A ClientPool whose clients speak gRPC (`transport: grpcTransport()`) balancing calls over two
// real @grpc/grpc-js servers, and going on with the one left when the other stops.

interface NumberMessage {
  value?: number | undefined;
}

interface NumbersStub {
  Double(request: { value: number }): Promise<{ value: number }>;
  Count(request: { value: number }): AsyncIterable<{ value: number }>;
}

const definition = protoLoader.loadSync(INTEROP_PROTO, { defaults: true });
const service = (
  grpc.loadPackageDefinition(definition) as unknown as {
    yrpc: { test: { interop: { Numbers: { service: grpc.ServiceDefinition } } } };
  }
).yrpc.test.interop.Numbers.service;

/** A grpc-js server whose Double answers `value + offset`, so each answer names its server. */
async function startServer(offset: number): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  server.addService(service, {
    Double(
      call: grpc.ServerUnaryCall<NumberMessage, NumberMessage>,
      callback: grpc.sendUnaryData<NumberMessage>,
    ) {
      callback(null, { value: (call.request.value ?? 0) + offset });
    },
    Count(call: grpc.ServerWritableStream<NumberMessage, NumberMessage>) {
      for (let i = 1; i <= (call.request.value ?? 0); i++) call.write({ value: i + offset });
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  );
  return { server, port };
}

const stop = (server: grpc.Server) =>
  new Promise<void>((resolve) => server.tryShutdown(() => resolve()));

let first: { server: grpc.Server; port: number };
let second: { server: grpc.Server; port: number };
let pool: ClientPool;

beforeAll(async () => {
  first = await startServer(1000);
  second = await startServer(2000);
  pool = new ClientPool(`static:///127.0.0.1:${first.port},127.0.0.1:${second.port}`, {
    policy: 'round_robin',
    transport: grpcTransport(),
  });
});

afterAll(async () => {
  await pool?.close();
  first?.server.forceShutdown();
  second?.server.forceShutdown();
});

describe('ClientPool with grpcTransport', () => {
  it('spreads unary and streaming calls over both gRPC servers, then keeps to the one left', async () => {
    const numbers = pool.service(Numbers) as unknown as NumbersStub;
    // Calls made before any connection is up all go to the first that is: wait for both.
    await numbers.Double({ value: 0 });
    for (let i = 0; i < 100 && !pool.connections().every(({ ready }) => ready); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pool.connections().map(({ ready }) => ready)).toEqual([true, true]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => numbers.Double({ value: i })),
    );
    const servers = answers.map(({ value }, i) => value - i);
    expect(new Set(servers)).toEqual(new Set([1000, 2000]));
    // Round robin: each server takes half of the calls.
    expect(servers.filter((offset) => offset === 1000)).toHaveLength(10);

    const streamed: number[] = [];
    for await (const { value } of numbers.Count({ value: 3 })) streamed.push(value);
    // One server answered the whole stream: the same offset on every message.
    const offsets = new Set(streamed.map((value, i) => value - (i + 1)));
    expect(streamed).toHaveLength(3);
    expect(offsets.size).toBe(1);

    await stop(second.server);
    // Calls that meet the stopped server fail UNAVAILABLE until it is ejected; then every
    // call goes to the first server.
    const after: number[] = [];
    for (let i = 0; i < 30 && after.length < 10; i++) {
      try {
        after.push((await numbers.Double({ value: 0 })).value);
      } catch {
        // the stopped server, before the pool took it out of the rotation
      }
    }
    expect(after).toEqual(Array.from({ length: 10 }, () => 1000));
    expect(pool.connections().filter((connection) => connection.ready)).toHaveLength(1);
  }, 30_000);
});
