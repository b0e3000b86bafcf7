import { connect as netConnect, type Socket } from 'node:net';
import {
  ByteBuffer,
  decodeGoAwayMeta,
  decodeStatusMeta,
  type Frame,
  FrameDecoder,
  FrameEncoder,
  FrameType,
} from '@yrpc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { defineService, Status } from '../src/index.js';
import type { MessageCodec } from '../src/service/message-codec.js';
import { yrpc } from './fixtures/echo-static.js';
import { makeTestCertificates } from './helpers/certificates.js';
import { Echo } from './helpers/echo-service.js';
import {
  eventually,
  type Harness,
  rejection,
  socketDirectory,
  startEchoServer,
} from './helpers/harness.js';

let harness: Harness | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await harness?.close();
  harness = undefined;
});

/** A raw socket speaking frames by hand, to see exactly what the server sends. */
async function rawPeer(port: number) {
  const socket = netConnect({ host: '127.0.0.1', port });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const encoder = new FrameEncoder();
  const decoder = new FrameDecoder();
  const frames: { type: number; id: number; meta: Uint8Array; payload: Uint8Array }[] = [];
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    decoder.push(chunk);
    let frame: Frame | undefined = decoder.next();
    while (frame !== undefined) {
      frames.push({
        type: frame.type,
        id: frame.id,
        meta: new Uint8Array(frame.meta),
        payload: frame.copyPayload(),
      });
      frame = decoder.next();
    }
  });
  socket.on('close', () => {
    closed = true;
  });
  socket.on('error', () => {});
  return {
    frames,
    get closed() {
      return closed;
    },
    send(write: (encoder: FrameEncoder, out: ByteBuffer) => void) {
      const out = new ByteBuffer();
      write(encoder, out);
      socket.write(out.take());
    },
    sendBytes(bytes: Uint8Array) {
      socket.write(bytes);
    },
  };
}

