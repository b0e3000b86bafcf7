import { connect as netConnect, type Socket } from 'node:net';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  type DynamicMessage,
  Server,
  type ServiceImplementation,
  Status,
} from '../src/index.js';
import { makeTestCertificates } from './helpers/certificates.js';
import { lineProtocol } from './helpers/line-protocol.js';
import { Numbers } from './helpers/streams-service.js';
import { stubOf } from './streaming/streaming-helpers.js';

const NumberType = Numbers.methods.get('Double')?.requestType;
const encode = (value: number) =>
  Buffer.from(NumberType?.encode({ value }).finish() ?? []).toString('base64');
const decode = (base64: string) =>
  NumberType?.decode(Buffer.from(base64, 'base64')) as { value: number };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What the handlers saw, for the tests to check. */
const seen: { metadata?: Record<string, string>; aborted?: unknown } = {};

const implementation: ServiceImplementation<unknown> = {
  double: (request: DynamicMessage, context: { metadata: Record<string, string> }) => {
    seen.metadata = context.metadata;
    return { value: (request.value ?? 0) * 2 };
  },
  async *count(request: DynamicMessage) {
    for (let i = 1; i <= (request.value ?? 0); i++) yield { value: i };
  },
  async add(requests: AsyncIterable<DynamicMessage>, context: { signal: AbortSignal }) {
    context.signal.addEventListener('abort', () => {
      seen.aborted = context.signal.reason;
    });
    let total = 0;
    for await (const request of requests) total += request.value ?? 0;
    return { total };
  },
  async *echo() {},
};

async function serve(options: ConstructorParameters<typeof Server>[0] = {}) {
  const line = lineProtocol();
  const server = new Server({ ...options, protocols: [line.factory] }).addService(
    Numbers,
    implementation,
  );
  cleanups.push(() => server.close());
  return { server, line };
}

/** Sends `lines` on a new line-protocol connection and collects the lines answered. */
function exchange(socket: Socket, lines: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    socket.once('close', () => resolve(text.split('\n').filter((line) => line !== '')));
    socket.on('error', () => {});
    for (const line of lines) socket.write(`${line}\n`);
  });
}

function dial(port: number): Socket {
  const socket = netConnect({ host: '127.0.0.1', port });
  cleanups.push(() => socket.destroy());
  return socket;
}

