import { connect as http2Connect } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { type DynamicMessage, Server } from '@yrpc/rpc';
import { describe, expect, it } from 'vitest';
import { httpProtocols } from '../src/http-protocols.js';
import { INTEROP_PROTO, Numbers } from './helpers/interop-service.js';

// A graceful shutdown with HTTP calls in flight: HTTP/2 connections get a GOAWAY, the calls
// running finish, nothing new is taken, and shutdown returns once they are done.

type Callback = (error: grpc.ServiceError | null, reply?: { value: number }) => void;
interface NumbersClient extends grpc.Client {
  Double(request: { value: number }, callback: Callback): grpc.ClientUnaryCall;
}

const definition = protoLoader.loadSync(INTEROP_PROTO, { defaults: true });
const NumbersGrpc = (
  grpc.loadPackageDefinition(definition) as unknown as {
    yrpc: {
      test: {
        interop: {
          Numbers: new (address: string, credentials: grpc.ChannelCredentials) => NumbersClient;
        };
      };
    };
  }
).yrpc.test.interop.Numbers;

function double(client: NumbersClient, value: number): Promise<{ value: number }> {
  return new Promise((resolve, reject) =>
    client.Double({ value }, (error, reply) =>
      error === null && reply !== undefined ? resolve(reply) : reject(error),
    ),
  );
}

describe('graceful shutdown of the HTTP protocols', () => {
  it('lets gRPC and Connect calls in flight finish, refuses new ones, then closes', async () => {
    let started = 0;
    const server = new Server({ protocols: [httpProtocols()] }).addService(Numbers, {
      Double: async (request: DynamicMessage) => {
        started++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { value: ((request.value as number | undefined) ?? 0) * 2 };
      },
      Count: async function* () {},
      Add: async () => ({}),
      Echo: async function* () {},
      Wait: () => new Promise(() => {}),
    });
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = new NumbersGrpc(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      const overGrpc = double(client, 21);
      const overConnect = fetch(`http://127.0.0.1:${port}/yrpc.test.interop.Numbers/Double`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"value": 4}',
      }).then((response) => response.json());
      await expect.poll(() => server.stats().callsInFlight).toBe(2);
      // An idle HTTP/2 connection hears of the shutdown as a GOAWAY.
      const idle = http2Connect(`http://127.0.0.1:${port}`);
      idle.on('error', () => {});
      await new Promise((resolve) => idle.once('connect', resolve));
      // Told apart by the server (a connection still being told apart is refused once it drains).
      await expect.poll(() => server.stats().connections).toBe(3);
      const goaway = new Promise<number>((resolve) => idle.once('goaway', (code) => resolve(code)));
      const shutdown = server.shutdown({ drainTimeoutMs: 5000 });
      expect(await goaway).toBe(0);
      idle.destroy();
      expect(await overGrpc).toMatchObject({ value: 42 });
      expect(await overConnect).toEqual({ value: 8 });
      await shutdown;
      // The listener is gone: a new call cannot reach the server.
      const late = await double(client, 1).catch((error: grpc.ServiceError) => error);
      expect((late as grpc.ServiceError).code).toBe(grpc.status.UNAVAILABLE);
      expect(started).toBe(2);
    } finally {
      client.close();
      await server.close();
    }
  });
});
