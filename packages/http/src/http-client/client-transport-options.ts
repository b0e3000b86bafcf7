import { z } from 'zod';

/**
 * The options the HTTP client transports (`grpcTransport`, `connectTransport`) share, spread
 * into each one's schema.
 */
export const clientTransportOptionsShape = {
  /** The largest response message accepted, decompressed, in bytes. Default 16 MiB. */
  maxMessageBytes: z
    .number()
    .int()
    .min(1)
    .max(0x7fff_ffff)
    .default(16 * 1024 * 1024),
  /**
   * Response bytes one stream may hold that the caller has not taken yet; past it the client
   * stops reading and flow control holds the server back. Default 1 MiB.
   */
  streamWindowBytes: z
    .number()
    .int()
    .min(1)
    .default(1024 * 1024),
  /** How long (ms) opening a connection may take. Default 20000. */
  connectTimeoutMs: z.number().int().min(1).max(0x7fff_ffff).default(20_000),
};