describe('Server protocols (the extension point)', () => {
  it('hands a connection to the protocol that claims its first bytes, and runs its calls through the services', async () => {
    const { server, line } = await serve();
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    const answer = await exchange(dial(port), [
      `CALL /yrpc.test.streams.Numbers/Double 0 ${encode(21)}`,
    ]);
    expect(answer[0]).toBe('HEADERS 0');
    expect(decode((answer[1] ?? '').slice(4)).value).toBe(42);
    expect(answer[2]).toBe('STATUS 0 ');
    expect(seen.metadata).toEqual({ via: 'line' });
    expect(line.protocol().handed[0]?.alpn).toBe(false);
    expect(Buffer.from(line.protocol().handed[0]?.head ?? []).toString()).toMatch(/^CALL /);

    // The yrpc protocol is served on the same port.
    const client = new Client({ host: '127.0.0.1', port });
    cleanups.push(() => client.close());
    expect(await stubOf(client).double({ value: 4 })).toMatchObject({ value: 8 });
    expect(server.stats().callsFinished).toBe(2);
  });

  it('streams both ways: a server stream, and a client stream ended by the peer', async () => {
    const { server } = await serve();
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    const counted = await exchange(dial(port), [
      `CALL /yrpc.test.streams.Numbers/Count 0 ${encode(3)}`,
    ]);
    expect(counted.filter((l) => l.startsWith('MSG')).map((l) => decode(l.slice(4)).value)).toEqual(
      [1, 2, 3],
    );
    expect(counted.at(-1)).toBe('STATUS 0 ');
    const added = await exchange(dial(port), [
      'CALL /yrpc.test.streams.Numbers/Add 0',
      `MSG ${encode(5)}`,
      `MSG ${encode(7)}`,
      'END',
    ]);
    const sum = Numbers.methods
      .get('Add')
      ?.responseType.decode(Buffer.from((added[1] ?? '').slice(4), 'base64')) as { total: number };
    expect(sum.total).toBe(12);
  });

  it('answers an unknown method with UNIMPLEMENTED and a passed deadline with DEADLINE_EXCEEDED', async () => {
    const { server } = await serve();
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    const unknown = await exchange(dial(port), ['CALL /no.Such/Method 0 ']);
    expect(unknown.at(-1)).toMatch(new RegExp(`^STATUS ${Status.UNIMPLEMENTED} `));
    const late = await exchange(dial(port), ['CALL /yrpc.test.streams.Numbers/Add 30']);
    expect(late.at(-1)).toMatch(new RegExp(`^STATUS ${Status.DEADLINE_EXCEEDED} `));
  });

  it('stops the handler when the protocol gives the call up (its peer left)', async () => {
    const { server } = await serve();
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    seen.aborted = undefined;
    const socket = dial(port);
    socket.write('CALL /yrpc.test.streams.Numbers/Add 0\n');
    await expect.poll(() => server.stats().callsInFlight).toBe(1);
    socket.destroy();
    await expect
      .poll(() => (seen.aborted as { code?: number } | undefined)?.code)
      .toBe(Status.CANCELLED);
    expect(server.stats().callsInFlight).toBe(0);
  });

  it('lets a graceful shutdown drain the protocol and wait for its calls', async () => {
    const { server, line } = await serve();
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    const socket = dial(port);
    const answer = exchange(socket, ['CALL /yrpc.test.streams.Numbers/Add 0', `MSG ${encode(2)}`]);
    await expect.poll(() => server.stats().callsInFlight).toBe(1);
    const shutdown = server.shutdown({ drainTimeoutMs: 5000 });
    await expect.poll(() => line.protocol().drains).toBe(1);
    socket.write('END\n');
    expect((await answer).at(-1)).toBe('STATUS 0 ');
    await shutdown;
  });

  it('picks the protocol by TLS ALPN id, and offers yrpc first', async () => {
    const certs = makeTestCertificates();
    const { server, line } = await serve();
    const { port } = await server.listen({
      host: '127.0.0.1',
      port: 0,
      tls: { key: certs.serverKey, cert: certs.serverCert },
    });
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      ca: certs.ca,
      servername: 'localhost',
      ALPNProtocols: ['line/1'],
    });
    cleanups.push(() => socket.destroy());
    const answer = await exchange(socket, [
      `CALL /yrpc.test.streams.Numbers/Double 0 ${encode(1)}`,
    ]);
    expect(answer.at(-1)).toBe('STATUS 0 ');
    expect(line.protocol().handed[0]?.alpn).toBe('line/1');
    // The yrpc client offers its ALPN id by default: the server keeps it on yrpc unread.
    const client = new Client({
      host: '127.0.0.1',
      port,
      tls: { ca: certs.ca, servername: 'localhost' },
    });
    cleanups.push(() => client.close());
    expect(await stubOf(client).double({ value: 2 })).toMatchObject({ value: 4 });
    expect(line.protocol().handed).toHaveLength(1);
  });

  it('has a yrpc client offer the yrpc ALPN id under TLS', async () => {
    const certs = makeTestCertificates();
    const agreed = new Promise<string | false>((resolve) => {
      const server = createTlsServer(
        { key: certs.serverKey, cert: certs.serverCert, ALPNProtocols: ['h2', 'yrpc'] },
        (socket) => {
          resolve(socket.alpnProtocol ?? false);
          socket.destroy();
        },
      );
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        const client = new Client(
          { host: '127.0.0.1', port, tls: { ca: certs.ca, servername: 'localhost' } },
          { reconnect: { attempts: 1 } },
        );
        cleanups.push(() => client.close());
        client.connect().catch(() => {});
      });
      cleanups.push(() => server.close());
    });
    expect(await agreed).toBe('yrpc');
  });
});
