import type { FramedConnection } from '@yrpc/protocol';

/**
 * The connection a session writes to and reads from: every write goes through its guarded
 * `writeFrames`, and flow-controlled payloads through its credit (`canSend`, `spend`).
 */
export type FrameOutput = Pick<
  FramedConnection,
  | 'writeFrames'
  | 'writeOwned'
  | 'canSend'
  | 'spend'
  | 'outputBackedUp'
  | 'pauseFrames'
  | 'resumeFrames'
  | 'paused'
  | 'close'
  | 'retain'
  | 'release'
>;
