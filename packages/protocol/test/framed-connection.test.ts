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

function pair(): [FramedConnection, FramedConnection] {
  const [a, b] = createConnectionPair();
  open.push(a, b);
  return [new FramedConnection(a), new FramedConnection(b)];
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
});
