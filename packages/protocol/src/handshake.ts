import { z } from 'zod';
import { DEFAULT_WINDOW, MAX_WINDOW } from './flow-window.js';
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
  /**
   * Connection flow-control window granted to the peer, in payload bytes: the most this side
   * holds for the connection. Default 64 MiB; at least 1 MiB and the max frame size.
   */
  readonly connectionWindow?: number;
  /** Per-call window granted to the peer. Default 32 MiB; same bounds. */
  readonly streamWindow?: number;
  /**
   * Payload encodings this side decompresses, announced so that the peer may compress what it
   * sends (PROTOCOL.md section 4): `['gzip']` only from code that inflates COMPRESSED payloads.
   * Lower-case tokens, at most 8. Default none.
   */
  readonly acceptEncoding?: readonly string[];
}

/** Connection window the Node implementation grants by default: 64 MiB. */
export const DEFAULT_CONNECTION_WINDOW = 64 * 1024 * 1024;
/** Stream window the Node implementation grants by default: 32 MiB. */
export const DEFAULT_STREAM_WINDOW = 32 * 1024 * 1024;

/** An encoding name in a handshake's `accept_encoding`: a lower-case token of 1..32 characters. */
export const ENCODING_NAME = /^[a-z0-9][a-z0-9._-]{0,31}$/;

/** The encoding a COMPRESSED payload is in (the only one protocol version 1 defines). */
export const COMPRESSED_ENCODING = 'gzip';

/** Schema of {@link HandshakeOptions}. */
export const handshakeOptionsSchema = z.strictObject({
  maxFrameSize: z.number().int().min(MIN_MAX_FRAME_SIZE).max(MAX_MAX_FRAME_SIZE).optional(),
  maxMetaSize: z.number().int().min(0).max(0xffff).optional(),
  maxConcurrentCalls: z.number().int().min(0).max(0xffff_ffff).optional(),
  heartbeatIntervalMs: z.number().int().min(0).max(0xffff_ffff).optional(),
  agent: z.string().max(128).optional(),
  connectionWindow: z.number().int().min(DEFAULT_WINDOW).max(MAX_WINDOW).optional(),
  streamWindow: z.number().int().min(DEFAULT_WINDOW).max(MAX_WINDOW).optional(),
  acceptEncoding: z.array(z.string().regex(ENCODING_NAME)).max(8).readonly().optional(),
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
  /** The connection window the peer grants (what this side may have outstanding). */
  readonly peerConnectionWindow: number;
  /** The per-call window the peer grants. */
  readonly peerStreamWindow: number;
  /**
   * The encodings the peer decompresses; COMPRESSED frames may be sent to it only when this
   * holds {@link COMPRESSED_ENCODING}. Empty for a peer that announced none (an older one).
   */
  readonly peerAcceptEncoding: readonly string[];
}

/** The connection window granted by default with frames up to `maxFrameSize`: 64 MiB or two frames. */
export function defaultConnectionWindow(maxFrameSize: number): number {
  return Math.min(MAX_WINDOW, Math.max(DEFAULT_CONNECTION_WINDOW, 2 * maxFrameSize));
}

/** The per-call window granted by default with frames up to `maxFrameSize`: 32 MiB or one frame. */
export function defaultStreamWindow(maxFrameSize: number): number {
  return Math.max(DEFAULT_STREAM_WINDOW, maxFrameSize);
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
  const maxFrameSize = o.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  const connectionWindow = o.connectionWindow ?? defaultConnectionWindow(maxFrameSize);
  const streamWindow = o.streamWindow ?? defaultStreamWindow(maxFrameSize);
  for (const [name, window] of [
    ['connectionWindow', connectionWindow],
    ['streamWindow', streamWindow],
  ] as const) {
    if (window < maxFrameSize || window > MAX_WINDOW) {
      throw new ProtocolError(
        'invalid-option',
        `invalid handshake options: ${name} (${window}) must be at least maxFrameSize (${maxFrameSize}) and at most ${MAX_WINDOW}`,
        options,
      );
    }
  }
  return {
    version: PROTOCOL_VERSION,
    maxFrameSize,
    maxMetaSize: o.maxMetaSize ?? DEFAULT_MAX_META_SIZE,
    maxConcurrentCalls: o.maxConcurrentCalls ?? 0,
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? 0,
    agent: o.agent ?? 'yrpc-node',
    connectionWindow,
    streamWindow,
    ...(o.acceptEncoding === undefined || o.acceptEncoding.length === 0
      ? {}
      : { acceptEncoding: [...new Set(o.acceptEncoding)] }),
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
  const peerConnectionWindow = peerWindow(peer.connectionWindow, peerMaxFrameSize, 'connection');
  const peerStreamWindow = peerWindow(peer.streamWindow, peerMaxFrameSize, 'stream');
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
    peerConnectionWindow,
    peerStreamWindow,
    peerAcceptEncoding: peer.acceptEncoding ?? [],
  };
}

/** Whether the peer of a negotiated handshake accepts COMPRESSED (gzip) payloads. */
export function peerAcceptsCompressed(negotiated: {
  readonly peerAcceptEncoding: readonly string[];
}): boolean {
  return negotiated.peerAcceptEncoding.includes(COMPRESSED_ENCODING);
}

/**
 * A window the peer announced (0 = the default), checked against PROTOCOL.md section 10.
 * @throws ProtocolError `bad-meta`.
 */
function peerWindow(announced: number, peerMaxFrameSize: number, which: string): number {
  if (announced === 0) return DEFAULT_WINDOW;
  const least = Math.max(DEFAULT_WINDOW, peerMaxFrameSize);
  if (announced < least || announced > MAX_WINDOW) {
    throw new ProtocolError(
      'bad-meta',
      `the peer's ${which} window of ${announced} bytes is outside ${least}..${MAX_WINDOW}`,
      announced,
    );
  }
  return announced;
}
