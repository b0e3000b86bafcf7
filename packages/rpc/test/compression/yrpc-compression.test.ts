import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ByteBuffer,
  decodeHandshakeMeta,
  decodeStatusMeta,
  type Frame,
  FrameDecoder,
  FrameEncoder,
  FrameFlag,
  FrameType,
} from '@yrpc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type CallOptions, Client, InvalidOptionError, Server, Status } from '../../src/index.js';
import { yrpc } from '../fixtures/echo-static.js';
import { Echo } from '../helpers/echo-service.js';
import { gzipBomb } from '../helpers/gzip-bomb.js';
import { rejection, startEchoServer } from '../helpers/harness.js';
import { destroyAllPeers, RawPeer, type ReceivedFrame } from '../helpers/raw-peer.js';
import {
  asyncHandlers,
  cleanUp,
  collect,
  HandlerLog,
  type Msg,
  Numbers,
  SMALL_WINDOWS,
  serve,
} from '../streaming/streaming-helpers.js';

// gzip on the yrpc protocol (PROTOCOL.md section 4, "Compression"): negotiated in the handshake,
// a COMPRESSED flag per frame, bombs cut at the message size limit for the call only.

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  destroyAllPeers();
  await cleanUp();
  await Promise.all(closers.splice(0).map((close) => close()));
});

const KiB = 1024;
const ECHO = 'yrpc.test.Echo/Echo';
/** 64 KiB that gzip takes to a few hundred bytes. */
const big = new Uint8Array(64 * KiB).map((_, i) => (i % 16) + 65);
const QUIET = { heartbeat: { intervalMs: 0 } } as const;

function echoRequest(payload: Uint8Array, text = ''): Uint8Array {
  return yrpc.test.EchoRequest.encode({ text, payload }).finish();
}

async function echoServer(options: ConstructorParameters<typeof Server>[0] = {}) {
  const harness = await startEchoServer({ ...QUIET, ...options });
  closers.push(() => harness.close());
  return harness;
}

/** A raw client that sent its HANDSHAKE (announcing `acceptEncoding`) and got the answer. */
async function rawClient(port: number, acceptEncoding?: string[]): Promise<RawPeer> {
  const peer = await RawPeer.connect(port, { keepPayloads: true });
  peer.send((encoder, out) =>
    encoder.writeHandshake(out, { version: 1, ...(acceptEncoding ? { acceptEncoding } : {}) }),
  );
  await peer.waitFor(() => peer.framesOf(FrameType.HANDSHAKE).length > 0, 'handshake ack');
  return peer;
}

function statusOf(frame: ReceivedFrame | undefined): { code: number; message: string } {
  if (frame === undefined || frame.type !== FrameType.ERROR) {
    throw new Error(`expected an ERROR, got ${frame === undefined ? 'nothing' : frame.type}`);
  }
  return decodeStatusMeta(frame.meta, 0, frame.meta.length);
}

interface EchoReply {
  readonly text: string;
  readonly payload: Uint8Array;
  readonly number: number;
}

/**
 * Makes a first call, so that the server's handshake is in: the calls that leave before it go
 * uncompressed (PROTOCOL.md section 4).
 */
async function handshaken(client: Client): Promise<void> {
  await echoOf(client).echo({});
}

/** The Echo stub of `client`, as these tests use it. */
function echoOf(client: Client): {
  echo(request: object, options?: CallOptions): Promise<EchoReply>;
  watch(request: object, options?: CallOptions): AsyncIterable<EchoReply>;
} {
  return client.service(Echo) as never;
}

describe('options', () => {
  it('take gzip or identity and a threshold, on Server, Client and calls', async () => {
    expect(() => new Server({ compression: 'brotli' as never })).toThrow(InvalidOptionError);
    expect(() => new Server({ compressionThreshold: -1 })).toThrow(InvalidOptionError);
    expect(
      () => new Client({ host: '127.0.0.1', port: 1 }, { compression: 'br' as never }),
    ).toThrow(InvalidOptionError);
    const { endpoint } = await echoServer();
    const client = new Client(endpoint, QUIET);
    closers.push(() => client.close());
    await expect(
      echoOf(client).echo({ text: 'x' }, { compression: 'zstd' as never }),
    ).rejects.toThrow(InvalidOptionError);
    expect(await echoOf(client).echo({ text: 'x' }, { compression: 'gzip' })).toMatchObject({
      text: 'x',
    });
  });
});

