import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_WINDOW,
  localHandshake,
  MAX_WINDOW,
  negotiateHandshake,
  PROTOCOL_VERSION,
} from '../src/index.js';

const peer = {
  version: 1,
  maxFrameSize: 0,
  maxMetaSize: 0,
  maxConcurrentCalls: 0,
  heartbeatIntervalMs: 0,
  agent: 'other/1',
  connectionWindow: 0,
  streamWindow: 0,
};

describe('handshake', () => {
  it('announces this side with defaults filled in', () => {
    expect(localHandshake({ maxConcurrentCalls: 100 })).toEqual({
      version: PROTOCOL_VERSION,
      maxFrameSize: DEFAULT_MAX_FRAME_SIZE,
      maxMetaSize: 16 * 1024,
      maxConcurrentCalls: 100,
      heartbeatIntervalMs: 0,
      agent: 'yrpc-node',
      connectionWindow: 64 * 1024 * 1024,
      streamWindow: 32 * 1024 * 1024,
    });
    expect(() => localHandshake({ maxFrameSize: 10 })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
  });

  it('reads 0 as the default and takes the shorter non-zero heartbeat', () => {
    const local = localHandshake({ heartbeatIntervalMs: 3000 });
    expect(negotiateHandshake(local, peer)).toEqual({
      version: 1,
      peerMaxFrameSize: DEFAULT_MAX_FRAME_SIZE,
      peerMaxMetaSize: 16 * 1024,
      peerMaxConcurrentCalls: 0,
      heartbeatIntervalMs: 3000,
      peerAgent: 'other/1',
      peerConnectionWindow: DEFAULT_WINDOW,
      peerStreamWindow: DEFAULT_WINDOW,
      peerAcceptEncoding: [],
    });
    expect(
      negotiateHandshake(local, { ...peer, heartbeatIntervalMs: 1000 }).heartbeatIntervalMs,
    ).toBe(1000);
    expect(negotiateHandshake(local, { ...peer, version: 7 }).version).toBe(1);
    expect(
      negotiateHandshake(local, { ...peer, maxFrameSize: 300, maxMetaSize: 60000 }).peerMaxMetaSize,
    ).toBe(284);
  });

  it('rejects a peer without a version or with an unusable frame size', () => {
    const local = localHandshake();
    expect(() => negotiateHandshake(local, { ...peer, version: 0 })).toThrow(
      expect.objectContaining({ code: 'unsupported-version', value: 0 }),
    );
    expect(() => negotiateHandshake(local, { ...peer, maxFrameSize: 100 })).toThrow(
      expect.objectContaining({ code: 'invalid-meta', value: 100 }),
    );
  });

  it("grants windows of at least the max frame size and adopts the peer's", () => {
    expect(localHandshake({ maxFrameSize: 64 * 1024 * 1024 })).toMatchObject({
      connectionWindow: 128 * 1024 * 1024,
      streamWindow: 64 * 1024 * 1024,
    });
    expect(() => localHandshake({ streamWindow: 1024 * 1024 })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
    expect(() => localHandshake({ connectionWindow: 1024 })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
    const local = localHandshake();
    const agreed = negotiateHandshake(local, {
      ...peer,
      maxFrameSize: 4 * 1024 * 1024,
      connectionWindow: 8 * 1024 * 1024,
      streamWindow: MAX_WINDOW,
    });
    expect(agreed.peerConnectionWindow).toBe(8 * 1024 * 1024);
    expect(agreed.peerStreamWindow).toBe(MAX_WINDOW);
    // Below the peer's own max frame size (16 MiB by default), or past 2^31 - 1: malformed.
    expect(() => negotiateHandshake(local, { ...peer, streamWindow: 2 * 1024 * 1024 })).toThrow(
      expect.objectContaining({ code: 'bad-meta', status: 13 }),
    );
    expect(() => negotiateHandshake(local, { ...peer, connectionWindow: MAX_WINDOW + 1 })).toThrow(
      expect.objectContaining({ code: 'bad-meta' }),
    );
  });
});
