import { afterEach, describe, expect, it } from 'vitest';
import {
  type Connection,
  createConnectionPair,
  decodeGoAwayMeta,
  decodeRequestMeta,
  type Frame,
  FramedConnection,
  FrameType,
  localHandshake,
  ProtocolError,
  run,
  Status,
} from '../src/index.js';

let open: Connection[] = [];

function pair(serverWindow?: number): [FramedConnection, FramedConnection] {
  const [a, b] = createConnectionPair();
  open.push(a, b);
  return [
    new FramedConnection(a),
    new FramedConnection(
      b,
      serverWindow === undefined
        ? {}
        : { connectionWindow: serverWindow, limits: { maxFrameSize: 1024 * 1024 } },
    ),
  ];
}

afterEach(() => {
  for (const connection of open) connection.abort();
  open = [];
});

/** Waits for the next frame through the waiter primitive (what a coroutine parks on). */
function nextFrame(framed: FramedConnection): Promise<Frame | undefined> {
  return new Promise((resolve, reject) => framed.whenFrame({ resume: resolve, fail: reject }));
}

describe('FramedConnection', () => {
  it('delivers frames written in one tick to the callback, coalesced in one socket write', async () => {
    const [client, server] = pair();
    const received: { type: number; id: number; method: string; payload: number[] }[] = [];
    const done = new Promise<void>((resolve) => {
      server.onFrame((frame) => {
        const meta = decodeRequestMeta(frame.bytes, frame.metaStart, frame.metaEnd);
        received.push({
          type: frame.type,
          id: frame.id,
          method: meta.method,
          payload: [...frame.payload],
        });
        if (received.length === 3) resolve();
      });
    });
    for (const id of [1, 2, 3]) {
      client.encoder.writeRequest(
        client.beginWrite(),
        id,
        { method: 'pkg.Svc/Call' },
        Uint8Array.of(id),
      );
    }
    await done;
    expect(received).toEqual(
      [1, 2, 3].map((id) => ({
        type: FrameType.REQUEST,
        id,
        method: 'pkg.Svc/Call',
        payload: [id],
      })),
    );
    expect(client.connection.stats.socketWrites).toBe(1);
    expect(server.lastRequestId).toBe(3);
  });

  it('resumes a waiter with the next frame, and with undefined at a clean end', async () => {
    const [client, server] = pair();
    const first = nextFrame(server);
    client.encoder.writePing(client.beginWrite(), 42);
    const ping = await first;
    expect([ping?.type, ping?.id]).toEqual([FrameType.PING, 42]);
    const end = nextFrame(server);
    client.close();
    expect(await end).toBeUndefined();
  });

  it('answers a protocol violation with GOAWAY and closes with the ProtocolError', async () => {
    const [client, server] = pair();
    server.onFrame(() => {});
    const goAway = nextFrame(client);
    client.connection.write(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
    const frame = await goAway;
    expect(frame?.type).toBe(FrameType.GOAWAY);
    const meta = frame && decodeGoAwayMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    expect(meta?.code).toBe(Status.INTERNAL);
    const reason = await server.closed;
    expect(reason).toBeInstanceOf(ProtocolError);
    expect((reason as ProtocolError).code).toBe('bad-magic');
  });

  it('fails a waiter with a ProtocolError when the peer ends inside a frame', async () => {
    const [client, server] = pair();
    const waiting = nextFrame(server);
    client.connection.write(Uint8Array.of(0x59, 0x52, 0x01, 0x06, 0, 0, 0));
    client.connection.shutdown();
    await expect(waiting).rejects.toMatchObject({ code: 'invalid-frame' });
  });

  it('exchanges handshakes and adopts the peer limits for sending', async () => {
    const [client, server] = pair();
    const serverSide = localHandshake({
      maxFrameSize: 4096,
      maxConcurrentCalls: 8,
      heartbeatIntervalMs: 5000,
    });
    const clientSide = localHandshake({ heartbeatIntervalMs: 2000 });
    const atServer = nextFrame(server);
    client.sendHandshake(clientSide);
    const hello = await atServer;
    const ack = nextFrame(client);
    const serverView = server.acceptHandshake(hello as Frame, serverSide);
    const clientView = client.acceptHandshake((await ack) as Frame, clientSide);
    expect(serverView.heartbeatIntervalMs).toBe(2000);
    expect(clientView).toMatchObject({
      version: 1,
      peerMaxFrameSize: 4096,
      peerMaxConcurrentCalls: 8,
      heartbeatIntervalMs: 2000,
    });
    expect(client.encoder.limits.maxFrameSize).toBe(4096);
    expect(() =>
      client.encoder.writeRequest(
        client.beginWrite(),
        1,
        { method: 'a.B/C' },
        new Uint8Array(5000),
      ),
    ).toThrow(expect.objectContaining({ code: 'frame-too-large' }));
  });

  it('ends the connection with INTERNAL on a second HANDSHAKE of the same kind', async () => {
    const [client, server] = pair();
    const reasons: unknown[] = [];
    server.onClose((reason) => reasons.push(reason));
    const goaways: Frame[] = [];
    client.onFrame((frame) => {
      if (frame.type === FrameType.GOAWAY) goaways.push(frame);
    });
    const thrown: unknown[] = [];
    server.onFrame((frame) => {
      try {
        server.acceptHandshake(frame, localHandshake());
      } catch (error) {
        thrown.push(error);
      }
    });
    client.sendHandshake(localHandshake());
    client.sendHandshake(localHandshake());
    await until(() => reasons.length > 0);
    expect(thrown).toEqual([expect.objectContaining({ code: 'invalid-frame' })]);
    expect((thrown[0] as Error).message).toBe('a second HANDSHAKE from the peer');
    expect(reasons[0]).toMatchObject({ code: 'invalid-frame' });
    await until(() => goaways.length > 0);
  });
});

describe('FramedConnection.readFrame', () => {
  it('reads frames from a coroutine', async () => {
    const [client, server] = pair();
    const task = run(function* () {
      const types: number[] = [];
      for (
        let frame = yield* server.readFrame();
        frame !== undefined;
        frame = yield* server.readFrame()
      ) {
        types.push(frame.type);
      }
      return types;
    });
    client.encoder.writePing(client.beginWrite(), 1);
    client.encoder.writeCancel(client.beginWrite(), 2);
    setTimeout(() => client.close(), 5);
    expect(await task).toEqual([FrameType.PING, FrameType.CANCEL]);
  });
});

describe('FramedConnection.onFrame', () => {
  it('treats a ProtocolError thrown by the handler as the peer violating the protocol', async () => {
    const [client, server] = pair();
    server.onFrame((frame) => {
      decodeRequestMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    });
    const goAway = nextFrame(client);
    // A REQUEST whose meta block is a truncated varint.
    client.encoder.writeRaw(
      client.beginWrite(),
      FrameType.REQUEST,
      1,
      5,
      Uint8Array.of(0x10, 0xff),
    );
    const frame = await goAway;
    expect([frame?.type, frame?.id]).toEqual([FrameType.GOAWAY, 5]);
    expect(await server.closed).toMatchObject({ code: 'bad-meta' });
  });

  describe('flow control', () => {
    const MiB = 1024 * 1024;

    it('grants the default window until the handshake, then what the peer announced', async () => {
      const [client, server] = pair();
      expect(client.sendCredit).toBe(MiB);
      const local = localHandshake({ connectionWindow: 40 * MiB });
      server.onFrame((frame) => server.acceptHandshake(frame, local));
      const acked = new Promise<void>((resolve) =>
        client.onFrame((frame) => {
          client.acceptHandshake(frame, localHandshake());
          resolve();
        }),
      );
      client.sendHandshake(localHandshake());
      await acked;
      expect(client.sendCredit).toBe(40 * MiB);
    });

    it('counts payloads, gives credit back with WINDOW_UPDATE and tells the writer', async () => {
      // The server grants 2 MiB with frames up to 1 MiB: 1 MiB consumed makes an update.
      const [client, server] = pair(2 * MiB);
      let writable = 0;
      client.onWritable(() => writable++);
      client.onFrame(() => {});
      const got: number[] = [];
      server.onFrame((frame) => got.push(frame.payloadLength));
      const payload = new Uint8Array(256 * 1024);
      for (let i = 0; i < 4; i++) {
        expect(client.canSend(payload.length)).toBe(true);
        client.spend(payload.length);
        client.encoder.writeRequest(client.beginWrite(), i + 1, { method: 'a.B/C' }, payload);
      }
      expect(client.sendCredit).toBe(0);
      expect(client.canSend(1)).toBe(false);
      await until(() => writable > 0);
      expect(got).toEqual([payload.length, payload.length, payload.length, payload.length]);
      expect(client.sendCredit).toBe(MiB);
    });

    it('ends the connection with RESOURCE_EXHAUSTED when the peer sends beyond the window', async () => {
      // A window below the frame limit breaks the handshake's rule; it is set here only to have a
      // frame within the limits that is larger than what the server granted.
      const [a, b] = createConnectionPair();
      open.push(a, b);
      const client = new FramedConnection(a);
      const server = new FramedConnection(b, {
        connectionWindow: MiB,
        limits: { maxFrameSize: 2 * MiB },
      });
      server.onFrame(() => {});
      client.encoder.writeRequest(
        client.beginWrite(),
        1,
        { method: 'a.B/C' },
        new Uint8Array(MiB + 1),
      );
      const goAway = await nextFrame(client);
      expect(goAway?.type).toBe(FrameType.GOAWAY);
      const meta = decodeGoAwayMeta(
        (goAway as Frame).bytes,
        (goAway as Frame).metaStart,
        (goAway as Frame).metaEnd,
      );
      expect(meta.code).toBe(Status.RESOURCE_EXHAUSTED);
      const reason = await server.closed;
      expect(reason).toMatchObject({ code: 'flow-control' });
    });

    it('refuses a WINDOW_UPDATE of 0 as a violation', async () => {
      const [client, server] = pair();
      server.onFrame(() => {});
      client.encoder.writeRaw(
        client.beginWrite(),
        FrameType.WINDOW_UPDATE,
        0,
        0,
        undefined,
        new Uint8Array(4),
      );
      expect(await server.closed).toMatchObject({ code: 'flow-control' });
    });

    it('hands stream WINDOW_UPDATEs on and keeps connection ones to itself', async () => {
      const [client, server] = pair();
      const types: [number, number][] = [];
      server.onFrame((frame) => types.push([frame.type, frame.id]));
      client.encoder.writeWindowUpdate(client.beginWrite(), 0, 5);
      client.encoder.writeWindowUpdate(client.beginWrite(), 7, 5);
      client.encoder.writePing(client.beginWrite(), 1);
      await until(() => types.length === 2);
      expect(types).toEqual([
        [FrameType.WINDOW_UPDATE, 7],
        [FrameType.PING, 1],
      ]);
      expect(server.sendCredit).toBe(MiB + 5);
    });

    it('pauses frame delivery and resumes with what was buffered', async () => {
      const [client, server] = pair();
      const ids: number[] = [];
      server.onFrame((frame) => {
        ids.push(frame.id);
        if (frame.id === 2) server.pauseFrames();
      });
      for (const id of [1, 2, 3, 4]) client.encoder.writePing(client.beginWrite(), id);
      await until(() => ids.length === 2);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect([ids, server.paused]).toEqual([[1, 2], true]);
      server.resumeFrames();
      await until(() => ids.length === 4);
      expect(ids).toEqual([1, 2, 3, 4]);
    });

    it('tells a half-close once every frame was handed on, and still writes after it', async () => {
      const [client, server] = pair();
      const seen: string[] = [];
      server.onFrame((frame) => seen.push(`frame ${frame.id}`));
      server.onEnd(() => {
        seen.push('end');
        server.writeFrames((encoder, out) => encoder.writePong(out, 9));
      });
      client.encoder.writePing(client.beginWrite(), 1);
      client.connection.shutdown();
      const pong = await nextFrame(client);
      expect([seen, pong?.type, pong?.id]).toEqual([['frame 1', 'end'], FrameType.PONG, 9]);
    });

    it('writes an owned payload after its head, never saying it is free over an in-memory pair', async () => {
      const [client, server] = pair();
      const payload = new Uint8Array(300_000).fill(5);
      let written = 0;
      client.writeFrames((encoder, out) => encoder.writeStreamDataHead(out, 7, payload.length));
      expect(client.writeOwned(payload, 'microtask', () => written++)).toBe(true);
      const frame = await nextFrame(server);
      expect([frame?.type, frame?.id, frame?.payload.length]).toEqual([
        FrameType.STREAM_DATA,
        7,
        payload.length,
      ]);
      expect(frame?.payload.every((byte) => byte === 5)).toBe(true);
      // The in-memory peer received these very bytes: the array must never be reused
      // (over TCP, @yrpc/net calls onWritten once the kernel has them).
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(written).toBe(0);
      client.connection.abort();
      expect(client.writeOwned(payload, 'microtask', () => written++)).toBe(false);
    });

    it('writes through one guarded path that never throws', async () => {
      const [client] = pair();
      const tooLarge = client.writeFrames((encoder, out) =>
        encoder.writeRequest(out, 1, { method: 'a.B/C' }, new Uint8Array(17 * MiB)),
      );
      expect(tooLarge).toBeInstanceOf(ProtocolError);
      expect(client.connection.state).toBe('open');
      const bug = client.writeFrames(() => {
        throw new TypeError('boom');
      });
      expect(bug).toBeInstanceOf(TypeError);
      expect(client.connection.state).not.toBe('open');
      expect(client.writeFrames((encoder, out) => encoder.writePing(out, 1))).toBeDefined();
    });
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(done()).toBe(true);
}