describe('Server over loopback TCP', () => {
  it('answers calls in all three styles', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    const reply = await echo.echo({ text: 'promise', number: 1 });
    expect(reply.text).toBe('promise');
    const viaCallback = await new Promise<yrpc.test.EchoReply | undefined>((resolve, reject) =>
      echo.echo({ text: 'callback' }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
    expect(viaCallback?.text).toBe('callback');
    const { run } = await import('../src/index.js');
    const viaCoroutine = await run(function* () {
      return yield* echo.echo.co({ text: 'coroutine', number: 3 });
    });
    expect(viaCoroutine.text).toBe('coroutine');
    expect(viaCoroutine.number).toBe(3);
  });

  it('runs coroutine and async handlers', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    expect((await echo.sleep({ ms: 5 })).text).toBe('slept');
    expect((await echo.sleepAsync({ ms: 5 })).text).toBe('slept');
    expect(harness.log.events).toEqual([
      'sleep:start',
      'sleep:done',
      'sleep:finally',
      'async:start',
      'async:finally',
    ]);
  });

  it('answers UNIMPLEMENTED for unknown methods and methods without a handler', async () => {
    harness = await startEchoServer();
    const client = harness.client();
    const codec = yrpc.test.EchoRequest as unknown as MessageCodec;
    const unknown = defineService('yrpc.test.Nope', [
      {
        path: '/yrpc.test.Nope/Missing',
        name: 'Missing',
        localName: 'missing',
        service: 'yrpc.test.Nope',
        requestType: codec,
        responseType: codec,
        requestStream: false,
        responseStream: false,
      },
    ]);
    const missing = client.service(unknown).missing;
    expect(missing).toBeDefined();
    const error = await rejection(missing?.({}) ?? Promise.resolve());
    expect(error.code).toBe(Status.UNIMPLEMENTED);
    expect(error.message).toContain('unknown method yrpc.test.Nope/Missing');
    expect(error.message).toContain(`on 127.0.0.1:${harness.endpoint.port}`);
    // A streaming method without a handler: UNIMPLEMENTED for that call, as its stream's end.
    const stream = client.service(Echo).watch({}) as unknown as AsyncIterable<unknown>;
    const streaming = await rejection(
      (async () => {
        for await (const _ of stream) throw new Error('no message expected');
      })(),
    );
    expect(streaming.code).toBe(Status.UNIMPLEMENTED);
  });

  it('answers INVALID_ARGUMENT for a request that does not decode', async () => {
    harness = await startEchoServer();
    const peer = await rawPeer(harness.endpoint.port ?? 0);
    peer.send((encoder, out) =>
      encoder.writeRequest(
        out,
        5,
        { method: 'yrpc.test.Echo/Echo' },
        new Uint8Array([0x0a, 0xff, 0xff]),
      ),
    );
    await eventually(() => peer.frames.length === 1);
    const [frame] = peer.frames;
    expect(frame?.type).toBe(FrameType.ERROR);
    expect(frame?.id).toBe(5);
    const status = decodeStatusMeta(frame?.meta ?? new Uint8Array(), 0, frame?.meta.length ?? 0);
    expect(status.code).toBe(Status.INVALID_ARGUMENT);
    expect(status.message).toContain('/yrpc.test.Echo/Echo');
  });

  it('answers INTERNAL for a throwing handler, without the stack unless asked', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    const hidden = await rejection(echo.fail({ plain: true, message: 'kaboom' }));
    expect(hidden.code).toBe(Status.INTERNAL);
    expect(hidden.message).toContain('TypeError: kaboom');
    expect(hidden.message).not.toMatch(/\n\s+at /);
    await harness.close();
    harness = await startEchoServer({ exposeErrorStack: true });
    const shown = await rejection(
      harness.client().service(Echo).fail({ plain: true, message: 'kaboom' }),
    );
    expect(shown.message).toMatch(/\n\s+at /);
  });

  it("passes a handler's RpcError code and message through", async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    for (const code of [Status.NOT_FOUND, Status.PERMISSION_DENIED, Status.RESOURCE_EXHAUSTED]) {
      const error = await rejection(echo.fail({ code, message: `code ${code}` }));
      expect(error.code).toBe(code);
      expect(error.message).toContain(`code ${code}`);
    }
  });

  it('enforces the deadline the client sent: DEADLINE_EXCEEDED and the handler halted', async () => {
    harness = await startEchoServer();
    const peer = await rawPeer(harness.endpoint.port ?? 0);
    peer.send((encoder, out) =>
      encoder.writeRequest(
        out,
        9,
        { method: 'yrpc.test.Echo/Sleep', timeoutMs: 50 },
        yrpc.test.SleepRequest.encode({ ms: 10_000 }).finish(),
      ),
    );
    await eventually(() => peer.frames.length === 1);
    const frame = peer.frames[0];
    expect(frame?.type).toBe(FrameType.ERROR);
    const status = decodeStatusMeta(frame?.meta ?? new Uint8Array(), 0, frame?.meta.length ?? 0);
    expect(status.code).toBe(Status.DEADLINE_EXCEEDED);
    await eventually(() => harness?.log.events.includes('sleep:finally') === true);
    expect(harness.log.events).not.toContain('sleep:done');
  });

  it('halts a coroutine handler on CANCEL and aborts an async one; their finally runs', async () => {
    harness = await startEchoServer();
    const peer = await rawPeer(harness.endpoint.port ?? 0);
    const sleep = yrpc.test.SleepRequest.encode({ ms: 10_000 }).finish();
    peer.send((encoder, out) => {
      encoder.writeRequest(out, 1, { method: 'yrpc.test.Echo/Sleep' }, sleep);
      encoder.writeRequest(out, 2, { method: 'yrpc.test.Echo/SleepAsync' }, sleep);
    });
    await eventually(() => harness?.log.events.length === 2);
    peer.send((encoder, out) => {
      encoder.writeCancel(out, 1);
      encoder.writeCancel(out, 2);
    });
    await eventually(
      () =>
        harness?.log.events.includes('sleep:finally') === true &&
        harness.log.events.includes('async:finally'),
    );
    expect(harness.log.events).toContain('async:aborted');
    // A cancelled call gets no answer: the client already gave up on it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(peer.frames).toEqual([]);
  });

  it('halts handlers whose connection goes away', async () => {
    harness = await startEchoServer();
    const client = harness.client();
    const pending = client.service(Echo).sleep({ ms: 10_000 });
    await eventually(() => harness?.log.events.includes('sleep:start') === true);
    const failed = rejection(pending);
    await client.close();
    expect((await failed).code).toBe(Status.UNAVAILABLE);
    await eventually(() => harness?.log.events.includes('sleep:finally') === true);
  });

  it('matches 1,000 concurrent calls on one connection to their responses', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    const calls = Array.from({ length: 1000 }, (_, i) =>
      i % 3 === 0
        ? echo.sleep({ ms: i % 7 }).then(() => ({ text: `n${i}`, number: i }))
        : echo.echo({ text: `n${i}`, number: i }),
    );
    const replies = await Promise.all(calls);
    replies.forEach((reply, i) => {
      expect(reply.text).toBe(`n${i}`);
      expect(reply.number).toBe(i);
    });
    expect(harness.server.connections).toBe(1);
  });

  it('closes a connection that sends malformed frames and keeps serving the others', async () => {
    harness = await startEchoServer();
    const errors: Error[] = [];
    harness.server.onConnectionError((event) => errors.push(event.error));
    const echo = harness.client().service(Echo);
    expect((await echo.echo({ text: 'before' })).text).toBe('before');
    const peer = await rawPeer(harness.endpoint.port ?? 0);
    peer.sendBytes(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await eventually(() => peer.closed && errors.length > 0);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.name).toBe('ProtocolError');
    const goAway = peer.frames.find((frame) => frame.type === FrameType.GOAWAY);
    expect(goAway).toBeDefined();
    const meta = decodeGoAwayMeta(goAway?.meta ?? new Uint8Array(), 0, goAway?.meta.length ?? 0);
    expect(meta.code).not.toBe(0);
    expect(meta.message.length).toBeGreaterThan(0);
    expect((await echo.echo({ text: 'after' })).text).toBe('after');
  });
});

