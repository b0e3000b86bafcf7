import { FrameType } from '@yrpc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Status } from '../../src/index.js';
import { yrpc } from '../fixtures/echo-static.js';
import { type Harness, startEchoServer } from '../helpers/harness.js';
import {
  destroyAllPeers,
  frameBytes,
  RawPeer,
  requestMeta,
  requestWithMeta,
  statusOf,
} from '../helpers/raw-peer.js';

// PROTOCOL.md section 6, "Receiving, and protocol errors": meta that does not decode ends the
// connection (GOAWAY INTERNAL); meta that decodes but breaks a rule of section 5 is the call's
// fault only (ERROR INVALID_ARGUMENT, connection kept), and what the server echoes back is cut to
// fit the peer's limits. Section 7: STREAM_DATA for a call not in flight is ignored; on a call
// that takes one request message it is an ERROR INVALID_ARGUMENT for that call.

const ECHO = 'yrpc.test.Echo/Echo';
const SLEEP_ASYNC = 'yrpc.test.Echo/SleepAsync';
/** The largest meta block a peer accepts by default (PROTOCOL.md section 6). */
const MAX_META = 16 * 1024;

let harness: Harness | undefined;

afterEach(async () => {
  destroyAllPeers();
  await harness?.close();
  harness = undefined;
});

async function peerOfEchoServer(): Promise<RawPeer> {
  harness = await startEchoServer({ heartbeat: { intervalMs: 0 } });
  return RawPeer.connect(harness.endpoint.port ?? 0);
}

const echoPayload = (text: string) => yrpc.test.EchoRequest.encode({ text }).finish();
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The connection is still up and serving: a fresh call on it is answered. */
async function expectStillServing(peer: RawPeer, id: number): Promise<void> {
  peer.request(id, ECHO, echoPayload('still there'));
  await peer.waitFor(() => peer.answer(id) !== undefined, `answer to call ${id}`);
  expect(peer.answer(id)?.type, peer.describe()).toBe(FrameType.RESPONSE);
  expect(peer.closed).toBe(false);
  expect(peer.goAways(), peer.describe()).toEqual([]);
}

describe('rule-breaking meta and frames from a raw peer', () => {
  it('answers a 16,360-byte method name with INVALID_ARGUMENT for that call only, its message cut to fit', {
    timeout: 10_000,
  }, async () => {
    const peer = await peerOfEchoServer();
    // A call in flight on the same connection, answered after the bad one.
    peer.request(1, SLEEP_ASYNC, yrpc.test.SleepRequest.encode({ ms: 150 }).finish());
    const method = `pkg.Svc/${'M'.repeat(16_360 - 'pkg.Svc/'.length)}`;
    expect(method.length).toBe(16_360);
    const meta = requestMeta({ method });
    expect(meta.length).toBeLessThanOrEqual(MAX_META);
    peer.sendBytes(requestWithMeta(3, meta));

    await peer.waitFor(() => peer.answer(3) !== undefined, 'answer to the long-named call');
    const error = peer.answer(3);
    expect(error?.type, peer.describe()).toBe(FrameType.ERROR);
    expect(error?.meta.length ?? Infinity).toBeLessThanOrEqual(MAX_META);
    const status = error === undefined ? undefined : statusOf(error);
    expect(status?.code).toBe(Status.INVALID_ARGUMENT);
    // At most 256 characters of the name are echoed (PROTOCOL.md section 6).
    expect(status?.message.length ?? Infinity).toBeLessThan(1024);
    expect(status?.message).not.toContain('M'.repeat(300));

    await peer.waitFor(() => peer.answer(1) !== undefined, 'answer to the call in flight');
    expect(peer.answer(1)?.type, peer.describe()).toBe(FrameType.RESPONSE);
    expect(peer.goAways(), peer.describe()).toEqual([]);
    await expectStillServing(peer, 5);
  });

  it('ends the connection with GOAWAY INTERNAL for REQUEST meta that is not protobuf', {
    timeout: 10_000,
  }, async () => {
    const peer = await peerOfEchoServer();
    // Field 1 (method) claims 5 bytes, 1 follows: the block does not decode at all.
    peer.sendBytes(requestWithMeta(1, new Uint8Array([0x0a, 0x05, 0x61]), echoPayload('x')));
    await peer.waitFor(() => peer.goAways().length > 0, 'GOAWAY');
    const [goAway] = peer.goAways();
    expect(goAway?.code, peer.describe()).toBe(Status.INTERNAL);
    expect(peer.answer(1), 'no per-call answer: the connection is what failed').toBeUndefined();
    await peer.waitFor(() => peer.closed, 'close after the GOAWAY');
  });

  it('ignores STREAM_DATA for a call not in flight, and answers it on a unary call with INVALID_ARGUMENT', {
    timeout: 10_000,
  }, async () => {
    const peer = await peerOfEchoServer();
    peer.sendBytes(frameBytes(FrameType.STREAM_DATA, 0, 7, undefined, new Uint8Array([1, 2, 3])));
    await expectStillServing(peer, 9);
    expect(peer.answer(7), peer.describe()).toBeUndefined();
    // A unary call in flight (an async handler sleeping) that gets a request message it does
    // not take: the two sides disagree on the method's kind.
    peer.request(11, SLEEP_ASYNC, yrpc.test.SleepRequest.encode({ ms: 5_000 }).finish());
    await delay(50);
    peer.sendBytes(frameBytes(FrameType.STREAM_DATA, 0, 11, undefined, new Uint8Array([1, 2, 3])));
    await peer.waitFor(() => peer.answer(11) !== undefined, 'answer to the STREAM_DATA');
    const error = peer.answer(11);
    expect(error?.type, peer.describe()).toBe(FrameType.ERROR);
    expect(error === undefined ? undefined : statusOf(error).code).toBe(Status.INVALID_ARGUMENT);
    await expectStillServing(peer, 13);
  });

  it('answers a metadata entry with an empty key with INVALID_ARGUMENT for that call only', {
    timeout: 10_000,
  }, async () => {
    const peer = await peerOfEchoServer();
    const meta = requestMeta({ method: ECHO, metadata: [{ key: '', value: 'v' }] });
    peer.sendBytes(requestWithMeta(5, meta, echoPayload('empty key')));
    await peer.waitFor(() => peer.answer(5) !== undefined, 'answer to the call');
    const answer = peer.answer(5);
    expect(answer?.type, peer.describe()).toBe(FrameType.ERROR);
    expect(answer === undefined ? undefined : statusOf(answer).code).toBe(Status.INVALID_ARGUMENT);
    await delay(20);
    await expectStillServing(peer, 7);
  });
});
