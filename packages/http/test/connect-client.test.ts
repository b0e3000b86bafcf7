import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type CallOptions, Client, type ClientStream, loadProtoSync, Status } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectTransportOptions,
  connectTransport,
} from '../src/connect-client/connect-transport.js';
import {
  CONNECT_FIXTURE,
  type ConnectEchoServer,
  ECHO_SERVICE,
  startConnectEchoServer,
} from './helpers/connect-echo-server.js';
import { type ConnectNodeServer, startConnectNodeServer } from './helpers/connect-node-server.js';
import { rpcFailure } from './helpers/rpc-failure.js';

// A yrpc Client in Connect mode (`transport: connectTransport()`) calling a real
// @connectrpc/connect-node server over HTTP/2 and HTTP/1.1, and a yrpc Server speaking Connect
// through httpProtocols(): every call kind, metadata, errors, deadlines, cancellation, gzip.

interface EchoInit {
  text?: string;
  failCode?: number;
  delayMs?: number;
  count?: number;
  big?: bigint;
}

interface EchoReply {
  text: string;
  index: number;
  big: bigint;
  metadata: string[];
}

/** The echo stub as these tests call it (a service loaded at run time is untyped). */
interface EchoStub {
  Echo(request: EchoInit, options?: CallOptions): Promise<EchoReply>;
  Count(request: EchoInit, options?: CallOptions): ClientStream<EchoInit, EchoReply>;
  Collect(requests: Iterable<EchoInit>, options?: CallOptions): Promise<EchoReply>;
  Chat(requests?: Iterable<EchoInit>, options?: CallOptions): ClientStream<EchoInit, EchoReply>;
}

const definition = loadProtoSync(CONNECT_FIXTURE).service(ECHO_SERVICE);

let node: ConnectNodeServer;
let yrpc: ConnectEchoServer;
const clients: Client[] = [];

beforeAll(async () => {
  node = await startConnectNodeServer();
  yrpc = await startConnectEchoServer({ sendCompression: 'gzip', compressMinBytes: 512 });
});

afterAll(async () => {
  await Promise.all(clients.map((made) => made.close()));
  await node?.close();
  await yrpc?.close();
});

function stub(
  port: number,
  options: ConstructorParameters<typeof Client>[1] = {},
  transport: ConnectTransportOptions = {},
): EchoStub {
  const made = new Client(
    { host: '127.0.0.1', port },
    { ...options, transport: connectTransport(transport) },
  );
  clients.push(made);
  return made.service(definition) as unknown as EchoStub;
}

/** The port of the yrpc Server. */
function yrpcPort(): number {
  return Number(new URL(yrpc.baseUrl).port);
}

async function collect(stream: AsyncIterable<EchoReply>): Promise<EchoReply[]> {
  const replies: EchoReply[] = [];
  for await (const reply of stream) replies.push(reply);
  return replies;
}

const servers = [
  { name: 'connect-node over HTTP/2', port: () => node.http2Port, http: {} },
  {
    name: 'connect-node over HTTP/1.1',
    port: () => node.http1Port,
    http: { httpVersion: '1.1' } as const,
  },
  { name: 'a yrpc Server (httpProtocols)', port: () => yrpcPort(), http: {} },
];

