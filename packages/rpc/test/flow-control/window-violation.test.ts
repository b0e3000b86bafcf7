import { FrameType } from '@yrpc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Status } from '../../src/index.js';
import { yrpc } from '../fixtures/echo-static.js';
import { startChildServer, stopAllChildren } from '../helpers/child-server.js';
import { type Harness, startEchoServer } from '../helpers/harness.js';
import { destroyAllPeers, MiB, RawPeer } from '../helpers/raw-peer.js';

// PROTOCOL.md section 10: a WINDOW_UPDATE of 0, or one that takes a window past 2^31-1, and
// flow-controlled bytes beyond the window a receiver granted, are protocol errors with status
// RESOURCE_EXHAUSTED: GOAWAY, then close.

const QUIET = { heartbeat: { intervalMs: 0 } } as const;
const ECHO = 'yrpc.test.Echo/Echo';

let harness: Harness | undefined;

afterEach(async () => {
  destroyAllPeers();
  await harness?.close();
  harness = undefined;
  await stopAllChildren();
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectGoAwayResourceExhausted(peer: RawPeer): Promise<void> {
  await peer.waitFor(() => peer.goAways().length > 0, 'GOAWAY', 5000);
  const [goAway] = peer.goAways();
  expect(goAway?.code, peer.describe()).toBe(Status.RESOURCE_EXHAUSTED);
  await peer.waitFor(() => peer.closed, 'close after the GOAWAY', 5000);
}

describe('flow-control violations', () => {
  it.each([
    { label: 'an increment of 0', increment: 0 },
    { label: 'an increment taking the window past 2^31-1', increment: 0x7fff_ffff },
  ])(
    'ends the connection with GOAWAY RESOURCE_EXHAUSTED for a WINDOW_UPDATE with $label',
    {
      timeout: 10_000,
    },
    async ({ increment }) => {
      harness = await startEchoServer(QUIET);
      const peer = await RawPeer.connect(harness.endpoint.port ?? 0);
      // The connection window the peer grants the server is the default 1 MiB (no handshake).
      peer.windowUpdate(0, increment);
      await expectGoAwayResourceExhausted(peer);
    },
  );

  it('ends the connection with GOAWAY RESOURCE_EXHAUSTED when request payloads exceed the connection window', {
    timeout: 20_000,
  }, async () => {
    // The smallest windows allowed (at least the 16 MiB frame limit; connection twice the stream).
    const child = await startChildServer({
      ...QUIET,
      flowControl: { connectionWindow: 32 * MiB, streamWindow: 16 * MiB },
    });
    // No handshake and no WINDOW_UPDATE ever: the server may have 1 MiB of answers outstanding.
    const peer = await RawPeer.connect(child.port);
    const answer = yrpc.test.EchoRequest.encode({ number: MiB - 16 }).finish();
    peer.request(1, ECHO, answer);
    await peer.waitFor(
      () => peer.answer(1) !== undefined,
      'answer to call 1 (spending the window)',
    );
    expect(peer.answer(1)?.type, peer.describe()).toBe(FrameType.RESPONSE);
    // This answer waits for credit that never comes: the server's output is backed up, so it
    // starts no more calls, and what it reads next it must hold, counted against its window.
    peer.request(3, ECHO, answer);
    await delay(200);
    expect(peer.answer(3), 'answer beyond the window granted').toBeUndefined();
    // 7 requests of 6 MiB: 42 MiB, beyond the 32 MiB connection window even if one were started.
    const big = yrpc.test.EchoRequest.encode({ payload: new Uint8Array(6 * MiB) }).finish();
    for (let i = 0; i < 7; i++) peer.request(5 + 2 * i, ECHO, big);
    await expectGoAwayResourceExhausted(peer);
    expect(child.faults, child.output()).toEqual([]);
    expect(child.exit, child.output()).toBeUndefined();
  });
});