describe('Server over a Unix socket and TLS', () => {
  it('serves a Unix domain socket', async () => {
    const dir = socketDirectory();
    try {
      harness = await startEchoServer({}, { path: dir.path('echo.sock') });
      const reply = await harness.client().service(Echo).echo({ text: 'unix' });
      expect(reply.text).toBe('unix');
    } finally {
      await harness?.close();
      harness = undefined;
      dir.remove();
    }
  });

  it('serves TLS, and mutual TLS that refuses a client without a certificate', async () => {
    const certs = makeTestCertificates();
    harness = await startEchoServer(
      {},
      {
        host: '127.0.0.1',
        port: 0,
        tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca, requestCert: true },
      },
      { ca: certs.ca, key: certs.clientKey, cert: certs.clientCert },
    );
    const reply = await harness.client().service(Echo).echo({ text: 'mtls' });
    expect(reply.text).toBe('mtls');
    const anonymous = harness.client({}, { ...harness.endpoint, tls: { ca: certs.ca } });
    const error = await rejection(anonymous.service(Echo).echo({ text: 'no cert' }));
    expect(error.code).toBe(Status.UNAVAILABLE);
    expect(error.message).toContain(`127.0.0.1:${harness.endpoint.port}`);
  });
});

describe('Server shutdown', () => {
  it('halts calls in flight and tells their clients it is shutting down', async () => {
    harness = await startEchoServer();
    const pending = harness.client().service(Echo).sleep({ ms: 10_000 });
    const failed = rejection(pending);
    await eventually(() => harness?.log.events.includes('sleep:start') === true);
    await harness.server.close();
    const error = await failed;
    expect(error.code).toBe(Status.UNAVAILABLE);
    expect(error.message).toContain('the server is going away: the server is shutting down');
    expect(harness.log.events).toContain('sleep:finally');
  });
});
