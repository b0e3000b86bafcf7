import { setTimeout as delay } from 'node:timers/promises';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  type CallOptions,
  Code,
  ConnectError,
  createClient,
  type Transport,
} from '@connectrpc/connect';
import {
  compressionGzip,
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
  Http2SessionManager,
} from '@connectrpc/connect-node';
import { Status } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectEchoServer, startConnectEchoServer } from './helpers/connect-echo-server.js';
import { connectFixtureSchema } from './helpers/connect-fixture-schema.js';

/** The Connect client's view of the service, compiled from the .proto by `buf`. */
const { service, EchoResponse } = connectFixtureSchema();

let echo: ConnectEchoServer;
let baseUrl: string;
const sessions: Http2SessionManager[] = [];

beforeAll(async () => {
  echo = await startConnectEchoServer({ sendCompression: 'gzip', compressMinBytes: 512 });
  baseUrl = echo.baseUrl;
});

afterAll(async () => {
  for (const session of sessions) session.abort();
  await echo?.close();
});

/** An HTTP/2 session manager closed after the tests (connect-node would keep it idle). */
function session(): Http2SessionManager {
  const manager = new Http2SessionManager(baseUrl);
  sessions.push(manager);
  return manager;
}

type Made = { name: string; transport: () => Transport; fullDuplex: boolean };

const transports: Made[] = [
  {
    name: 'Connect JSON over HTTP/2',
    transport: () =>
      createConnectTransport({
        baseUrl,
        httpVersion: '2',
        useBinaryFormat: false,
        sessionManager: session(),
      }),
    fullDuplex: true,
  },
  {
    name: 'Connect binary over HTTP/2',
    transport: () =>
      createConnectTransport({
        baseUrl,
        httpVersion: '2',
        useBinaryFormat: true,
        sessionManager: session(),
      }),
    fullDuplex: true,
  },
  {
    name: 'Connect JSON over HTTP/1.1',
    transport: () =>
      createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: false }),
    fullDuplex: false,
  },
  {
    name: 'Connect binary over HTTP/1.1',
    transport: () => createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true }),
    fullDuplex: false,
  },
  {
    name: 'gRPC',
    transport: () => createGrpcTransport({ baseUrl, sessionManager: session() }),
    fullDuplex: true,
  },
  {
    name: 'gRPC-Web over HTTP/2',
    transport: () =>
      createGrpcWebTransport({
        baseUrl,
        httpVersion: '2',
        useBinaryFormat: true,
        sessionManager: session(),
      }),
    fullDuplex: true,
  },
  {
    name: 'gRPC-Web over HTTP/1.1',
    transport: () => createGrpcWebTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true }),
    fullDuplex: false,
  },
];

/** A response as the client decodes it. */
interface EchoResponseShape {
  text: string;
  index: number;
  big: bigint;
  at?: { seconds: bigint; nanos: number } | undefined;
  metadata: string[];
}

/** A request as the client takes it (any subset of the fields). */
interface EchoInit {
  text?: string;
  failCode?: number;
  delayMs?: number;
  count?: number;
  big?: bigint;
  at?: unknown;
}

/** The client's methods, typed by hand: the service descriptor was built at run time. */
interface EchoClient {
  echo(request: EchoInit, options?: CallOptions): Promise<EchoResponseShape>;
  lookup(request: EchoInit, options?: CallOptions): Promise<EchoResponseShape>;
  count(request: EchoInit, options?: CallOptions): AsyncIterable<EchoResponseShape>;
  collect(requests: AsyncIterable<EchoInit>, options?: CallOptions): Promise<EchoResponseShape>;
  chat(requests: AsyncIterable<EchoInit>, options?: CallOptions): AsyncIterable<EchoResponseShape>;
}

function echoClient(transport: Transport): EchoClient {
  return createClient(service, transport) as unknown as EchoClient;
}

async function* requests(...texts: string[]) {
  for (const text of texts) yield { text };
}

/** What `promise` rejects with (it must reject). */
function rejection(promise: Promise<unknown>): Promise<ConnectError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => ConnectError.from(error),
  );
}

