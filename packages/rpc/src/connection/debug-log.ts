import { debuglog } from 'node:util';
import type { NegotiatedHandshake } from '@yrpc/protocol';

const log = debuglog('yrpc');

/**
 * Whether `NODE_DEBUG` names `yrpc` (read once, when the package loads). Every log site checks it
 * first, so that with debugging off no message string is ever built.
 */
export const debugEnabled: boolean = log.enabled;

/**
 * Writes one line to stderr as `YRPC <pid>: <message>` (Node's `util.debuglog` format). Call only
 * behind `if (debugEnabled)`.
 */
export function debug(message: string): void {
  log('%s', message);
}

/** The settings a handshake agreed on, as one log line reads them. */
export function describeHandshake(agreed: NegotiatedHandshake): string {
  return `version ${agreed.version}, peer agent ${JSON.stringify(agreed.peerAgent)}, max frame ${agreed.peerMaxFrameSize} B, max calls ${agreed.peerMaxConcurrentCalls || 'unlimited'}, heartbeat ${agreed.heartbeatIntervalMs} ms, windows ${agreed.peerConnectionWindow}/${agreed.peerStreamWindow} B, accepts ${agreed.peerAcceptEncoding.length === 0 ? 'no compression' : agreed.peerAcceptEncoding.join(', ')}`;
}

/** Why a connection closed, from its close reason (`null`: an orderly close). */
export function describeClose(reason: Error | null | undefined, orderly: string): string {
  return reason === null || reason === undefined ? orderly : reason.message;
}
