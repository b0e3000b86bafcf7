import { connect as http2Connect } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpProtocols } from '../src/http-protocols.js';
import {
  type ConnectEchoServer,
  ECHO_SERVICE,
  startConnectEchoServer,
} from './helpers/connect-echo-server.js';

// Cross-origin calls as a browser makes them: a preflight OPTIONS request, then the call with an
// Origin header, over HTTP/1.1 (fetch) and HTTP/2.

const APP = 'https://app.example';
let strict: ConnectEchoServer;
let open: ConnectEchoServer;
let none: ConnectEchoServer;

beforeAll(async () => {
  strict = await startConnectEchoServer({
    cors: {
      allowedOrigins: [APP, /https:\/\/[a-z]+\.preview\.example/],
      allowCredentials: true,
      allowHeaders: ['X-Token'],
      exposeHeaders: ['x-header', 'trailer-x-trailer'],
      maxAgeSeconds: 600,
    },
  });
  open = await startConnectEchoServer({ cors: { allowedOrigins: '*' } });
  none = await startConnectEchoServer();
});

afterAll(async () => {
  await Promise.all([strict?.close(), open?.close(), none?.close()]);
});

const url = (server: ConnectEchoServer, method = 'Echo') =>
  `${server.baseUrl}/${ECHO_SERVICE}/${method}`;

function preflight(server: ConnectEchoServer, origin: string, method = 'POST'): Promise<Response> {
  return fetch(url(server), {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'content-type, connect-protocol-version, x-token',
    },
    signal: AbortSignal.timeout(10_000),
  });
}

function call(server: ConnectEchoServer, origin?: string): Promise<Response> {
  return fetch(url(server), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: '{"text":"hi"}',
    signal: AbortSignal.timeout(10_000),
  });
}

describe('CORS preflight', () => {
  it('answers an allowed origin with 204 and what it may send', async () => {
    for (const origin of [APP, 'https://pr.preview.example']) {
      const response = await preflight(strict, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toBe('POST, GET');
      const allowed = response.headers.get('access-control-allow-headers')?.split(', ');
      expect(allowed).toEqual(
        expect.arrayContaining([
          'content-type',
          'connect-protocol-version',
          'x-grpc-web',
          'x-token',
        ]),
      );
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('vary')).toContain('origin');
    }
  });

  it('refuses another origin, a look-alike origin and another method with 403', async () => {
    for (const [origin, method] of [
      ['https://evil.example', 'POST'],
      ['https://app.example.evil.net', 'POST'],
      ['https://x.preview.example.evil.net', 'POST'],
      [APP, 'DELETE'],
    ] as const) {
      const response = await preflight(strict, origin, method);
      expect(response.status, `${origin} ${method}`).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.text()).toMatch(/^CORS preflight for \/.*Echo refused: /);
    }
  });

  it('answers any origin with * when every origin is allowed without credentials', async () => {
    const response = await preflight(open, 'https://anywhere.example');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('is not answered without the cors option (no CORS headers)', async () => {
    const response = await preflight(none, APP);
    expect(response.status).not.toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await response.arrayBuffer();
  });

  it('works over HTTP/2 too', async () => {
    const session = http2Connect(strict.baseUrl);
    try {
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const stream = session.request({
          ':method': 'OPTIONS',
          ':path': `/${ECHO_SERVICE}/Echo`,
          origin: APP,
          'access-control-request-method': 'POST',
        });
        stream.on('response', resolve);
        stream.on('error', reject);
        stream.end();
        stream.resume();
      });
      expect(headers[':status']).toBe(204);
      expect(headers['access-control-allow-origin']).toBe(APP);
    } finally {
      session.close();
    }
  });
});

describe('CORS on calls', () => {
  it('lets an allowed origin read the answer and the exposed headers', async () => {
    const response = await call(strict, APP);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')?.split(', ')).toEqual([
      'grpc-status',
      'grpc-message',
      'grpc-status-details-bin',
      'x-header',
      'trailer-x-trailer',
    ]);
    expect(response.headers.get('vary')).toBe('origin');
    expect(await response.json()).toEqual({ text: 'hi' });
  });

  it('serves a call from another origin or with no origin, without CORS headers', async () => {
    for (const origin of ['https://evil.example', undefined]) {
      const response = await call(strict, origin);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.json()).toEqual({ text: 'hi' });
    }
  });

  it('adds the headers to a gRPC-Web answer (an unknown method: its status in the trailer frame)', async () => {
    const response = await fetch(url(strict, 'Nope'), {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', origin: APP },
      body: new Uint8Array([0, 0, 0, 0, 0]),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    // gRPC-Web over HTTP/1.1: the status travels in the body's trailer frame.
    expect(Buffer.from(await response.arrayBuffer()).toString('latin1')).toMatch(
      /grpc-status: ?12\r\n/,
    );
  });
});

describe('the cors option', () => {
  it('is checked', () => {
    expect(() => httpProtocols({ cors: { allowedOrigins: [] } })).toThrow(/allowedOrigins/);
    expect(() => httpProtocols({ cors: { allowedOrigins: '*', maxAgeSeconds: -1 } })).toThrow(
      /maxAgeSeconds/,
    );
  });
});