describe.each(servers)('a yrpc Client in Connect mode calling $name', ({ port, http }) => {
  it('makes unary calls with metadata both ways, headers and trailers', async () => {
    let headers: Record<string, string> | undefined;
    let trailers: Record<string, string> | undefined;
    const reply = await stub(port(), { metadata: { 'x-client': 'yrpc' } }, http).Echo(
      { text: 'hello', big: 2n ** 40n },
      {
        metadata: { 'x-token': 'abc' },
        onMetadata: (h, t) => {
          headers = h;
          trailers = t;
        },
      },
    );
    expect(reply.text).toBe('hello');
    expect(reply.big).toBe(2n ** 40n);
    expect(reply.metadata).toContain('x-client=yrpc');
    expect(reply.metadata).toContain('x-token=abc');
    expect(headers?.['x-header']).toBe('h');
    expect(trailers?.['x-trailer']).toBe('t');
  });

  it('fails with the server code, message, details and error metadata', async () => {
    const error = await rpcFailure(
      stub(port(), {}, http).Echo({ text: 'no', failCode: Status.NOT_FOUND }),
    );
    expect(error.code).toBe(Status.NOT_FOUND);
    expect(error.message).toContain('failed as asked: no');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]?.typeUrl).toBe(
      'type.googleapis.com/yrpc.test.connectinterop.EchoResponse',
    );
    expect(error.metadata).toContainEqual({ key: 'x-failure', value: 'yes' });
  });

  it('streams from the server, with headers, trailers and a final error', async () => {
    const echo = stub(port(), {}, http);
    const stream = echo.Count({ text: 's', count: 3 });
    expect((await collect(stream)).map((reply) => reply.index)).toEqual([0, 1, 2]);
    expect(stream.headers?.['x-header']).toBe('stream');
    expect(stream.trailers?.['x-trailer']).toBe('done');
    const failing = echo.Count({ text: 'f', count: 2, failCode: Status.ABORTED });
    const got: number[] = [];
    const error = await rpcFailure(
      (async () => {
        for await (const reply of failing) got.push(reply.index);
      })(),
    );
    expect(got).toEqual([0, 1]);
    expect(error.code).toBe(Status.ABORTED);
    expect(error.details).toHaveLength(1);
  });

  it('streams from the client', async () => {
    const reply = await stub(port(), {}, http).Collect([
      { text: 'a' },
      { text: 'b' },
      { text: 'c' },
    ]);
    expect(reply).toMatchObject({ text: 'a,b,c', index: 3 });
  });

  it('compresses requests with gzip and reads gzip responses', async () => {
    const text = 'z'.repeat(64 * 1024);
    const echo = stub(port(), { compression: 'gzip' }, http);
    expect((await echo.Echo({ text })).text).toBe(text);
    const many = Array.from({ length: 20 }, (_, i) => ({ text: `${i}`.repeat(100) }));
    expect((await echo.Collect(many)).index).toBe(20);
    const streamed = await collect(echo.Count({ text, count: 2 }));
    expect(streamed.map((reply) => reply.text.length)).toEqual([text.length, text.length]);
  });

  it('fails with DEADLINE_EXCEEDED when the deadline passes', async () => {
    const error = await rpcFailure(
      stub(port(), {}, http).Echo({ text: 'late', delayMs: 10_000 }, { timeoutMs: 100 }),
    );
    expect(error.code).toBe(Status.DEADLINE_EXCEEDED);
  });
});

describe('Connect over HTTP/2', () => {
  it('runs bidi streams against connect-node and a yrpc Server', async () => {
    for (const port of [node.http2Port, yrpcPort()]) {
      const chat = stub(port).Chat();
      chat.write({ text: 'one' });
      const first = await chat[Symbol.asyncIterator]().next();
      expect(first.value).toMatchObject({ text: 'one', index: 0 });
      chat.write({ text: 'two' });
      chat.end();
      expect((await collect(chat)).map((reply) => reply.text)).toEqual(['two']);
    }
  });

  it('sends the Connect headers: protocol version, timeout, binary metadata, encodings', async () => {
    const raw = Buffer.from([0, 1, 2, 250]).toString('base64');
    let headers: Record<string, string> | undefined;
    await stub(node.http2Port, { compression: 'gzip', compressionThreshold: 1 }).Echo(
      { text: 'headers' },
      {
        timeoutMs: 5000,
        metadata: { 'x-raw-bin': raw },
        onMetadata: (h) => {
          headers = h;
        },
      },
    );
    const seen = node.lastHeaders;
    expect(seen.get('content-type')).toBe('application/proto');
    expect(seen.get('connect-protocol-version')).toBe('1');
    expect(Number(seen.get('connect-timeout-ms'))).toBeGreaterThan(0);
    expect(Number(seen.get('connect-timeout-ms'))).toBeLessThanOrEqual(5000);
    expect(seen.get('content-encoding')).toBe('gzip');
    expect(seen.get('accept-encoding')).toContain('gzip');
    expect(Buffer.from(headers?.['x-raw-bin'] ?? '', 'base64')).toEqual(
      Buffer.from([0, 1, 2, 250]),
    );
    await collect(
      stub(node.http2Port, { compression: 'gzip', compressionThreshold: 1 }).Count({
        text: 's',
        count: 1,
      }),
    );
    expect(node.lastHeaders.get('content-type')).toBe('application/connect+proto');
    expect(node.lastHeaders.get('connect-content-encoding')).toBe('gzip');
    expect(node.lastHeaders.get('connect-accept-encoding')).toContain('gzip');
  });

  it('cancels the call on the server when the caller aborts, on either HTTP version', async () => {
    const targets = [
      {
        port: node.http2Port,
        http: {},
        started: (text: string) => node.waiting.has(text),
        saw: (text: string) => node.aborted.has(text),
      },
      {
        port: node.http1Port,
        http: { httpVersion: '1.1' } as const,
        started: (text: string) => node.waiting.has(text),
        saw: (text: string) => node.aborted.has(text),
      },
      // The yrpc helper does not tell when a handler started: a moment is given to it.
      {
        port: yrpcPort(),
        http: {},
        started: () => delay(50).then(() => true),
        saw: (text: string) => yrpc.aborted.includes(text),
      },
    ];
    for (const [index, { port, http, started, saw }] of targets.entries()) {
      const text = `abort-me-${index}`;
      const controller = new AbortController();
      const pending = rpcFailure(
        stub(port, {}, http).Echo({ text, delayMs: 10_000 }, { signal: controller.signal }),
      );
      await expect.poll(() => started(text)).toBe(true);
      controller.abort();
      expect((await pending).code).toBe(Status.CANCELLED);
      await expect.poll(() => saw(text)).toBe(true);
    }
  });

  it('holds a server stream back while the caller does not read (flow control)', async () => {
    const echo = stub(yrpcPort(), {}, { streamWindowBytes: 1024 });
    const stream = echo.Count({ text: 'x'.repeat(4096), count: 50 });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.index).toBe(0);
    let read = 1;
    while (!(await iterator.next()).done) read++;
    expect(read).toBe(50);
  });
});