describe('a client', () => {
  it('announces gzip in its handshake and inflates compressed responses', async () => {
    const fake = await fakeServer((frame, reply) => {
      if (frame.type !== FrameType.REQUEST) return;
      const reply_ = yrpc.test.EchoReply.encode({ text: 'zipped', payload: big }).finish();
      reply((e, o) =>
        e.writeResponse(o, frame.id, gzipSync(reply_), undefined, FrameFlag.END_STREAM | 8),
      );
    });
    const client = fake.client();
    const reply = await echoOf(client).echo({ text: 'hi' });
    expect(reply.text).toBe('zipped');
    expect(Buffer.from(reply.payload).equals(Buffer.from(big))).toBe(true);
    expect(fake.handshake?.acceptEncoding).toEqual(['gzip']);
  });

  it('sends nothing compressed to a server that did not accept gzip (an older one)', async () => {
    const requests: Frame[] = [];
    const fake = await fakeServer(
      (frame, reply) => {
        if (frame.type !== FrameType.REQUEST) return;
        requests.push(frame);
        reply((e, o) => e.writeResponse(o, frame.id, yrpc.test.EchoReply.encode({}).finish()));
      },
      { acceptEncoding: [] },
    );
    const client = fake.client({ compression: 'gzip', compressionThreshold: 0 });
    await client.connect();
    await echoOf(client).echo({ payload: big });
    await echoOf(client).echo({ payload: big });
    expect(requests.map((frame) => frame.flags)).toEqual([1, 1]);
    expect(fake.received).toBeGreaterThan(2 * big.length);
  });

  it('compresses requests for a server that accepts gzip, past the threshold only', async () => {
    const seen: { flags: number; payload: Buffer }[] = [];
    const fake = await fakeServer((frame, reply) => {
      if (frame.type !== FrameType.REQUEST) return;
      seen.push({ flags: frame.flags, payload: Buffer.from(frame.payload) });
      reply((e, o) => e.writeResponse(o, frame.id, yrpc.test.EchoReply.encode({}).finish()));
    });
    const client = fake.client({ compression: 'gzip', compressionThreshold: 100 });
    // A call that leaves before the server's handshake arrived goes uncompressed.
    await echoOf(client).echo({});
    seen.length = 0;
    await echoOf(client).echo({ payload: big });
    await echoOf(client).echo({ text: 'small' });
    await echoOf(client).echo({ payload: big }, { compression: 'identity' });
    // Random bytes do not shrink: they go uncompressed.
    const noise = new Uint8Array(4 * KiB).map(() => Math.floor(Math.random() * 256));
    await echoOf(client).echo({ payload: noise });
    expect(seen.map((s) => s.flags)).toEqual([1 | 8, 1, 1, 1]);
    const first = yrpc.test.EchoRequest.decode(gunzipSync(seen[0]?.payload as Buffer));
    expect(Buffer.from(first.payload).equals(Buffer.from(big))).toBe(true);
  });

  it('fails a call whose response is a bomb with RESOURCE_EXHAUSTED, and keeps the connection', async () => {
    const bomb = gzipBomb(1024);
    let calls = 0;
    const fake = await fakeServer((frame, reply) => {
      if (frame.type !== FrameType.REQUEST) return;
      calls++;
      if (calls === 1) {
        reply((e, o) => e.writeResponse(o, frame.id, bomb, undefined, FrameFlag.END_STREAM | 8));
      } else if (calls === 2) {
        reply((e, o) => e.writeResponse(o, frame.id, Buffer.from('not gzip'), undefined, 9));
      } else {
        reply((e, o) =>
          e.writeResponse(o, frame.id, yrpc.test.EchoReply.encode({ text: 'ok' }).finish()),
        );
      }
    });
    const client = fake.client();
    const started = performance.now();
    const error = await rejection(echoOf(client).echo({}));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(error.message).toMatch(
      /decompressed message is larger than the limit of 16777200 bytes/,
    );
    const corrupt = await rejection(echoOf(client).echo({}));
    expect(corrupt.code).toBe(Status.INTERNAL);
    expect(corrupt.message).toMatch(/could not decompress the gzip message/);
    expect(await echoOf(client).echo({})).toMatchObject({ text: 'ok' });
    expect(fake.connections).toBe(1);
  });

  it('fails a response stream whose message is a bomb, and cancels it on the server', async () => {
    const bomb = gzipBomb(256);
    const cancels: number[] = [];
    const fake = await fakeServer((frame, reply) => {
      if (frame.type === FrameType.CANCEL) cancels.push(frame.id);
      if (frame.type !== FrameType.REQUEST) return;
      reply((e, o) => {
        e.writeResponse(o, frame.id, new Uint8Array(0), undefined, 0);
        e.writeStreamData(
          o,
          frame.id,
          gzipSync(yrpc.test.EchoReply.encode({ text: 'one' }).finish()),
          false,
          true,
        );
        e.writeStreamData(o, frame.id, bomb, false, true);
      });
    });
    const client = fake.client();
    const watch = echoOf(client).watch({});
    const texts: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const reply of watch) texts.push(reply.text);
      })(),
    );
    expect(texts).toEqual(['one']);
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    await fake.waitFor(() => cancels.length === 1, 'CANCEL');
  });
});

