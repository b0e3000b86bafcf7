import {
  constants,
  createServer,
  type Http2Server,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Client, type ClientStream, loadProtoSync, type RpcError, Status } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../src/connect/connect-envelope.js';
import { connectTransport } from '../src/connect-client/connect-transport.js';
import { CONNECT_FIXTURE, ECHO_SERVICE } from './helpers/connect-echo-server.js';
import { rpcFailure } from './helpers/rpc-failure.js';

// What a yrpc Client in Connect mode makes of answers no Connect server should give: a raw
// node:http2 server sends them, chosen by the request's `x-case` header. Each ends as an RpcError
// with the status the Connect protocol (or connect-es, where it is silent) gives it; none hangs.

const definition = loadProtoSync(CONNECT_FIXTURE).service(ECHO_SERVICE);

interface EchoStub {
  Echo(
    request: { text?: string },
    options?: { metadata?: Record<string, string> },
  ): Promise<unknown>;
  Count(
    request: { text?: string },
    options?: { metadata?: Record<string, string> },
  ): ClientStream<unknown, unknown>;
}

const PROTO = { ':status': 200, 'content-type': 'application/proto' };
const STREAM = { ':status': 200, 'content-type': 'application/connect+proto' };
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const endStream = (value: unknown) => encodeEnvelope(0x02, json(value));

/** What the server does for each case. */
const CASES: Record<string, (stream: ServerHttp2Stream) => void> = {
  html: (s) => {
    s.respond({ ':status': 200, 'content-type': 'text/html' });
    s.end('<html></html>');
  },
  'json-200': (s) => {
    s.respond({ ':status': 200, 'content-type': 'application/json' });
    s.end('{}');
  },
  'http-503': (s) => {
    s.respond({ ':status': 503, 'content-type': 'text/plain' });
    s.end('busy');
  },
  'garbage-json-400': (s) => {
    s.respond({ ':status': 400, 'content-type': 'application/json' });
    s.end('not json {');
  },
  'unknown-code-503': (s) => {
    s.respond({ ':status': 503, 'content-type': 'application/json' });
    s.end(json({ code: 'bogus', message: 'what' }));
  },
  'connect-error': (s) => {
    s.respond({
      ':status': 409,
      'content-type': 'application/json',
      'x-leading': 'l',
      'trailer-x-why': 'dup',
    });
    s.end(
      json({
        code: 'already_exists',
        message: 'dup',
        details: [{ type: 'x.Y', value: 'AQI', debug: { ignored: true } }],
      }),
    );
  },
  'huge-error-page': (s) => {
    s.respond({ ':status': 502, 'content-type': 'application/json' });
    s.end(Buffer.alloc(4096, 0x20));
  },
  oversize: (s) => {
    s.respond(PROTO);
    s.end(Buffer.alloc(4096, 1));
  },
  bomb: (s) => {
    s.respond({ ...PROTO, 'content-encoding': 'gzip' });
    s.end(gzipSync(Buffer.alloc(1 << 20)));
  },
  'bad-gzip': (s) => {
    s.respond({ ...PROTO, 'content-encoding': 'gzip' });
    s.end('this is not gzip');
  },
  brotli: (s) => {
    s.respond({ ...PROTO, 'content-encoding': 'br' });
    s.end('x');
  },
  reset: (s) => s.close(constants.NGHTTP2_INTERNAL_ERROR),
  refuse: (s) => s.close(constants.NGHTTP2_REFUSED_STREAM),
  'stream-huge-length': (s) => {
    s.respond(STREAM);
    s.end(Buffer.from([0, 0xff, 0xff, 0xff, 0xff, 1, 2]));
  },
  'stream-truncated': (s) => {
    s.respond(STREAM);
    s.end(encodeEnvelope(0, Buffer.alloc(100)).subarray(0, 50));
  },
  'stream-no-end': (s) => {
    s.respond(STREAM);
    s.end(encodeEnvelope(0, new Uint8Array(0)));
  },
  'stream-bad-end': (s) => {
    s.respond(STREAM);
    s.end(encodeEnvelope(0x02, Buffer.from('not json')));
  },
  'stream-end-without-code': (s) => {
    s.respond(STREAM);
    s.end(endStream({ error: {} }));
  },
  'stream-after-end': (s) => {
    s.respond(STREAM);
    s.end(Buffer.concat([endStream({}), encodeEnvelope(0, new Uint8Array(0))]));
  },
  'stream-compressed-identity': (s) => {
    s.respond(STREAM);
    s.end(encodeEnvelope(0x01, gzipSync(Buffer.alloc(0))));
  },
  'stream-brotli': (s) => {
    s.respond({ ...STREAM, 'connect-content-encoding': 'br' });
    s.end(endStream({}));
  },
  'stream-error-end': (s) => {
    s.respond(STREAM);
    s.write(encodeEnvelope(0, new Uint8Array(0)));
    s.end(
      endStream({
        error: { code: 'resource_exhausted', message: 'slow down' },
        metadata: { 'x-t': ['1', '2'] },
      }),
    );
  },
  'stream-415': (s) => {
    s.respond({ ':status': 415 });
    s.end();
  },
  'stream-unary-type': (s) => {
    s.respond(PROTO);
    s.end();
  },
  'stream-reset-midway': (s) => {
    s.respond(STREAM);
    // destroy, not close: close ends the response first (END_STREAM), and the reset after it
    // means nothing to the client.
    s.write(encodeEnvelope(0, new Uint8Array(0)), () => s.destroy(new Error('gone')));
  },
};