describe('Connect request streams', () => {
  it('wait for a slow server (HTTP/2 flow control) and arrive whole, on either HTTP version', async () => {
    for (const http of [{}, { httpVersion: '1.1' } as const]) {
      const text = 'r'.repeat(64 * 1024);
      const requests = Array.from({ length: 64 }, () => ({ text, delayMs: 1 }));
      const reply = await stub(yrpcPort(), {}, http).Collect(requests);
      expect(reply.index).toBe(64);
      expect(reply.big).toBe(BigInt(64 * text.length));
    }
  });
});

describe('Connect over HTTP/1.1', () => {
  it('refuses bidi streaming with UNIMPLEMENTED', async () => {
    const chat = stub(node.http1Port, {}, { httpVersion: '1.1' }).Chat([{ text: 'x' }]);
    const error = await rpcFailure(collect(chat));
    expect(error.code).toBe(Status.UNIMPLEMENTED);
    expect(error.message).toContain('HTTP/2');
  });
});

describe('connectTransport', () => {
  it('fails with UNAVAILABLE when nothing listens, on either HTTP version', async () => {
    for (const httpVersion of ['2', '1.1'] as const) {
      const error = await rpcFailure(stub(1, {}, { httpVersion }).Echo({ text: 'x' }));
      expect(error.code).toBe(Status.UNAVAILABLE);
    }
  });

  it('validates its options', () => {
    expect(() => connectTransport({ httpVersion: '3' as never })).toThrow(/httpVersion/);
    expect(() => connectTransport({ maxMessageBytes: 0 })).toThrow(/maxMessageBytes/);
  });

  it('connects ahead of the first call', async () => {
    for (const [port, httpVersion] of [
      [node.http2Port, '2'],
      [node.http1Port, '1.1'],
    ] as const) {
      const made = new Client(
        { host: '127.0.0.1', port },
        { transport: connectTransport({ httpVersion }) },
      );
      clients.push(made);
      await made.connect();
    }
  });
});

describe('connectTransport traffic', () => {
  it('counts the bytes of its connections in client.stats(), closed ones included', async () => {
    for (const [port, httpVersion] of [
      [node.http2Port, '2'],
      [node.http1Port, '1.1'],
    ] as const) {
      const made = new Client(
        { host: '127.0.0.1', port },
        { transport: connectTransport({ httpVersion }) },
      );
      expect(made.stats()).toMatchObject({ bytesIn: 0, bytesOut: 0 });
      const echo = made.service(definition) as unknown as EchoStub;
      // Random letters: the server may gzip its answer (to about 60 % of them), and a repeated
      // letter would shrink to nothing.
      const text = Array.from({ length: 10_000 }, () =>
        String.fromCharCode(97 + Math.floor(Math.random() * 26)),
      ).join('');
      expect((await echo.Echo({ text })).text).toBe(text);
      const open = made.stats();
      expect(open.bytesOut, httpVersion).toBeGreaterThan(10_000);
      expect(open.bytesIn, httpVersion).toBeGreaterThan(5_000);
      await made.close();
      const closed = made.stats();
      expect(closed.bytesOut).toBeGreaterThanOrEqual(open.bytesOut);
      expect(closed.bytesIn).toBeGreaterThanOrEqual(open.bytesIn);
    }
  });
});

describe('Connect over TLS', () => {
  it('calls a connect-node TLS server over HTTP/2 and HTTP/1.1 (ALPN)', async () => {
    const { key, cert } = selfSignedCertificate();
    const secure = await startConnectNodeServer({ key, cert });
    try {
      for (const httpVersion of ['2', '1.1'] as const) {
        const made = new Client(
          { host: '127.0.0.1', port: secure.http2Port, tls: { ca: cert } },
          { transport: connectTransport({ httpVersion }) },
        );
        clients.push(made);
        const echo = made.service(definition) as unknown as EchoStub;
        expect((await echo.Echo({ text: `tls ${httpVersion}` })).text).toBe(`tls ${httpVersion}`);
        const replies = await collect(echo.Count({ text: 's', count: 2 }));
        expect(replies).toHaveLength(2);
        await made.close();
      }
    } finally {
      await secure.close();
    }
  });
});

/** A throwaway self-signed certificate for 127.0.0.1, made by openssl (no key is committed). */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yrpc-connect-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-days',
        '1',
      ],
      { cwd: dir, stdio: 'pipe', timeout: 30_000 },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
