import {
  createConnectionPair,
  decodeGoAwayMeta,
  decodeStatusMeta,
  type Frame,
  FramedConnection,
  FrameFlag,
  FrameType,
} from '@yrpc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, Server, Status } from '../src/index.js';
import { ConnectionDrain } from '../src/server/connection-drain.js';
import { Echo, echoImplementation } from './helpers/echo-service.js';
import {
  eventually,
  type Harness,
  rejection,
  socketDirectory,
  startEchoServer,
} from './helpers/harness.js';

describe('ConnectionDrain', () => {
  it('sends GOAWAY with the last request id and refuses later requests with UNAVAILABLE', async () => {
    const [serverSide, clientSide] = createConnectionPair();
    const server = new FramedConnection(serverSide);
    const client = new FramedConnection(clientSide);
    const received: { type: number; id: number; drain: boolean; text: string }[] = [];
    client.onFrame((frame: Frame) => {
      if (frame.type === FrameType.PING) {
        client.encoder.writePong(client.beginWrite(), frame.id);
        return;
      }
      const text =
        frame.type === FrameType.GOAWAY
          ? decodeGoAwayMeta(frame.bytes, frame.metaStart, frame.metaEnd).message
          : decodeStatusMeta(frame.bytes, frame.metaStart, frame.metaEnd).message;
      received.push({ type: frame.type, id: frame.id, drain: frame.has(FrameFlag.DRAIN), text });
    });
    const seen: number[] = [];
    const session = { activeCalls: 1 };
    const drain = new ConnectionDrain(server, session);
    server.onFrame((frame) => {
      if (!drain.screen(frame) && frame.type === FrameType.REQUEST) seen.push(frame.id);
    });
    const request = { method: 'yrpc.test.Echo/Echo', timeoutMs: 0, metadata: [] };
    client.encoder.writeRequest(client.beginWrite(), 7, request, new Uint8Array());
    await eventually(() => seen.length === 1);
    expect(drain.draining).toBe(false);
    drain.begin();
    drain.begin();
    // Sent before the client saw the DRAIN: still accepted.
    client.encoder.writeRequest(client.beginWrite(), 8, request, new Uint8Array());
    await eventually(() => received.length === 2);
    client.encoder.writeRequest(client.beginWrite(), 9, request, new Uint8Array());
    await eventually(() => received.length === 3);
    expect(seen).toEqual([7, 8]);
    expect(received[0]).toMatchObject({ type: FrameType.GOAWAY, id: 7, drain: true });
    expect(received[1]).toMatchObject({ type: FrameType.GOAWAY, id: 8, drain: false });
    expect(received[2]).toMatchObject({ type: FrameType.ERROR, id: 9 });
    expect(received[2]?.text).toMatch(/shutting down.*request 9 was not processed/);
    expect(drain.idle).toBe(false);
    session.activeCalls = 0;
    expect(drain.idle).toBe(true);
    client.close();
    server.close();
  });
});

describe('Server.shutdown over loopback', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('lets calls in flight finish while new calls fail at once with UNAVAILABLE', async () => {
    harness = await startEchoServer();
    const client = harness.client();
    const echo = client.service(Echo);
    const inFlight = echo.sleep({ ms: 300 });
    await eventually(() => harness?.log.events.includes('sleep:start') === true);
    const shutdown = harness.server.shutdown({ drainTimeoutMs: 5000 });
    await eventually(() => !client.connected);
    const started = Date.now();
    const refused = await rejection(echo.echo({ text: 'late' }));
    expect(Date.now() - started).toBeLessThan(250);
    expect(refused.code).toBe(Status.UNAVAILABLE);
    await expect(inFlight).resolves.toEqual({ text: 'slept' });
    await shutdown;
    expect(harness.server.connections).toBe(0);
  });

  it('halts calls still running when the drain timeout passes', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    const stuck = rejection(echo.sleep({ ms: 10_000 }));
    await eventually(() => harness?.log.events.includes('sleep:start') === true);
    const started = Date.now();
    await harness.server.shutdown({ drainTimeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await stuck).code).toBe(Status.UNAVAILABLE);
    expect(harness.log.events).toContain('sleep:finally');
  });

  it('rejects a drain timeout that is not whole milliseconds, naming it', async () => {
    harness = await startEchoServer();
    await expect(harness.server.shutdown({ drainTimeoutMs: -1 })).rejects.toThrow(
      /shutdown option drainTimeoutMs/,
    );
  });
});

describe('client reconnect', () => {
  const sockets = socketDirectory();
  const servers: Server[] = [];
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    await Promise.all(servers.map((server) => server.close()));
    servers.length = 0;
    sockets.remove();
  });

  it('comes back with backoff to a server restarted after a shutdown', async () => {
    const path = sockets.path('restart.sock');
    const serve = async (): Promise<void> => {
      const server = new Server().addService(Echo, echoImplementation({ events: [] }));
      servers.push(server);
      await server.listen({ path });
    };
    await serve();
    client = new Client(
      { path },
      { reconnect: { attempts: 20, initialDelayMs: 20, maxDelayMs: 50 } },
    );
    const echo = client.service(Echo);
    await expect(echo.echo({ text: 'before' })).resolves.toMatchObject({ text: 'before' });
    await servers[0]?.shutdown({ drainTimeoutMs: 100 });
    await eventually(() => client?.connected === false);
    const restart = new Promise<void>((resolve) => setTimeout(resolve, 150)).then(serve);
    await expect(echo.echo({ text: 'after' })).resolves.toMatchObject({ text: 'after' });
    await restart;
  });
});
