import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectEchoServer,
  ECHO_SERVICE,
  startConnectEchoServer,
} from './helpers/connect-echo-server.js';

/**
 * Connect as plain HTTP tools speak it: Node's `fetch` POSTing JSON the way curl would, GET
 * calls, and the HTTP-level answers to requests that are wrong.
 */

let echo: ConnectEchoServer;
let base: string;

beforeAll(async () => {
  echo = await startConnectEchoServer({ sendCompression: 'gzip', compressMinBytes: 1024 });
  base = `${echo.baseUrl}/${ECHO_SERVICE}`;
});

afterAll(async () => {
  await echo?.close();
});

/** POSTs `body` to `method` with `headers`, as curl -d would. */
function post(
  method: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(`${base}/${method}`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('Connect unary calls from fetch', () => {
  it('POSTs JSON as curl would and gets canonical JSON, headers and trailer- headers', async () => {
    const response = await post('Echo', '{"text": "hi", "big": "9007199254740993"}', JSON_TYPE);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-header')).toBe('h');
    expect(response.headers.get('trailer-x-trailer')).toBe('t');
    // int64 as a string, the default index (0) left out, as the canonical mapping says.
    expect(await response.json()).toEqual({ text: 'hi', big: '9007199254740993' });
  });

  it('accepts a charset and connect-protocol-version: 1', async () => {
    const response = await post('Echo', '{"text":"é"}', {
      'content-type': 'application/json; charset=utf-8',
      'connect-protocol-version': '1',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: 'é' });
  });

  it('makes a GET call of a side-effect-free method', async () => {
    const message = encodeURIComponent('{"text":"got"}');
    const response = await fetch(`${base}/Lookup?connect=v1&encoding=json&message=${message}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: 'got' });
  });

  it('makes a GET call with a gzipped binary message in base64 (encoding=proto&compression=gzip)', async () => {
    const request = Buffer.from([0x0a, 0x02, 0x67, 0x7a]); // EchoRequest { text: "gz" }
    const message = gzipSync(request).toString('base64url');
    const response = await fetch(
      `${base}/Lookup?connect=v1&encoding=proto&base64=1&compression=gzip&message=${message}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/proto');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([...request]);
  });

  it('answers GET of a method with side effects with 405', async () => {
    const response = await fetch(`${base}/Echo?encoding=json&message=%7B%7D`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ code: 'unimplemented' });
  });

  it('answers malformed JSON with 400 and the Connect error invalid_argument', async () => {
    const response = await post('Echo', '{"text": "unterminated', JSON_TYPE);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    const error = (await response.json()) as { code: string; message: string };
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(/^invalid yrpc\.test\.connectinterop\.EchoRequest JSON: /);
  });

  it('answers a field of the wrong type with 400 naming the field', async () => {
    const response = await post('Echo', '{"text": 5}', JSON_TYPE);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'invalid_argument',
      message:
        'invalid yrpc.test.connectinterop.EchoRequest JSON: yrpc.test.connectinterop.EchoRequest.text: expected string: 5',
    });
  });

  it('passes request headers as call metadata, a -bin value as its base64 text', async () => {
    const response = await post('Echo', '{"text":"m"}', {
      ...JSON_TYPE,
      'x-plain': 'p',
      'x-data-bin': 'AAEC',
    });
    expect(await response.json()).toMatchObject({ metadata: ['x-plain=p', 'x-data-bin=AAEC'] });
  });

  it('answers a body over the message size limit with 429 resource_exhausted', async () => {
    const response = await post('Echo', new Uint8Array(16 * 1024 * 1024 + 1), {
      'content-type': 'application/proto',
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ code: 'resource_exhausted' });
  });

  it('answers a content type no protocol speaks with 415', async () => {
    const response = await post('Echo', '{}', { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
  });

  it('answers a streaming content type for a unary method with 415', async () => {
    const response = await post('Echo', new Uint8Array(5), {
      'content-type': 'application/connect+json',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('accept-post')).toBe('application/json');
  });

  it('answers an unknown method with 404 and unimplemented', async () => {
    const response = await post('Nope', '{}', JSON_TYPE);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      code: 'unimplemented',
      message: `/${ECHO_SERVICE}/Nope is not implemented (no such method)`,
    });
  });

  it("answers a handler's error with the HTTP status of its code", async () => {
    const cases: Array<[number, number, string]> = [
      [5, 404, 'not_found'],
      [8, 429, 'resource_exhausted'],
      [16, 401, 'unauthenticated'],
      [14, 503, 'unavailable'],
    ];
    for (const [code, status, name] of cases) {
      const response = await post('Echo', JSON.stringify({ text: 'x', failCode: code }), JSON_TYPE);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        code: name,
        message: 'failed as asked: x',
        details: [
          {
            type: 'yrpc.test.connectinterop.EchoResponse',
            value: 'CgZkZXRhaWw',
            debug: { text: 'detail' },
          },
        ],
      });
      expect(response.headers.get('trailer-x-failure')).toBe('yes');
    }
  });

  it('answers past connect-timeout-ms with 504 deadline_exceeded', async () => {
    const response = await post('Echo', '{"text":"slow","delayMs":5000}', {
      ...JSON_TYPE,
      'connect-timeout-ms': '100',
    });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'deadline_exceeded' });
  });

  it('takes the longest connect-timeout-ms (10 digits, past what setTimeout holds)', async () => {
    const response = await post('Echo', '{"text":"long"}', {
      ...JSON_TYPE,
      'connect-timeout-ms': '9999999999',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: 'long' });
  });

  it('refuses another protocol version and a malformed timeout with 400', async () => {
    for (const headers of [{ 'connect-protocol-version': '2' }, { 'connect-timeout-ms': 'soon' }]) {
      const response = await post('Echo', '{}', { ...JSON_TYPE, ...headers });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'invalid_argument' });
    }
  });

  it('reads a gzip body, and gzips a large answer for a client that accepts it', async () => {
    const text = 'a'.repeat(5000);
    const response = await post('Echo', gzipSync(JSON.stringify({ text })), {
      ...JSON_TYPE,
      'content-encoding': 'gzip',
      'accept-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.json()).toEqual({ text });
  });

  it('reads a deflate body (a zlib stream, as HTTP names it)', async () => {
    const text = 'd'.repeat(3000);
    const response = await post('Echo', deflateSync(JSON.stringify({ text })), {
      ...JSON_TYPE,
      'content-encoding': 'deflate',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text });
  });

  it('answers an unsupported content-encoding with 501 unimplemented naming the supported ones', async () => {
    const response = await post('Echo', '{}', { ...JSON_TYPE, 'content-encoding': 'br' });
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({
      code: 'unimplemented',
      message: 'content-encoding "br" is not supported (supported: gzip, deflate, identity)',
    });
  });

  it('stops a gzip bomb at the message size limit: 429 resource_exhausted', async () => {
    // 64 MiB of zeros in ~64 KiB: four times the server's 16 MiB message limit.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const started = performance.now();
    const response = await post('Echo', bomb, {
      'content-type': 'application/proto',
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ code: 'resource_exhausted' });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

/** Connect envelopes: flags, big-endian length, message. */
function envelope(flags: number, message: Uint8Array | string): Buffer {
  const bytes = typeof message === 'string' ? Buffer.from(message) : message;
  const header = Buffer.alloc(5);
  header[0] = flags;
  header.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([header, bytes]);
}

/** The envelopes of a streaming response body, messages as text. */
function envelopes(body: Buffer): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let offset = 0; offset < body.length; ) {
    const length = body.readUInt32BE(offset + 1);
    out.push([body[offset] ?? -1, body.subarray(offset + 5, offset + 5 + length).toString()]);
    offset += 5 + length;
  }
  return out;
}

describe('Connect streams from fetch', () => {
  const STREAM_JSON = { 'content-type': 'application/connect+json' };

  it('answers a server stream with message envelopes and the EndStreamResponse', async () => {
    const response = await post('Count', envelope(0, '{"text":"s","count":2}'), STREAM_JSON);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/connect+json');
    expect(envelopes(Buffer.from(await response.arrayBuffer()))).toEqual([
      [0, '{"text":"s"}'],
      [0, '{"text":"s","index":1}'],
      [2, '{"metadata":{"x-trailer":["done"]}}'],
    ]);
  });

  it('ends a failed stream with 200 and the error in the EndStreamResponse', async () => {
    const response = await post(
      'Count',
      envelope(0, '{"text":"f","count":1,"failCode":14}'),
      STREAM_JSON,
    );
    expect(response.status).toBe(200);
    const all = envelopes(Buffer.from(await response.arrayBuffer()));
    expect(all.at(-1)?.[0]).toBe(2);
    expect(JSON.parse(all.at(-1)?.[1] ?? '')).toEqual({
      error: {
        code: 'unavailable',
        message: 'failed as asked: f',
        details: [
          {
            type: 'yrpc.test.connectinterop.EchoResponse',
            value: 'CgZkZXRhaWw',
            debug: { text: 'detail' },
          },
        ],
      },
      metadata: { 'x-trailer': ['done'], 'x-failure': ['yes'] },
    });
  });

  it('refuses a request envelope with the end-stream flag, a truncated one, two requests and none', async () => {
    const bodies = [
      envelope(2, '{}'),
      envelope(0, '{"text":"t"}').subarray(0, 8),
      Buffer.concat([envelope(0, '{}'), envelope(0, '{}')]),
      Buffer.alloc(0),
    ];
    for (const body of bodies) {
      const response = await post('Count', body, STREAM_JSON);
      expect(response.status).toBe(200);
      const [flags, json] = envelopes(Buffer.from(await response.arrayBuffer())).at(-1) ?? [];
      expect(flags).toBe(2);
      expect(JSON.parse(json ?? '')).toMatchObject({ error: { code: 'invalid_argument' } });
    }
  });

  it('ends a stream with an unsupported connect-content-encoding as unimplemented', async () => {
    const response = await post('Count', envelope(0, '{}'), {
      ...STREAM_JSON,
      'connect-content-encoding': 'br',
    });
    expect(response.status).toBe(200);
    const [flags, json] = envelopes(Buffer.from(await response.arrayBuffer())).at(-1) ?? [];
    expect(flags).toBe(2);
    expect(JSON.parse(json ?? '')).toEqual({
      error: {
        code: 'unimplemented',
        message:
          'connect-content-encoding "br" is not supported (supported: gzip, deflate, identity)',
      },
    });
  });

  it('stops a compressed envelope bomb at the size limit: resource_exhausted', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const response = await post('Count', envelope(1, bomb), {
      'content-type': 'application/connect+proto',
      'connect-content-encoding': 'gzip',
    });
    const [flags, json] = envelopes(Buffer.from(await response.arrayBuffer())).at(-1) ?? [];
    expect(flags).toBe(2);
    expect(JSON.parse(json ?? '')).toMatchObject({ error: { code: 'resource_exhausted' } });
  });
});