let server: Http2Server;
let client: Client;
let echo: EchoStub;
const sessions = new Set<ServerHttp2Session>();

beforeAll(async () => {
  server = createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    stream.resume();
    CASES[String(headers['x-case'])]?.(stream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new Client(
    { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
    { transport: connectTransport({ maxMessageBytes: 1024 }) },
  );
  echo = client.service(definition) as unknown as EchoStub;
});

afterAll(async () => {
  await client?.close();
  for (const session of sessions) session.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

const unary = (name: string) =>
  rpcFailure(echo.Echo({ text: 'x' }, { metadata: { 'x-case': name } }));

/** The messages a server stream delivered before its error, and the error. */
async function streamed(name: string): Promise<{ messages: number; error: RpcError }> {
  let messages = 0;
  const error = await rpcFailure(
    (async () => {
      for await (const _ of echo.Count({ text: 'x' }, { metadata: { 'x-case': name } })) messages++;
    })(),
  );
  return { messages, error };
}

describe('a Connect unary call given a malformed answer', () => {
  it.each([
    ['html', Status.UNKNOWN, 'text/html'],
    ['json-200', Status.INTERNAL, 'application/json'],
    ['http-503', Status.UNAVAILABLE, 'HTTP 503'],
    ['garbage-json-400', Status.INTERNAL, 'HTTP 400'],
    ['unknown-code-503', Status.UNAVAILABLE, 'HTTP 503'],
    ['huge-error-page', Status.UNAVAILABLE, 'HTTP 502'],
    ['oversize', Status.RESOURCE_EXHAUSTED, '1024'],
    ['bomb', Status.RESOURCE_EXHAUSTED, '1024'],
    ['bad-gzip', Status.INTERNAL, 'gzip'],
    ['brotli', Status.INTERNAL, 'br'],
    ['reset', Status.INTERNAL, 'HTTP/2 error'],
    ['refuse', Status.UNAVAILABLE, 'refused'],
  ] as const)('%s: fails with %i', async (name, code, text) => {
    const error = await unary(name);
    expect(error.code).toBe(code);
    expect(error.message).toContain(text);
    expect(error.message).toContain('/yrpc.test.connectinterop.EchoService/Echo');
  });

  it('reads a Connect error JSON from any HTTP status: code, message, details, metadata', async () => {
    const error = await unary('connect-error');
    expect(error.code).toBe(Status.ALREADY_EXISTS);
    expect(error.message).toContain('dup');
    expect(error.details).toEqual([
      { typeUrl: 'type.googleapis.com/x.Y', value: new Uint8Array([1, 2]) },
    ]);
    expect(error.metadata).toContainEqual({ key: 'x-why', value: 'dup' });
    expect(error.metadata).toContainEqual({ key: 'x-leading', value: 'l' });
  });
});

describe('a Connect stream given a malformed answer', () => {
  it.each([
    ['stream-huge-length', Status.RESOURCE_EXHAUSTED, 0, 'larger than the limit'],
    ['stream-truncated', Status.INTERNAL, 0, 'cut off'],
    ['stream-no-end', Status.INTERNAL, 1, 'without an EndStreamResponse'],
    ['stream-bad-end', Status.INTERNAL, 0, 'unreadable EndStreamResponse'],
    ['stream-end-without-code', Status.INTERNAL, 0, 'no code'],
    ['stream-after-end', Status.INTERNAL, 0, 'after its EndStreamResponse'],
    ['stream-compressed-identity', Status.INTERNAL, 0, 'named no encoding'],
    ['stream-brotli', Status.INTERNAL, 0, 'br'],
    ['stream-415', Status.UNKNOWN, 0, 'HTTP 415'],
    ['stream-unary-type', Status.INTERNAL, 0, 'application/connect+proto'],
    ['stream-reset-midway', Status.INTERNAL, 1, 'HTTP/2 error'],
  ] as const)('%s: fails with %i', async (name, code, messages, text) => {
    const result = await streamed(name);
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(text);
    expect(result.messages).toBe(messages);
  });

  it('ends with the EndStreamResponse error and its metadata', async () => {
    const { messages, error } = await streamed('stream-error-end');
    expect(messages).toBe(1);
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(error.message).toContain('slow down');
    expect(error.metadata).toEqual([
      { key: 'x-t', value: '1' },
      { key: 'x-t', value: '2' },
    ]);
  });
});
