import { existsSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Connection,
  connect,
  Listener,
  type NetError,
  type Operation,
  run,
  type TlsClientOptions,
} from '../src/index.js';
import { makeTestCertificates, type TestCertificates } from './certificates.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(...args: Parameters<typeof Listener.listen>): Promise<Listener> {
  const listener = await Listener.listen(...args);
  cleanups.push(() => listener.stop(200));
  return listener;
}

async function dial(...args: Parameters<typeof connect>): Promise<Connection> {
  const connection = await connect(...args);
  cleanups.push(() => connection.abort());
  return connection;
}

/** Echoes every byte back (callback style). */
function echo(connection: Connection): void {
  connection.onReadable((c) => {
    if (c.input.readableBytes > 0) c.write(c.input.readView(c.input.readableBytes));
  });
}

function readable(connection: Connection, count: number): Promise<boolean> {
  return new Promise((resolve, reject) =>
    connection.whenReadable(count, { resume: resolve, fail: reject }),
  );
}

async function roundTrip(connection: Connection, bytes: number[]): Promise<number[]> {
  connection.write(new Uint8Array(bytes));
  await readable(connection, bytes.length);
  return [...connection.input.take(bytes.length)];
}

describe('Listener', () => {
  it('accepts TCP connections on an OS-chosen port and hands each to the handler', async () => {
    const listener = await listen({ port: 0 }, echo);
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.address).toBe(`127.0.0.1:${listener.port}`);
    const client = await dial({ port: listener.port as number });
    expect(await roundTrip(client, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(listener.stats.accepted).toBe(1);
  });

  it('accepts on a Unix domain socket and releases the path on stop', async () => {
    const path = join(tmpdir(), `yrpc-net-${process.pid}-${Date.now()}.sock`);
    const listener = await Listener.listen({ path }, echo);
    try {
      expect(listener.address).toBe(path);
      const client = await dial({ path });
      expect(await roundTrip(client, [7, 8])).toEqual([7, 8]);
    } finally {
      await listener.stop(200);
    }
    expect(existsSync(path)).toBe(false);
  });

  it('hands connections to a waiting accept, in order', async () => {
    const listener = await listen({ port: 0 });
    const accepted = new Promise<Connection>((resolve, reject) =>
      listener.whenAccepted({ resume: resolve, fail: reject }),
    );
    const client = await dial({ port: listener.port as number });
    const server = await accepted;
    client.write(new Uint8Array([5]));
    expect(await readable(server, 1)).toBe(true);
  });

  it('resets connections beyond maxConnections and counts them', async () => {
    const listener = await listen({ port: 0, maxConnections: 2 }, echo);
    const port = listener.port as number;
    const first = await dial({ port });
    const second = await dial({ port });
    await roundTrip(first, [1]);
    await roundTrip(second, [1]);
    const third = await dial({ port });
    const reason = await third.closed;
    expect(reason === null || reason.code === 'reset').toBe(true);
    expect(listener.stats.rejected).toBe(1);
    expect(listener.connectionCount).toBe(2);
  });

  it('stops gracefully: open connections are flushed and closed cleanly, accept waiters fail', async () => {
    const listener = await Listener.listen({ port: 0 });
    const accepted = new Promise<Connection>((resolve, reject) =>
      listener.whenAccepted({ resume: resolve, fail: reject }),
    );
    const client = await dial({ port: listener.port as number });
    const server = await accepted;
    server.write(new Uint8Array(100_000).fill(3));
    const waiting = new Promise<Connection>((resolve, reject) =>
      listener.whenAccepted({ resume: resolve, fail: reject }),
    );
    const stopped = listener.stop(2000);
    await expect(waiting).rejects.toMatchObject({ code: 'closed' });
    await stopped;
    expect(await server.closed).toBeNull();
    expect(await readable(client, 100_000)).toBe(true);
    expect(await client.closed).toBeNull();
    await expect(connect({ port: listener.port as number })).rejects.toMatchObject({
      code: 'refused',
    });
  });

  it('reports an address in use with the address in the message', async () => {
    const listener = await listen({ port: 0 });
    const error: NetError = await Listener.listen({ port: listener.port as number }).then(
      () => {
        throw new Error('expected address-in-use');
      },
      (e) => e,
    );
    expect(error.code).toBe('address-in-use');
    expect(error.message).toContain(`127.0.0.1:${listener.port}`);
  });

  it('rejects bad options naming the option', async () => {
    await expect(Listener.listen({ port: 70000 })).rejects.toMatchObject({
      code: 'invalid-option',
      message: expect.stringContaining('port'),
    });
    await expect(
      Listener.listen({ port: 0, connection: { idleTimeoutMs: -1 } }),
    ).rejects.toMatchObject({
      code: 'invalid-option',
      message: expect.stringContaining('idleTimeoutMs'),
    });
    await expect(
      Listener.listen({ port: 0, connection: { writeStallTimeoutMs: -5 } }),
    ).rejects.toMatchObject({
      code: 'invalid-option',
      message: expect.stringContaining('writeStallTimeoutMs'),
    });
  });

  it('gives accepted connections its connection options (write-stall detection, water marks)', async () => {
    const accepted: Connection[] = [];
    const listener = await listen(
      { port: 0, connection: { writeStallTimeoutMs: 150, inputHighWaterMark: 64 * 1024 } },
      (connection) => {
        accepted.push(connection);
        // Answer with far more than the kernel buffers hold, to a client that never reads.
        const chunk = new Uint8Array(1024 * 1024);
        for (let i = 0; i < 32; i++) connection.writeOwned(chunk);
      },
    );
    const client = netConnect({ host: '127.0.0.1', port: listener.port as number });
    client.on('error', () => {});
    cleanups.push(() => client.destroy());
    client.pause();
    client.write(new Uint8Array(256 * 1024));
    while (accepted.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const connection = accepted[0] as Connection;
    const reason = await connection.closed;
    expect(reason?.code).toBe('write-stall');
    expect(reason?.message).toContain('has not read for');
    // The input high-water mark came along too: reading paused at 64 KiB, not at 4 MiB.
    expect(connection.stats.bytesRead).toBeLessThan(256 * 1024);
  });

  it('runs each connection in its own coroutine and stops when the accept loop is halted', async () => {
    const listener = await Listener.listen({ port: 0 });
    const port = listener.port as number;
    const loop = run(function* () {
      yield* listener.serve(function* (connection): Operation<void> {
        while (yield* connection.read(1)) {
          const byte = connection.input.readU8();
          if (byte === 0xff) throw new Error('poison');
          connection.write(new Uint8Array([byte + 1]));
        }
      });
    });
    const first = await dial({ port });
    const second = await dial({ port });
    expect(await roundTrip(first, [1])).toEqual([2]);
    expect(await roundTrip(second, [5])).toEqual([6]);
    // A failing handler aborts its own connection only.
    second.write(new Uint8Array([0xff]));
    expect((await second.closed)?.code).toBe('reset');
    expect(await roundTrip(first, [7])).toEqual([8]);
    await loop.halt();
    expect(listener.stopped).toBe(true);
    expect(await first.closed).toBeNull();
  });

  it('opens and closes 2,000 connections without leaking handles or listeners', async () => {
    const listener = await listen({ port: 0 }, echo);
    const port = listener.port as number;
    const handlesBefore = process.getActiveResourcesInfo().length;
    for (let round = 0; round < 20; round++) {
      const clients = await Promise.all(Array.from({ length: 100 }, () => connect({ port })));
      await Promise.all(clients.map((client) => roundTrip(client, [round])));
      for (const client of clients) client.close();
      await Promise.all(clients.map((client) => client.closed));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listener.stats.accepted).toBe(2000);
    expect(listener.connectionCount).toBe(0);
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(handlesBefore + 2);
  }, 30_000);
});

describe('Listener over TLS', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeTestCertificates();
  });

  it('serves TLS to a client that trusts its CA', async () => {
    const listener = await listen(
      { port: 0, tls: { key: certs.serverKey, cert: certs.serverCert } },
      echo,
    );
    const client = await dial({ port: listener.port as number, tls: { ca: certs.ca } });
    expect(await roundTrip(client, [4, 5, 6])).toEqual([4, 5, 6]);
  });

  it('fails with tls-verify when the client does not trust the server certificate', async () => {
    const listener = await listen({
      port: 0,
      tls: { key: certs.serverKey, cert: certs.serverCert },
    });
    const error: NetError = await connect({
      port: listener.port as number,
      tls: { ca: certs.otherCa },
    }).then(
      () => {
        throw new Error('expected a verification failure');
      },
      (e) => e,
    );
    expect(error.code).toBe('tls-verify');
    expect(error.message).toContain(`127.0.0.1:${listener.port}`);
  });

  it('requires and verifies client certificates for mutual TLS', async () => {
    const listener = await listen(
      {
        port: 0,
        tls: {
          key: certs.serverKey,
          cert: certs.serverCert,
          ca: certs.ca,
          requestCert: true,
          rejectUnauthorized: true,
        },
      },
      echo,
    );
    const port = listener.port as number;
    const good = await dial({
      port,
      tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
    });
    expect(await roundTrip(good, [9])).toEqual([9]);

    // TLS 1.3 clients finish their handshake before the server checks them: the refusal
    // arrives either as a connect failure or as the close reason of the new connection.
    const refusal = async (tls: TlsClientOptions) => {
      try {
        const connection = await connect({ port, tls });
        cleanups.push(() => connection.abort());
        connection.write(new Uint8Array([1]));
        return await connection.closed;
      } catch (error) {
        return error as NetError;
      }
    };
    const missing = await refusal({ ca: certs.ca });

    expect(missing?.code).toMatch(/tls-verify|tls-handshake|reset/);
    const untrusted = await refusal({
      ca: certs.ca,
      cert: certs.otherClientCert,
      key: certs.otherClientKey,
    });
    // Refused after the client's side of the handshake completed, the client may see only the
    // peer hanging up (a clean close); the listener's count below is the real check.
    if (untrusted !== null) expect(untrusted.code).toMatch(/tls-verify|tls-handshake|reset/);
    expect(listener.stats.handshakeFailures).toBeGreaterThanOrEqual(2);
    expect(listener.stats.accepted).toBe(1);
  });
});