describe('a server', () => {
  it('answers a raw client that accepts gzip with COMPRESSED responses past the threshold', async () => {
    const { server } = await echoServer({ compression: 'gzip' });
    const port = (server.addresses[0] as string).split(':').pop();
    const peer = await rawClient(Number(port), ['gzip']);
    peer.request(1, ECHO, echoRequest(big));
    peer.request(2, ECHO, echoRequest(new Uint8Array(0), 'small'));
    await peer.waitFor(
      () => peer.answer(1) !== undefined && peer.answer(2) !== undefined,
      'answers',
    );
    const answer = peer.answer(1) as ReceivedFrame;
    expect(answer.flags).toBe(FrameFlag.END_STREAM | FrameFlag.COMPRESSED);
    expect(answer.payloadLength).toBeLessThan(2 * KiB);
    const reply = yrpc.test.EchoReply.decode(gunzipSync(answer.payload as Uint8Array));
    expect(Buffer.from(reply.payload).equals(Buffer.from(big))).toBe(true);
    expect(peer.answer(2)?.flags).toBe(FrameFlag.END_STREAM);
  });

  it('with compression off, sets no flag even for a client that accepts gzip', async () => {
    const { server } = await echoServer({ compressionThreshold: 0 });
    const port = Number((server.addresses[0] as string).split(':').pop());
    const peer = await rawClient(port, ['gzip']);
    peer.request(1, ECHO, echoRequest(big));
    await peer.waitFor(() => peer.answer(1) !== undefined, 'answer');
    expect(peer.answer(1)?.flags).toBe(FrameFlag.END_STREAM);
    // It still inflates what it is sent.
    peer.send((e, o) =>
      e.writeRequest(
        o,
        2,
        { method: ECHO },
        gzipSync(echoRequest(big, 'z')),
        FrameFlag.END_STREAM | 8,
      ),
    );
    await peer.waitFor(() => peer.answer(2) !== undefined, 'answer');
    const reply = yrpc.test.EchoReply.decode(peer.answer(2)?.payload as Uint8Array);
    expect([reply.text, reply.payload.length]).toEqual(['z', big.length]);
  });

  it('sends nothing compressed to a client that announced no encoding (an older one)', async () => {
    const { server } = await echoServer({ compression: 'gzip', compressionThreshold: 0 });
    const port = Number((server.addresses[0] as string).split(':').pop());
    const peer = await rawClient(port);
    peer.request(1, ECHO, echoRequest(big));
    await peer.waitFor(() => peer.answer(1) !== undefined, 'answer');
    expect(peer.answer(1)?.flags).toBe(FrameFlag.END_STREAM);
    expect(peer.answer(1)?.payloadLength).toBeGreaterThan(big.length);
  });

  it('unary calls with gzip on both sides move a fraction of the bytes', async () => {
    const { server, endpoint } = await echoServer({ compression: 'gzip' });
    const client = new Client(endpoint, { ...QUIET, compression: 'gzip' });
    closers.push(() => client.close());
    await handshaken(client);
    const before = server.stats();
    for (let i = 0; i < 10; i++) {
      const reply = await echoOf(client).echo({ payload: big, number: i });
      expect(reply.number).toBe(i);
      expect(Buffer.from(reply.payload).equals(Buffer.from(big))).toBe(true);
    }
    const stats = server.stats();
    // 640 KiB each way uncompressed.
    expect(stats.bytesIn - before.bytesIn).toBeLessThan(20 * KiB);
    expect(stats.bytesOut - before.bytesOut).toBeLessThan(20 * KiB);
    expect(client.stats().bytesOut).toBe(stats.bytesIn);
  });

  it('with one side off, only the other side compresses', async () => {
    const { server, endpoint } = await echoServer({ compression: 'gzip' });
    const client = new Client(endpoint, QUIET);
    closers.push(() => client.close());
    await handshaken(client);
    for (let i = 0; i < 4; i++) await echoOf(client).echo({ payload: big });
    expect(server.stats().bytesIn).toBeGreaterThan(4 * big.length);
    expect(server.stats().bytesOut).toBeLessThan(10 * KiB);
    // A call may ask for gzip itself.
    const before = server.stats().bytesIn;
    await echoOf(client).echo({ payload: big }, { compression: 'gzip' });
    expect(server.stats().bytesIn - before).toBeLessThan(2 * KiB);

    const plain = await echoServer();
    const zipping = new Client(plain.endpoint, { ...QUIET, compression: 'gzip' });
    closers.push(() => zipping.close());
    await handshaken(zipping);
    for (let i = 0; i < 4; i++) await echoOf(zipping).echo({ payload: big });
    expect(plain.server.stats().bytesIn).toBeLessThan(10 * KiB);
    expect(plain.server.stats().bytesOut).toBeGreaterThan(4 * big.length);
  });

  it('streams compress each message both ways, within flow control', async () => {
    const served = await serve(asyncHandlers(new HandlerLog()), { compression: 'gzip' });
    const client = served.client({ compression: 'gzip' });
    const stub = client.service(Numbers) as unknown as {
      double(request: Msg): Promise<Msg>;
      echo(requests: AsyncIterable<Msg> | Iterable<Msg>): AsyncIterable<Msg>;
      add(requests: Iterable<Msg>): Promise<Msg>;
    };
    // Compression starts once the server's handshake is in.
    await stub.double({ value: 1 });
    const payload = big;
    const messages = Array.from({ length: 50 }, (_, value) => ({ value, payload }));
    const echoed = await collect(stub.echo(messages) as never);
    expect(echoed.map((m) => (m as Msg).value)).toEqual(messages.map((m) => m.value));
    for (const m of echoed)
      expect(Buffer.from((m as Msg).payload).equals(Buffer.from(payload))).toBe(true);
    expect(await stub.add(messages)).toMatchObject({ count: 50 });
    const stats = served.server.stats();
    // 100 messages in (6.4 MiB), 50 out, uncompressed.
    expect(stats.bytesIn).toBeLessThan(100 * KiB);
    expect(stats.bytesOut).toBeLessThan(100 * KiB);
  });

  it('counts compressed bytes against the windows: more than a window of messages goes through', async () => {
    // 24 MiB each way through 16 MiB stream windows: were credit taken for the uncompressed bytes
    // and given back for the compressed ones, the stream would stall.
    const served = await serve(asyncHandlers(new HandlerLog()), {
      compression: 'gzip',
      flowControl: SMALL_WINDOWS,
    });
    const client = served.client({ compression: 'gzip', flowControl: SMALL_WINDOWS });
    const stub = client.service(Numbers) as unknown as {
      double(request: Msg): Promise<Msg>;
      echo(requests: Iterable<Msg>): AsyncIterable<Msg>;
    };
    await stub.double({ value: 1 });
    const messages = Array.from({ length: 384 }, (_, value) => ({ value, payload: big }));
    const echoed = await collect(stub.echo(messages) as never);
    expect(echoed).toHaveLength(384);
    expect(served.server.stats().bytesIn).toBeLessThan(1024 * KiB);
    expect(served.server.stats().flowControlStalls).toBe(0);
  });

  it('answers a bomb in a request with RESOURCE_EXHAUSTED for that call and keeps serving', async () => {
    const { server } = await echoServer();
    const port = Number((server.addresses[0] as string).split(':').pop());
    const peer = await rawClient(port, ['gzip']);
    const started = performance.now();
    peer.send((e, o) =>
      e.writeRequest(
        o,
        1,
        { method: ECHO },
        gzipBomb(1024),
        FrameFlag.END_STREAM | FrameFlag.COMPRESSED,
      ),
    );
    await peer.waitFor(() => peer.answer(1) !== undefined, 'answer to the bomb', 5000);
    expect(performance.now() - started).toBeLessThan(3000);
    const status = statusOf(peer.answer(1));
    expect(status.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(status.message).toMatch(
      /a request message of \/yrpc\.test\.Echo\/Echo: the decompressed message is larger than the limit of 16777200 bytes/,
    );
    // Corrupt gzip is INTERNAL, for that call too.
    peer.send((e, o) =>
      e.writeRequest(
        o,
        2,
        { method: ECHO },
        Buffer.from('junk'),
        FrameFlag.END_STREAM | FrameFlag.COMPRESSED,
      ),
    );
    // A compressed request that is fine is served, and so is a plain one.
    peer.send((e, o) =>
      e.writeRequest(o, 3, { method: ECHO }, gzipSync(echoRequest(big)), FrameFlag.END_STREAM | 8),
    );
    peer.request(4, ECHO, echoRequest(new Uint8Array(0), 'after'));
    await peer.waitFor(() => [2, 3, 4].every((id) => peer.answer(id) !== undefined), 'answers');
    expect(statusOf(peer.answer(2)).code).toBe(Status.INTERNAL);
    expect(peer.answer(3)?.type).toBe(FrameType.RESPONSE);
    expect(peer.answer(4)?.type).toBe(FrameType.RESPONSE);
    expect(peer.closed).toBe(false);
  });

  it('fails a request stream whose message is a bomb with RESOURCE_EXHAUSTED', async () => {
    const served = await serve(asyncHandlers(new HandlerLog()));
    const peer = await rawClient(served.port, ['gzip']);
    const ADD = 'yrpc.test.streams.Numbers/Add';
    peer.send((e, o) => {
      e.writeRequest(o, 1, { method: ADD }, new Uint8Array(0), 0);
      e.writeStreamData(o, 1, gzipBomb(64), true, true);
    });
    await peer.waitFor(() => peer.answer(1) !== undefined, 'answer');
    expect(statusOf(peer.answer(1)).code).toBe(Status.RESOURCE_EXHAUSTED);
    peer.request(2, 'yrpc.test.streams.Numbers/Double', new Uint8Array([8, 21]));
    await peer.waitFor(() => peer.answer(2) !== undefined, 'answer');
    expect(peer.answer(2)?.type).toBe(FrameType.RESPONSE);
  });

  it('refuses a COMPRESSED request from a client it never answered a handshake of (INTERNAL)', async () => {
    const { server } = await echoServer({ compression: 'gzip' });
    const port = Number((server.addresses[0] as string).split(':').pop());
    // No HANDSHAKE: the server announced nothing to this peer.
    const peer = await RawPeer.connect(port, { keepPayloads: true });
    peer.send((e, o) =>
      e.writeRequest(o, 1, { method: ECHO }, gzipSync(echoRequest(big)), FrameFlag.END_STREAM | 8),
    );
    peer.send((e, o) => {
      e.writeRequest(
        o,
        2,
        { method: 'yrpc.test.Echo/Watch' },
        echoRequest(big),
        FrameFlag.END_STREAM,
      );
    });
    peer.request(3, ECHO, echoRequest(new Uint8Array(0), 'plain'));
    await peer.waitFor(
      () => peer.answer(1) !== undefined && peer.answer(3) !== undefined,
      'answers',
    );
    const status = statusOf(peer.answer(1));
    expect(status.code).toBe(Status.INTERNAL);
    expect(status.message).toMatch(/compression was not negotiated/);
    expect(peer.answer(3)?.type).toBe(FrameType.RESPONSE);
    expect(peer.closed).toBe(false);
  });

  it('refuses a COMPRESSED stream message that was not negotiated, for that call only', async () => {
    const served = await serve(asyncHandlers(new HandlerLog()));
    const peer = await RawPeer.connect(served.port, { keepPayloads: true });
    const ADD = 'yrpc.test.streams.Numbers/Add';
    peer.send((e, o) => {
      e.writeRequest(o, 1, { method: ADD }, new Uint8Array(0), 0);
      e.writeStreamData(o, 1, gzipSync(new Uint8Array([8, 1])), true, true);
    });
    await peer.waitFor(() => peer.answer(1) !== undefined, 'answer');
    expect(statusOf(peer.answer(1)).code).toBe(Status.INTERNAL);
    peer.request(2, 'yrpc.test.streams.Numbers/Double', new Uint8Array([8, 21]));
    await peer.waitFor(() => peer.answer(2) !== undefined, 'answer');
    expect(peer.answer(2)?.type).toBe(FrameType.RESPONSE);
  });
});

// ── a fake yrpc server, for what a real one never sends ──────────────────────

interface FakeServer {
  /** The client's handshake, once it came. */
  readonly handshake: ReturnType<typeof decodeHandshakeMeta> | undefined;
  /** Bytes received on every connection. */
  readonly received: number;
  /** Connections accepted so far. */
  readonly connections: number;
  client(options?: ConstructorParameters<typeof Client>[1]): Client;
  waitFor(condition: () => boolean, what: string): Promise<void>;
}

type Reply = (write: (encoder: FrameEncoder, out: ByteBuffer) => void) => void;

/**
 * A server speaking frames by hand: it answers the client's HANDSHAKE (with `acceptEncoding`,
 * default gzip) and hands every other frame to `onFrame`.
 */
async function fakeServer(
  onFrame: (frame: Frame, reply: Reply) => void,
  { acceptEncoding = ['gzip'] }: { acceptEncoding?: string[] } = {},
): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const state = {
    handshake: undefined as ReturnType<typeof decodeHandshakeMeta> | undefined,
    received: 0,
    connections: 0,
  };
  const net: NetServer = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    const decoder = new FrameDecoder();
    const encoder = new FrameEncoder();
    const reply: Reply = (write) => {
      const out = new ByteBuffer();
      write(encoder, out);
      socket.write(out.take());
    };
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      state.received += chunk.length;
      decoder.push(chunk);
      for (let frame = decoder.next(); frame !== undefined; frame = decoder.next()) {
        if (frame.type === FrameType.HANDSHAKE) {
          state.handshake = decodeHandshakeMeta(frame.bytes, frame.metaStart, frame.metaEnd);
          reply((e, o) => e.writeHandshake(o, { version: 1, acceptEncoding }, true));
          continue;
        }
        onFrame(frame, reply);
      }
    });
  });
  await new Promise<void>((resolve) => net.listen(0, '127.0.0.1', resolve));
  const port = (net.address() as { port: number }).port;
  const clients: Client[] = [];
  closers.push(async () => {
    await Promise.all(clients.map((client) => client.close()));
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => net.close(resolve));
  });
  return {
    get handshake() {
      return state.handshake;
    },
    get received() {
      return state.received;
    },
    get connections() {
      return state.connections;
    },
    client(options = {}) {
      const client = new Client({ host: '127.0.0.1', port }, { ...QUIET, ...options });
      clients.push(client);
      return client;
    },
    async waitFor(condition, what) {
      const start = Date.now();
      while (!condition()) {
        if (Date.now() - start > 3000) throw new Error(`no ${what} within 3000 ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}
