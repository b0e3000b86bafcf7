import { FrameType } from '@yrpc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/index.js';
import { yrpc } from '../fixtures/echo-static.js';
import { type ChildServer, startChildServer, stopAllChildren } from '../helpers/child-server.js';
import { Echo } from '../helpers/echo-service.js';
import { type Harness, startEchoServer } from '../helpers/harness.js';
import { destroyAllPeers, MiB, RawPeer } from '../helpers/raw-peer.js';

// PROTOCOL.md section 6, "Half-close": a side that ends its write direction after its last frame
// still receives the answers to its calls in flight; the other side finishes them, sends their
// answers and then closes. The end of the peer's stream is not a cancellation.

const QUIET = { heartbeat: { intervalMs: 0 } } as const;
const SLEEP_ASYNC = 'yrpc.test.Echo/SleepAsync';
/** A "1 MiB" answer that fits the 1 MiB window of a peer that sent no handshake. */
const ANSWER = MiB - 16;

let harness: Harness | undefined;
const clients: Client[] = [];

afterEach(async () => {
  destroyAllPeers();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await harness?.close();
  harness = undefined;
  await stopAllChildren();
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

describe('a peer that half-closes', () => {
  it('without reading: its calls run to their end, the process stays up and goes on serving', {
    timeout: 30_000,
  }, async () => {
    const child = await startChildServer(QUIET);
    const peer = await RawPeer.connect(child.port, { read: false });
    // 20 calls to an async handler that answers after 200 ms, well after the FIN arrives.
    for (let id = 1; id <= 20; id++) {
      peer.request(id, SLEEP_ASYNC, yrpc.test.SleepRequest.encode({ ms: 200 }).finish());
    }
    peer.end();
    const done = await statusWhen(
      child,
      (status) => status.counters['sleepAsync:finally'] === 20,
      'the 20 calls ending',
      5000,
    );
    // The end of the peer's stream cancelled nothing: every call ran to its end.
    expect(done.counters['sleepAsync:aborted'] ?? 0, 'calls aborted by the half-close').toBe(0);
    expect(done.counters['sleepAsync:start']).toBe(20);
    // Its answers sent, the server closes the connection.
    await statusWhen(child, (status) => status.connections === 0, 'the connection closing', 5000);
    expect(child.faults, child.output()).toEqual([]);
    expect(child.exit, child.output()).toBeUndefined();
    const status = await child.status();
    expect(status.faults).toEqual([]);
    expect(status.exitCode).toBeUndefined();

    const fresh = new Client(child.endpoint, QUIET);
    clients.push(fresh);
    const echo = fresh.service(Echo);
    expect((await echo.echo({ number: ANSWER }, { timeoutMs: 5000 })).payload?.length).toBe(ANSWER);
    expect((await echo.echo({ text: 'after' }, { timeoutMs: 5000 })).text).toBe('after');
    peer.destroy();
    await delay(100);
    expect(child.faults, child.output()).toEqual([]);
    expect(child.exit, child.output()).toBeUndefined();
  });

  it('that reads gets all 20 answers, and then the server closes the connection', {
    timeout: 10_000,
  }, async () => {
    harness = await startEchoServer(QUIET);
    const peer = await RawPeer.connect(harness.endpoint.port ?? 0);
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    for (const id of ids) {
      peer.request(id, SLEEP_ASYNC, yrpc.test.SleepRequest.encode({ ms: 100 + id }).finish());
    }
    peer.end();
    await peer.waitFor(
      () => ids.every((id) => peer.answer(id) !== undefined),
      'answer to each of the 20 calls',
      5000,
    );
    for (const id of ids) {
      expect(peer.answer(id)?.type, `call ${id}: ${peer.describe()}`).toBe(FrameType.RESPONSE);
    }
    expect(harness.log.events.filter((event) => event === 'async:aborted')).toEqual([]);
    await peer.waitFor(() => peer.closed, 'close by the server after the answers', 3000);
    expect(peer.ended).toBe(true);
    expect(peer.goAways().filter((goAway) => goAway.code !== 0)).toEqual([]);
  });
});