describe.each(transports)(
  'a @connectrpc/connect-node client, $name',
  ({ transport, fullDuplex }) => {
    let client: EchoClient;
    beforeAll(() => {
      client = echoClient(transport());
    });

    it('makes a unary call: int64 and Timestamp intact, metadata in, headers and trailers out', async () => {
      const headers: Headers[] = [];
      const trailers: Headers[] = [];
      const at = new Date('2026-12-05T10:00:00.123Z');
      const response = await client.echo(
        { text: 'hi', big: 9_223_372_036_854_775_807n, at: timestampFromDate(at) },
        {
          headers: { 'x-custom': 'v' },
          onHeader: (h) => headers.push(h),
          onTrailer: (t) => trailers.push(t),
        },
      );
      expect(response.text).toBe('hi');
      expect(response.big).toBe(9_223_372_036_854_775_807n);
      expect(response.at).toMatchObject({
        seconds: BigInt(Math.floor(at.getTime() / 1000)),
        nanos: 123_000_000,
      });
      expect(response.metadata).toContain('x-custom=v');
      expect(headers[0]?.get('x-header')).toBe('h');
      expect(trailers[0]?.get('x-trailer')).toBe('t');
    });

    it('gets an error with its code, message, details and metadata', async () => {
      const error = await rejection(client.echo({ text: 'no', failCode: 5 }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('failed as asked: no');
      expect(error.findDetails(EchoResponse)).toMatchObject([{ text: 'detail' }]);
      expect(error.metadata.get('x-failure')).toBe('yes');
    });

    it('gets DEADLINE_EXCEEDED past its timeout; the handler is stopped (over HTTP/2 with DEADLINE_EXCEEDED)', async () => {
      const started = performance.now();
      const text = `slow-${Math.random()}`;
      const error = await rejection(client.echo({ text, delayMs: 5000 }, { timeoutMs: 150 }));
      expect(error.code).toBe(Code.DeadlineExceeded);
      expect(performance.now() - started).toBeLessThan(3000);
      await expect.poll(() => echo.aborted.includes(text), { timeout: 3000 }).toBe(true);
      // Over HTTP/1.1 the client closes the connection at its deadline, a moment before the
      // server's timer; the connection's calls are then stopped as CANCELLED (the connection
      // closed) before the exchange's abort can say "deadline". Over HTTP/2 the stream reset
      // near the deadline is taken for it.
      if (fullDuplex) expect(echo.abortCodes.get(text)).toBe(Status.DEADLINE_EXCEEDED);
    });

    it('cancels a call: the handler sees its signal abort', async () => {
      const controller = new AbortController();
      const text = `cancel-${Math.random()}`;
      const call = rejection(client.echo({ text, delayMs: 5000 }, { signal: controller.signal }));
      await delay(100);
      controller.abort();
      expect((await call).code).toBe(Code.Canceled);
      await expect.poll(() => echo.aborted.includes(text), { timeout: 3000 }).toBe(true);
    });

    it('receives a server stream, its headers and trailers', async () => {
      const texts: Array<[string, number]> = [];
      const headers: Headers[] = [];
      const trailers: Headers[] = [];
      const stream = client.count(
        { text: 's', count: 3 },
        { onHeader: (h) => headers.push(h), onTrailer: (t) => trailers.push(t) },
      );
      for await (const message of stream) texts.push([message.text, message.index]);
      expect(texts).toEqual([
        ['s', 0],
        ['s', 1],
        ['s', 2],
      ]);
      expect(headers[0]?.get('x-header')).toBe('stream');
      expect(trailers[0]?.get('x-trailer')).toBe('done');
    });

    it('gets the error that ends a server stream after its messages', async () => {
      const received: number[] = [];
      const error = await rejection(
        (async () => {
          for await (const message of client.count({ text: 'e', count: 2, failCode: 9 })) {
            received.push(message.index);
          }
        })(),
      );
      expect(received).toEqual([0, 1]);
      expect(error.code).toBe(Code.FailedPrecondition);
    });

    it('sends a client stream', async () => {
      expect(await client.collect(requests('a', 'b', 'c'))).toMatchObject({
        text: 'a,b,c',
        index: 3,
      });
    });

    it.runIf(fullDuplex)('runs a bidi stream, full duplex', async () => {
      const got: string[] = [];
      for await (const message of client.chat(requests('x', 'y'))) {
        got.push(`${message.index}:${message.text}`);
      }
      expect(got).toEqual(['0:x', '1:y']);
    });
  },
);

describe('Connect specifics through @connectrpc/connect-node', () => {
  it('calls a side-effect-free method with GET (useHttpGet), JSON and binary', async () => {
    for (const useBinaryFormat of [false, true]) {
      const client = echoClient(
        createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat, useHttpGet: true }),
      );
      expect((await client.lookup({ text: 'get' })).text).toBe('get');
    }
  });

  it('compresses requests and responses with gzip both ways', async () => {
    const text = 'z'.repeat(20_000);
    for (const useBinaryFormat of [false, true]) {
      const client = echoClient(
        createConnectTransport({
          baseUrl,
          httpVersion: '2',
          useBinaryFormat,
          sessionManager: session(),
          sendCompression: compressionGzip,
          acceptCompression: [compressionGzip],
          compressMinBytes: 100,
        }),
      );
      const headers: Headers[] = [];
      const onHeader = (h: Headers) => headers.push(h);
      expect((await client.echo({ text }, { onHeader })).text).toBe(text);
      const streamed: string[] = [];
      for await (const message of client.chat(requests(text, 'small'), { onHeader })) {
        streamed.push(message.text);
      }
      expect(streamed).toEqual([text, 'small']);
      const encodings = headers.map(
        (h) => h.get('content-encoding') ?? h.get('connect-content-encoding'),
      );
      expect(encodings).toEqual(['gzip', 'gzip']);
    }
  });

  it('streams 8 MiB to a slow client-streaming handler, and 8 MiB from a server stream', async () => {
    const client = echoClient(
      createConnectTransport({
        baseUrl,
        httpVersion: '2',
        useBinaryFormat: true,
        sessionManager: session(),
      }),
    );
    const chunk = 'c'.repeat(64 * 1024);
    async function* many() {
      for (let i = 0; i < 128; i++) yield { text: chunk, delayMs: i % 16 === 0 ? 20 : 0 };
    }
    const collected = await client.collect(many());
    expect(collected).toMatchObject({ index: 128, big: BigInt(128 * chunk.length) });
    let received = 0;
    for await (const message of client.count({ text: chunk, count: 128 })) {
      received += message.text.length;
    }
    expect(received).toBe(128 * chunk.length);
  });

  it('runs a bidi stream over HTTP/1.1 half duplex: all requests, then the responses', async () => {
    const client = echoClient(
      createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: true }),
    );
    const got: string[] = [];
    for await (const message of client.chat(requests('p', 'q'))) got.push(message.text);
    expect(got).toEqual(['p', 'q']);
  });
});
