import {
  integerIn,
  isBoolean,
  matchesRules,
  nonNegativeNumber,
  type OptionRules,
  oneOf,
} from './option-check.js';
import { lazySchema, parseOptions } from './parse-options.js';

/** Zod schema of {@link ConnectionOptions}, built on first use: unknown keys are refused. */
export const connectionOptionsSchema = lazySchema((z) => {
  const byteSize = z.number().int().positive();
  return z
    .strictObject({
      inputHighWaterMark: byteSize.optional(),
      inputLowWaterMark: z.number().int().nonnegative().optional(),
      outputHighWaterMark: byteSize.optional(),
      outputLowWaterMark: z.number().int().nonnegative().optional(),
      maxInputBufferSize: byteSize.optional(),
      maxOutputBufferSize: byteSize.optional(),
      idleTimeoutMs: z.number().nonnegative().optional(),
      closeTimeoutMs: z.number().nonnegative().optional(),
      writeStallTimeoutMs: z.number().nonnegative().optional(),
      noDelay: z.boolean().optional(),
      keepAlive: z.boolean().optional(),
      keepAliveInitialDelayMs: z.number().int().nonnegative().optional(),
      allowHalfOpen: z.boolean().optional(),
      flush: z.enum(['microtask', 'immediate']).optional(),
    })
    .refine(
      (o) => (o.inputLowWaterMark ?? 0) <= (o.inputHighWaterMark ?? DEFAULTS.inputHighWaterMark),
      {
        message: 'inputLowWaterMark must not exceed inputHighWaterMark',
        path: ['inputLowWaterMark'],
      },
    )
    .refine(
      (o) => (o.outputLowWaterMark ?? 0) <= (o.outputHighWaterMark ?? DEFAULTS.outputHighWaterMark),
      {
        message: 'outputLowWaterMark must not exceed outputHighWaterMark',
        path: ['outputLowWaterMark'],
      },
    );
});

const positiveInteger = integerIn(1);
const nonNegativeInteger = integerIn(0);

const connectionOptionRules: OptionRules = {
  inputHighWaterMark: positiveInteger,
  inputLowWaterMark: nonNegativeInteger,
  outputHighWaterMark: positiveInteger,
  outputLowWaterMark: nonNegativeInteger,
  maxInputBufferSize: positiveInteger,
  maxOutputBufferSize: positiveInteger,
  idleTimeoutMs: nonNegativeNumber,
  closeTimeoutMs: nonNegativeNumber,
  writeStallTimeoutMs: nonNegativeNumber,
  noDelay: isBoolean,
  keepAlive: isBoolean,
  keepAliveInitialDelayMs: nonNegativeInteger,
  allowHalfOpen: isBoolean,
  flush: oneOf('microtask', 'immediate'),
};

/** The plain check of {@link ConnectionOptions} (see `parseOptions`): true only for valid options. */
export function acceptsConnectionOptions(input: unknown): boolean {
  if (!matchesRules(input, connectionOptionRules)) return false;
  if (input === undefined || input === null) return true;
  const o = input as ConnectionOptions;
  return (
    (o.inputLowWaterMark ?? 0) <= (o.inputHighWaterMark ?? DEFAULTS.inputHighWaterMark) &&
    (o.outputLowWaterMark ?? 0) <= (o.outputHighWaterMark ?? DEFAULTS.outputHighWaterMark)
  );
}

