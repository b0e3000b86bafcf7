import { Client } from '@yrpc/rpc';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EchoConnection, EchoServerHandle } from '../src/targets/echo-target.js';
import { discardedSpans } from '../src/targets/yrpc/discarding-tracer-provider.js';
import { connectEchoClient } from '../src/targets/yrpc/yrpc-client.js';
import { loadUnconvertedYrpcEcho, loadYrpcEcho } from '../src/targets/yrpc/yrpc-echo-service.js';
import * as interceptedClient from '../src/targets/yrpc/yrpc-interceptors-client.js';
import * as interceptedServer from '../src/targets/yrpc/yrpc-interceptors-server.js';
import * as roundRobinClient from '../src/targets/yrpc/yrpc-round-robin-client.js';
import * as roundRobinServer from '../src/targets/yrpc/yrpc-round-robin-server.js';
import { startEchoServer } from '../src/targets/yrpc/yrpc-server.js';
import * as tracedClient from '../src/targets/yrpc/yrpc-traced-client.js';
import * as tracedServer from '../src/targets/yrpc/yrpc-traced-server.js';
import * as unconvertedClient from '../src/targets/yrpc/yrpc-unconverted-client.js';
import * as unconvertedServer from '../src/targets/yrpc/yrpc-unconverted-server.js';
import { echo } from './echo-call.js';

let server: EchoServerHandle | undefined;
const connections: EchoConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
  await server?.close();
  server = undefined;
});

/**
 * The yrpc target, the same target with one no-op interceptor on each side, the same target
 * with the protobufjs Types as Echo codecs, the same target traced by @yrpc/otel, and its
 * servers on three addresses called through a round_robin ClientPool (yrpc-cluster's workers
 * need child processes: test/yrpc-cluster.test.ts).
 */
const PLAIN = { name: 'yrpc', startEchoServer, connectEchoClient };
const INTERCEPTED = {
  name: 'yrpc-interceptors',
  startEchoServer: interceptedServer.startEchoServer,
  connectEchoClient: interceptedClient.connectEchoClient,
};
const UNCONVERTED = {
  name: 'yrpc-unconverted',
  startEchoServer: unconvertedServer.startEchoServer,
  connectEchoClient: unconvertedClient.connectEchoClient,
};

const TRACED = {
  name: 'yrpc-traced',
  startEchoServer: tracedServer.startEchoServer,
  connectEchoClient: tracedClient.connectEchoClient,
};

const ROUND_ROBIN = {
  name: 'yrpc-round-robin',
  startEchoServer: roundRobinServer.startEchoServer,
  connectEchoClient: roundRobinClient.connectEchoClient,
};

describe.each([PLAIN, INTERCEPTED, UNCONVERTED, TRACED, ROUND_ROBIN])(
  '$name echo target over loopback',
  (target) => {
    it('echoes empty, small and 256 KiB payloads on two connections, many in flight', async () => {
      server = await target.startEchoServer({ host: '127.0.0.1', port: 0 });
      const options = { host: '127.0.0.1', port: server.port, payloadSize: 16, concurrency: 64 };
      connections.push(
        await target.connectEchoClient(options),
        await target.connectEchoClient(options),
      );
      const payloads = [0, 16, 256 * 1024, ...Array.from({ length: 64 }, (_, i) => 16 + i)].map(
        (size) => Buffer.alloc(size, size & 0xff),
      );
      for (const connection of connections) {
        const replies = await Promise.all(payloads.map((payload) => echo(connection, payload)));
        replies.forEach((reply, index) => {
          expect(Buffer.compare(reply, payloads[index] as Buffer)).toBe(0);
        });
      }
    });

    it('fails calls after close instead of hanging', async () => {
      server = await target.startEchoServer({ host: '127.0.0.1', port: 0 });
      const connection = await target.connectEchoClient({
        host: '127.0.0.1',
        port: server.port,
        payloadSize: 16,
        concurrency: 1,
      });
      await connection.close();
      await expect(echo(connection, new Uint8Array(4))).rejects.toThrowError(/closed/);
    });
  },
);

