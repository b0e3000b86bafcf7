import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_FRAME_SIZE,
  localHandshake,
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
});
