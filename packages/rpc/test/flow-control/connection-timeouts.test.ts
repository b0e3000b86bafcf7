import { FrameType } from '@yrpc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Status } from '../../src/index.js';
import { yrpc } from '../fixtures/echo-static.js';
import { serverOptions } from '../helpers/flow-options.js';
import { type Harness, startEchoServer } from '../helpers/harness.js';
import { destroyAllPeers, frameBytes, RawPeer } from '../helpers/raw-peer.js';

// PROTOCOL.md section 6, "Timeouts of a connection": a connection that has not delivered one
// complete frame within the first-frame timeout ends with GOAWAY DEADLINE_EXCEEDED; one with no
// call in flight and no frame received for the idle timeout ends with GOAWAY code 0. Both close.

let harness: Harness | undefined;
const timers: NodeJS.Timeout[] = [];

afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  destroyAllPeers();
  await harness?.close();
  harness = undefined;
});

async function peerOf(options: Parameters<typeof serverOptions>[0]): Promise<RawPeer> {
  harness = await startEchoServer(serverOptions({ heartbeat: { intervalMs: 0 }, ...options }));
  return RawPeer.connect(harness.endpoint.port ?? 0);
}

describe('connection timeouts', () => {
  it('sends a silent connection GOAWAY DEADLINE_EXCEEDED after firstFrameTimeoutMs, and closes it', {
    timeout: 10_000,
  }, async () => {
    const peer = await peerOf({ firstFrameTimeoutMs: 200 });
    await peer.waitFor(() => peer.goAways().length > 0, 'GOAWAY', 4000);
    const [goAway] = peer.goAways();
    expect(goAway?.code, peer.describe()).toBe(Status.DEADLINE_EXCEEDED);
    expect(goAway?.atMs).toBeGreaterThanOrEqual(150);
    expect(goAway?.atMs).toBeLessThan(3000);
    await peer.waitFor(() => peer.closed, 'close after the GOAWAY');
  });

  it('treats a peer trickling one byte every 50 ms like a silent one', {
    timeout: 10_000,
  }, async () => {
    const peer = await peerOf({ firstFrameTimeoutMs: 200 });
    // A PING frame, one byte at a time: complete only after 800 ms.
    const ping = frameBytes(FrameType.PING, 0, 42);
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < ping.length && !peer.closed) peer.sendBytes(ping.subarray(sent, ++sent));
    }, 50);
    timers.push(trickle);
    await peer.waitFor(() => peer.goAways().length > 0, 'GOAWAY', 4000);
    const [goAway] = peer.goAways();
    expect(goAway?.code, peer.describe()).toBe(Status.DEADLINE_EXCEEDED);
    expect(goAway?.atMs).toBeGreaterThanOrEqual(150);
    expect(goAway?.atMs).toBeLessThan(3000);
    expect(sent).toBeLessThan(ping.length);
    await peer.waitFor(() => peer.closed, 'close after the GOAWAY');
    expect(peer.framesOf(FrameType.PONG)).toEqual([]);
  });

  it('sends an idle connection GOAWAY with code 0 after idleTimeoutMs, and closes it', {
    timeout: 10_000,
  }, async () => {
    const peer = await peerOf({ idleTimeoutMs: 600 });
    const sentAt = Date.now() - peer.connectedAt;
    peer.request(1, 'yrpc.test.Echo/Echo', yrpc.test.EchoRequest.encode({ text: 'one' }).finish());
    await peer.waitFor(() => peer.answer(1) !== undefined, 'answer to the one call');
    expect(peer.answer(1)?.type).toBe(FrameType.RESPONSE);
    await peer.waitFor(() => peer.goAways().length > 0, 'GOAWAY', 4000);
    const goAways = peer.goAways();
    expect(
      goAways.map((goAway) => goAway.code),
      peer.describe(),
    ).toEqual(goAways.map(() => 0));
    // Idle from the request on (the server heard nothing after it): not before 600 ms, and
    // within a quarter more (the idle check runs every quarter), plus scheduling slack.
    const idleFor = (goAways[0]?.atMs ?? 0) - sentAt;
    expect(idleFor).toBeGreaterThanOrEqual(590);
    expect(idleFor).toBeLessThan(600 * 1.25 + 300);
    await peer.waitFor(() => peer.closed, 'close after the GOAWAY', 4000);
  });

  it('keeps a connection that sends frames open, and closes it idleTimeoutMs after its last frame', {
    timeout: 10_000,
  }, async () => {
    const peer = await peerOf({ idleTimeoutMs: 300 });
    // A call every 100 ms for 900 ms: three idle timeouts long, never idle.
    const request = yrpc.test.EchoRequest.encode({ text: 'tick' }).finish();
    let calls = 0;
    const caller = setInterval(() => {
      if (calls < 9 && !peer.closed) peer.request(++calls, 'yrpc.test.Echo/Echo', request);
    }, 100);
    timers.push(caller);
    await peer.waitFor(() => peer.answer(9) !== undefined, 'nine answers', 4000);
    const lastAt = Date.now() - peer.connectedAt;
    expect(peer.goAways(), peer.describe()).toEqual([]);
    await peer.waitFor(() => peer.goAways().length > 0, 'GOAWAY', 4000);
    const idleFor = (peer.goAways()[0]?.atMs ?? 0) - lastAt;
    expect(peer.goAways()[0]?.code).toBe(0);
    // Between the timeout and a quarter more (the idle check runs every quarter), plus slack.
    expect(idleFor).toBeGreaterThanOrEqual(290);
    expect(idleFor).toBeLessThan(300 * 1.25 + 500);
    await peer.waitFor(() => peer.closed, 'close after the GOAWAY', 4000);
  });
});
