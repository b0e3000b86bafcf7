import { z } from 'zod';
import { PROTOCOL_VERSION } from './frame-header.js';
import {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_META_SIZE,
  MAX_MAX_FRAME_SIZE,
  MIN_MAX_FRAME_SIZE,
} from './frame-limits.js';
import type { HandshakeMeta, HandshakeMetaInit } from './meta.js';
import { parseOptions } from './parse-options.js';
import { ProtocolError } from './protocol-error.js';

/** What one side announces in its HANDSHAKE. */
export interface HandshakeOptions {
  /** Largest frame this side accepts. Default 16 MiB. */
  readonly maxFrameSize?: number;
  /** Largest meta block this side accepts. Default 16 KiB. */
  readonly maxMetaSize?: number;
  /** Calls this side runs at once; 0 = no stated limit. Default 0. */
  readonly maxConcurrentCalls?: number;
  /** How often this side pings an idle connection, ms; 0 = never. Default 0. */
  readonly heartbeatIntervalMs?: number;
  /** Names the implementation. Default `yrpc-node`. */
  readonly agent?: string;
}

/** Schema of {@link HandshakeOptions}. */
export const handshakeOptionsSchema = z.strictObject({
  maxFrameSize: z.number().int().min(MIN_MAX_FRAME_SIZE).max(MAX_MAX_FRAME_SIZE).optional(),
  maxMetaSize: z.number().int().min(0).max(0xffff).optional(),
  maxConcurrentCalls: z.number().int().min(0).max(0xffff_ffff).optional(),
  heartbeatIntervalMs: z.number().int().min(0).max(0xffff_ffff).optional(),
  agent: z.string().max(128).optional(),
});

/** What both sides agreed, from each side's HANDSHAKE. */
export interface NegotiatedHandshake {
  /** The protocol version both speak (the lower of the two). */
  readonly version: number;
  /** Largest frame the peer accepts: the limit for frames sent to it. */
  readonly peerMaxFrameSize: number;
  /** Largest meta block the peer accepts. */
  readonly peerMaxMetaSize: number;
  /** Calls the peer runs at once (0 = no stated limit). */
  readonly peerMaxConcurrentCalls: number;
  /** The shorter non-zero heartbeat interval of the two (0 if neither pings). */
  readonly heartbeatIntervalMs: number;
  /** The peer's agent string. */
  readonly peerAgent: string;
}

/**
 * The HANDSHAKE meta this side sends, from validated options.
 * @throws ProtocolError `invalid-option`.
 */
export function localHandshake(options: HandshakeOptions = {}): HandshakeMetaInit {
  const o = parseOptions(handshakeOptionsSchema, options, (message, cause) => {
    return new ProtocolError('invalid-option', `invalid handshake options: ${message}`, options, {
      cause,
    });
  });
  return {
    version: PROTOCOL_VERSION,
    maxFrameSize: o.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE,
    maxMetaSize: o.maxMetaSize ?? DEFAULT_MAX_META_SIZE,
    maxConcurrentCalls: o.maxConcurrentCalls ?? 0,
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? 0,
    agent: o.agent ?? 'yrpc-node',
  };
}

/**
 * Combines the local handshake with the peer's. A peer field of 0 means "the default"; the
 * peer's limits are clamped to what this implementation can honour.
 * @throws ProtocolError `unsupported-version` when the peer speaks no version we do;
 * `invalid-meta` when its limits are unusable (a max frame size under 256 bytes).
 */
export function negotiateHandshake(
  local: HandshakeMetaInit,
  peer: HandshakeMeta,
): NegotiatedHandshake {
  if (peer.version < 1) {
    throw new ProtocolError(
      'unsupported-version',
      `the peer announced protocol version ${peer.version}; this side speaks 1..${PROTOCOL_VERSION}`,
      peer.version,
    );
  }
  const peerMaxFrameSize = Math.min(
    peer.maxFrameSize || DEFAULT_MAX_FRAME_SIZE,
    MAX_MAX_FRAME_SIZE,
  );
  if (peerMaxFrameSize < MIN_MAX_FRAME_SIZE) {
    throw new ProtocolError(
      'invalid-meta',
      `the peer's max frame size ${peerMaxFrameSize} is below the minimum of ${MIN_MAX_FRAME_SIZE}`,
      peerMaxFrameSize,
    );
  }
  const localBeat = local.heartbeatIntervalMs ?? 0;
  const peerBeat = peer.heartbeatIntervalMs;
  return {
    version: Math.min(peer.version, local.version ?? PROTOCOL_VERSION, PROTOCOL_VERSION),
    peerMaxFrameSize,
    peerMaxMetaSize: Math.min(
      peer.maxMetaSize || DEFAULT_MAX_META_SIZE,
      0xffff,
      peerMaxFrameSize - 16,
    ),
    peerMaxConcurrentCalls: peer.maxConcurrentCalls,
    heartbeatIntervalMs:
      localBeat === 0 ? peerBeat : peerBeat === 0 ? localBeat : Math.min(localBeat, peerBeat),
    peerAgent: peer.agent,
  };
}
