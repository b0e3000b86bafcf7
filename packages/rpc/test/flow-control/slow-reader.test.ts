import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/index.js';
import { yrpc } from '../fixtures/echo-static.js';
import { type ChildServer, startChildServer, stopAllChildren } from '../helpers/child-server.js';
import { Echo } from '../helpers/echo-service.js';
import { destroyAllPeers, MiB, RawPeer } from '../helpers/raw-peer.js';

// PROTOCOL.md section 10, "Backpressure between windows and the application", and section 6,
// "Timeouts of a connection" (write stall): a client that sends calls and never reads their
// answers must not crash the server, grow its memory without bound, or keep it from serving others.

/** A "1 MiB" answer that fits the 1 MiB window of a peer that sent no handshake, framing included. */
const ANSWER = MiB - 16;
/** What the server process may grow by over its baseline while a client never reads. */
const RSS_BOUND = 64 * MiB;
const ECHO = 'yrpc.test.Echo/Echo';
const SLEEP_ASYNC = 'yrpc.test.Echo/SleepAsync';
const QUIET = { heartbeat: { intervalMs: 0 } } as const;

const clients: Client[] = [];

afterEach(async () => {
  destroyAllPeers();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await stopAllChildren();
});

function client(child: ChildServer): Client {
  const made = new Client(child.endpoint, QUIET);
  clients.push(made);
  return made;
}

/** An Echo request the child answers with `answer` bytes. */
function echoRequest(answer: number): Uint8Array {
  return yrpc.test.EchoRequest.encode({ number: answer }).finish();
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the child's status until `condition` holds. */
async function statusWhen(
  child: ChildServer,
  condition: (status: Awaited<ReturnType<ChildServer['status']>>) => boolean,
  what: string,
  timeoutMs: number,
) {
  const start = Date.now();
  for (;;) {
    const status = await child.status();
    if (condition(status)) return status;
    if (Date.now() - start > timeoutMs) {
      throw new Error(`${what} did not happen within ${timeoutMs} ms: ${JSON.stringify(status)}`);
    }
    await delay(50);
  }
}

/** Fails with the child's own words if it is gone or reported a fault. */
function expectAlive(child: ChildServer): void {
  expect(child.faults, child.output()).toEqual([]);
  expect(child.exit, child.output()).toBeUndefined();
}

describe('a client that never reads its answers', () => {
  it.each([
    { peer: 'sends no handshake (grants the default 1 MiB window)', handshake: false },
    { peer: 'grants a 1 GiB window (so the socket itself backs up)', handshake: true },
  ])(
    'leaves the server process alive, within baseline + 64 MiB of RSS, serving others, when it $peer',
    { timeout: 30_000 },
    async ({ handshake }) => {
      const child = await startChildServer(QUIET);
      // Warm up the answering path, then take the baseline.
      const warm = new Client(child.endpoint, QUIET);
      try {
        expect((await warm.service(Echo).echo({ number: ANSWER })).payload?.length).toBe(ANSWER);
      } finally {
        await warm.close();
      }
      await statusWhen(
        child,
        (status) => status.connections === 0,
        'the warm-up client going',
        5000,
      );
      const baseline = await child.status();

      const peer = await RawPeer.connect(child.port, { read: false });
      if (handshake) peer.handshake({ connectionWindow: 1024 * MiB, streamWindow: 16 * MiB });
      // 200 calls of 1 MiB answers (200 MiB), a few ms apart so that each arrives after the
      // answers before it were made: what bounds memory then is the server pausing, not a limit on
      // calls in flight.
      for (let i = 0; i < 200; i++) {
        peer.request(2 * i + 1, ECHO, echoRequest(ANSWER));
        await delay(5);
      }
      await delay(500);
      expectAlive(child);
      const during = await child.status();
      expect(during.faults).toEqual([]);
      expect(during.exitCode).toBeUndefined();
      expect(
        during.rss - baseline.rss,
        `RSS grew from ${baseline.rss} to ${during.rss} bytes (bound: baseline + ${RSS_BOUND})`,
      ).toBeLessThan(RSS_BOUND);

      // Another client is served in full meanwhile, big answers and small.
      const fresh = client(child).service(Echo);
      expect((await fresh.echo({ number: ANSWER }, { timeoutMs: 5000 })).payload?.length).toBe(
        ANSWER,
      );
      expect((await fresh.echo({ text: 'small' }, { timeoutMs: 5000 })).text).toBe('small');

      peer.destroy();
      await statusWhen(
        child,
        (status) => status.connections === 1,
        'the stuck connection closing',
        5000,
      );
      expectAlive(child);
      const after = await child.status();
      expect(after.faults).toEqual([]);
      expect(after.exitCode).toBeUndefined();
      expect(after.rss - baseline.rss).toBeLessThan(RSS_BOUND);
    },
  );

  it('is closed after writeStallTimeoutMs without progress, and the calls it left have their finally run', {
    timeout: 30_000,
  }, async () => {
    const child = await startChildServer({ ...QUIET, writeStallTimeoutMs: 500 });
    const peer = await RawPeer.connect(child.port, { read: false });
    // A large window: what stalls is the socket, not the credit.
    peer.handshake({ connectionWindow: 1024 * MiB, streamWindow: 16 * MiB });
    const sleepFor10s = yrpc.test.SleepRequest.encode({ ms: 10_000 }).finish();
    for (const id of [1, 3, 5]) peer.request(id, SLEEP_ASYNC, sleepFor10s);
    await statusWhen(
      child,
      (status) => status.counters['sleepAsync:start'] === 3,
      'three SleepAsync calls starting',
      5000,
    );
    // 40 MiB of answers: more than the loopback socket buffers hold, so the writes stall.
    for (let i = 0; i < 40; i++) peer.request(101 + 2 * i, ECHO, echoRequest(ANSWER));
    const stalledSince = Date.now();
    const closed = await statusWhen(
      child,
      (status) => status.connections === 0,
      'the stalled connection closing',
      8000,
    );
    // Not before the stall timeout could have passed.
    expect(Date.now() - stalledSince).toBeGreaterThanOrEqual(400);
    expect(closed.counters['sleepAsync:aborted']).toBe(3);
    expect(closed.counters['sleepAsync:finally']).toBe(3);
    expect(closed.counters['echo:finally'] ?? 0).toBe(closed.counters['echo:start'] ?? 0);
    expect(closed.faults).toEqual([]);
    expectAlive(child);
    // A client that reads is not stalled: it is served.
    const fresh = client(child).service(Echo);
    expect((await fresh.echo({ number: ANSWER }, { timeoutMs: 5000 })).payload?.length).toBe(
      ANSWER,
    );
  });
});