/** Options of a {@link Connection}. Sizes in bytes, times in milliseconds. */
export interface ConnectionOptions {
  /** Reading pauses while this many unread bytes are buffered. Default 4 MiB. */
  readonly inputHighWaterMark?: number;
  /** Reading resumes once unread bytes drop to this. Default a quarter of the high mark. */
  readonly inputLowWaterMark?: number;
  /** Writers wait (and `write` returns false) while this many bytes wait to be sent. Default 4 MiB. */
  readonly outputHighWaterMark?: number;
  /** Waiting writers resume once pending output drops to this. Default a quarter of the high mark. */
  readonly outputLowWaterMark?: number;
  /** Hard limit of the input buffer; exceeding it aborts the connection. Default 64 MiB. */
  readonly maxInputBufferSize?: number;
  /** Hard limit of the output buffer; a write exceeding it throws. Default 64 MiB. */
  readonly maxOutputBufferSize?: number;
  /** Closes the connection (`idle-timeout`) after this long without reads or writes; 0 = never. Default 0. */
  readonly idleTimeoutMs?: number;
  /** How long a graceful close waits for the peer before aborting. Default 5000. */
  readonly closeTimeoutMs?: number;
  /**
   * Aborts the connection (NetError `write-stall`) when bytes wait to be sent and none of them
   * has left for this long: the peer stopped reading. 0 = never (the default). Progress is seen
   * when a socket write completes, so set it above the time your slowest legitimate peer needs
   * to take one write's worth (up to `outputHighWaterMark` when writers wait for drain).
   * Checked through the connection's TimerQueue; costs nothing when 0.
   */
  readonly writeStallTimeoutMs?: number;
  /** Disables Nagle's algorithm (TCP). Default true: writes are already coalesced per tick. */
  readonly noDelay?: boolean;
  /** Enables TCP keepalive probes. Default false. */
  readonly keepAlive?: boolean;
  /** Delay before the first keepalive probe. Default 60000. */
  readonly keepAliveInitialDelayMs?: number;
  /** Keep our write side open after the peer ended its side. Default false: end ours too. */
  readonly allowHalfOpen?: boolean;
  /**
   * When writes made in one tick are flushed: `microtask` (after the current callback and its
   * promise jobs; the default) or `immediate` (after the event loop's I/O phase, coalescing
   * more but adding latency).
   */
  readonly flush?: FlushTiming;
}

/**
 * When the writes of a tick leave in their one socket write: `microtask` (after the current
 * callback and its promise jobs) or `immediate` (after the event loop's I/O phase).
 */
export type FlushTiming = 'microtask' | 'immediate';

/** {@link ConnectionOptions} with every default filled in. */
export type ResolvedConnectionOptions = Required<ConnectionOptions>;

const DEFAULTS = {
  inputHighWaterMark: 4 * 1024 * 1024,
  outputHighWaterMark: 4 * 1024 * 1024,
  maxInputBufferSize: 64 * 1024 * 1024,
  maxOutputBufferSize: 64 * 1024 * 1024,
} as const;

/** Validates `options` and fills in defaults; throws a NetError `invalid-option`. */
export function resolveConnectionOptions(options: unknown): ResolvedConnectionOptions {
  const o = parseOptions(connectionOptionsSchema, options, 'connection', acceptsConnectionOptions);
  const inputHighWaterMark = o.inputHighWaterMark ?? DEFAULTS.inputHighWaterMark;
  const outputHighWaterMark = o.outputHighWaterMark ?? DEFAULTS.outputHighWaterMark;
  return {
    inputHighWaterMark,
    inputLowWaterMark: o.inputLowWaterMark ?? Math.floor(inputHighWaterMark / 4),
    outputHighWaterMark,
    outputLowWaterMark: o.outputLowWaterMark ?? Math.floor(outputHighWaterMark / 4),
    maxInputBufferSize: o.maxInputBufferSize ?? DEFAULTS.maxInputBufferSize,
    maxOutputBufferSize: o.maxOutputBufferSize ?? DEFAULTS.maxOutputBufferSize,
    idleTimeoutMs: o.idleTimeoutMs ?? 0,
    closeTimeoutMs: o.closeTimeoutMs ?? 5000,
    writeStallTimeoutMs: o.writeStallTimeoutMs ?? 0,
    noDelay: o.noDelay ?? true,
    keepAlive: o.keepAlive ?? false,
    keepAliveInitialDelayMs: o.keepAliveInitialDelayMs ?? 60_000,
    allowHalfOpen: o.allowHalfOpen ?? false,
    flush: o.flush ?? 'microtask',
  };
}
