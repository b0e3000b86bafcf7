import { DEFAULT_WINDOW, MAX_WINDOW } from '@yrpc/protocol';
import { z } from 'zod';

const MiB = 1024 * 1024;

/**
 * Flow control of one side's connections (PROTOCOL.md section 10; README, "Flow control and
 * limits"). The windows are what this side grants its peer, so they bound what it holds.
 */
export const flowControlSchema = z.strictObject({
  /**
   * Payload bytes the peer may have in flight on one connection that this side has not yet
   * consumed: the bound of what it buffers for a connection. At least 1 MiB and the max frame
   * size (16 MiB); default 64 MiB.
   */
  connectionWindow: z
    .number()
    .int()
    .min(DEFAULT_WINDOW)
    .max(MAX_WINDOW)
    .default(64 * MiB),
  /** The same per call (used by streams). At least 1 MiB and 16 MiB; default 32 MiB. */
  streamWindow: z
    .number()
    .int()
    .min(DEFAULT_WINDOW)
    .max(MAX_WINDOW)
    .default(32 * MiB),
  /**
   * Bytes of a connection's output waiting to be sent above which this side stops reading new
   * frames (server) or holds new calls back (client) until it drains. Default 4 MiB.
   */
  outputHighWaterMark: z
    .number()
    .int()
    .min(1024)
    .max(MAX_WINDOW)
    .default(4 * MiB),
});

/** Flow-control options as given; see {@link flowControlSchema}. */
export type FlowControlOptions = z.input<typeof flowControlSchema>;

/** Flow-control options with defaults filled in. */
export type FlowControlSettings = z.output<typeof flowControlSchema>;