/** Starts `target`'s server and connects its client (closed after the test). */
async function connect(target: typeof PLAIN): Promise<EchoConnection> {
  server = await target.startEchoServer({ host: '127.0.0.1', port: 0 });
  const options = { host: '127.0.0.1', port: server.port, payloadSize: 16, concurrency: 64 };
  const connection = await target.connectEchoClient(options);
  connections.push(connection);
  return connection;
}

describe('yrpc-interceptors target over loopback', () => {
  const passed = () => ({
    server: interceptedServer.serverInterceptorCalls.passed,
    client: interceptedClient.clientInterceptorCalls.passed,
  });

  it('passes every call through its server and its client interceptor', async () => {
    const connection = await connect(INTERCEPTED);
    const before = passed();
    const payloads = Array.from({ length: 100 }, (_, i) => Buffer.alloc(16, i));
    const replies = await Promise.all(payloads.map((payload) => echo(connection, payload)));
    replies.forEach((reply, index) => {
      expect(Buffer.compare(reply, payloads[index] as Buffer)).toBe(0);
    });
    expect(passed()).toEqual({ server: before.server + 100, client: before.client + 100 });
  });

  it('leaves the plain yrpc target without interceptors', async () => {
    const connection = await connect(PLAIN);
    const before = passed();
    const payload = Buffer.alloc(16, 7);
    expect(Buffer.compare(await echo(connection, payload), payload)).toBe(0);
    expect(passed()).toEqual(before);
  });
});

describe('yrpc-traced target over loopback', () => {
  it('echoes every payload and makes a client and a server span per call', async () => {
    const connection = await connect(TRACED);
    const before = discardedSpans.ended;
    const payloads = Array.from({ length: 100 }, (_, i) => Buffer.alloc(16, i));
    const replies = await Promise.all(payloads.map((payload) => echo(connection, payload)));
    replies.forEach((reply, index) => {
      expect(Buffer.compare(reply, payloads[index] as Buffer)).toBe(0);
    });
    // A server span ends when its answer is written, before the client has it.
    expect(discardedSpans.ended - before).toBe(200);
  });

  it('leaves the plain yrpc target untraced', async () => {
    const connection = await connect(PLAIN);
    const before = discardedSpans.ended;
    const payload = Buffer.alloc(16, 7);
    expect(Buffer.compare(await echo(connection, payload), payload)).toBe(0);
    expect(discardedSpans.ended).toBe(before);
  });
});

describe('yrpc-unconverted target over loopback', () => {
  it('gets the payload bytes back through its server and client', async () => {
    const connection = await connect(UNCONVERTED);
    const payloads = Array.from({ length: 100 }, (_, i) => Buffer.alloc(16, i));
    const replies = await Promise.all(payloads.map((payload) => echo(connection, payload)));
    replies.forEach((reply, index) => {
      expect(Buffer.compare(reply, payloads[index] as Buffer)).toBe(0);
    });
  });

  it('answers with protobufjs messages where yrpc converts them into plain objects', async () => {
    await connect(UNCONVERTED);
    const client = new Client({ host: '127.0.0.1', port: server?.port ?? 0 });
    try {
      const payload = Buffer.alloc(16, 3);
      const unconverted = await client.unary<{ payload: Uint8Array }>(
        loadUnconvertedYrpcEcho().echo,
        { payload },
      );
      expect(unconverted).toBeInstanceOf(protobuf.Message);
      expect(Buffer.compare(unconverted.payload, payload)).toBe(0);
      // The same server answers a converting Echo of the same .proto: a plain object out.
      const converted = await client.unary<{ payload: Uint8Array }>(loadYrpcEcho().echo, {
        payload,
      });
      expect(converted).not.toBeInstanceOf(protobuf.Message);
      expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
      expect(Buffer.compare(converted.payload, payload)).toBe(0);
    } finally {
      await client.close();
    }
  });
});
