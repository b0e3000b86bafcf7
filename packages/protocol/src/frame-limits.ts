import { z } from 'zod';
import { HEADER_SIZE, MAX_META_LENGTH } from './frame-header.js';
import { parseOptions } from './parse-options.js';
import { ProtocolError } from './protocol-error.js';

/** Default largest frame (header + meta + payload): 16 MiB. */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** Default largest meta block: 16 KiB (the header allows up to 64 KiB - 1). */
export const DEFAULT_MAX_META_SIZE = 16 * 1024;
/** Smallest `maxFrameSize` accepted: room for a header and a small meta block. */
export const MIN_MAX_FRAME_SIZE = 256;
/** Largest `maxFrameSize` accepted: 1 GiB. */
export const MAX_MAX_FRAME_SIZE = 1024 * 1024 * 1024;

/** Limits a decoder enforces on what it receives, or an encoder on what it sends to a peer. */
export interface FrameLimits {
  /** Largest frame, header + meta + payload, in bytes. */
  readonly maxFrameSize: number;
  /** Largest meta block in bytes (at most 65535). */
  readonly maxMetaSize: number;
  /** Most undecoded bytes a decoder buffers from {@link FrameDecoder.push}. */
  readonly maxBufferedBytes: number;
}

/** Limits as given by a user: any subset; the rest take defaults. */
export type FrameLimitsInit = Partial<FrameLimits>;

/**
 * Schema of {@link FrameLimitsInit}: integers; `maxFrameSize` 256 B..1 GiB; `maxMetaSize`
 * 0..65535 and below `maxFrameSize` minus the header; `maxBufferedBytes` at least `maxFrameSize`
 * (default twice it), at most 2 GiB.
 */
export const frameLimitsSchema = z
  .strictObject({
    maxFrameSize: z.number().int().min(MIN_MAX_FRAME_SIZE).max(MAX_MAX_FRAME_SIZE).optional(),
    maxMetaSize: z.number().int().min(0).max(MAX_META_LENGTH).optional(),
    maxBufferedBytes: z
      .number()
      .int()
      .min(MIN_MAX_FRAME_SIZE)
      .max(2 * MAX_MAX_FRAME_SIZE)
      .optional(),
  })
  .transform((init): FrameLimits => {
    const maxFrameSize = init.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    return {
      maxFrameSize,
      maxMetaSize: init.maxMetaSize ?? Math.min(DEFAULT_MAX_META_SIZE, maxFrameSize - HEADER_SIZE),
      maxBufferedBytes: init.maxBufferedBytes ?? 2 * maxFrameSize,
    };
  })
  .refine((limits) => limits.maxMetaSize <= limits.maxFrameSize - HEADER_SIZE, {
    message: 'maxMetaSize must leave room for the 16-byte header within maxFrameSize',
    path: ['maxMetaSize'],
  })
  .refine((limits) => limits.maxBufferedBytes >= limits.maxFrameSize, {
    message: 'maxBufferedBytes must be at least maxFrameSize',
    path: ['maxBufferedBytes'],
  });

/**
 * Validates limits and fills in defaults.
 * @throws ProtocolError `invalid-option` naming the offending option.
 */
export function resolveFrameLimits(init: FrameLimitsInit = {}): FrameLimits {
  return parseOptions(frameLimitsSchema, init, (message, cause) => {
    return new ProtocolError('invalid-option', `invalid frame limits: ${message}`, init, { cause });
  });
}
