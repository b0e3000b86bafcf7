import { DEFAULT_COMPRESSION_THRESHOLD } from '@yrpc/rpc';
import { z } from 'zod';

/** Options of the Connect handler (the same keys as the gRPC handler's). */
export const connectOptionsSchema = z.strictObject({
  /**
   * Compress responses with this encoding when the client accepts it (`accept-encoding` for
   * unary, `connect-accept-encoding` for streams); `identity` (the default) sends them
   * uncompressed. Requests are read in any supported encoding whatever this says.
   */
  sendCompression: z.enum(['gzip', 'identity']).default('identity'),
  /** Responses (unary bodies, stream messages) smaller than this are sent uncompressed. */
  compressMinBytes: z.number().int().min(0).default(DEFAULT_COMPRESSION_THRESHOLD),
});

/** Options of the Connect handler, as given; see {@link connectOptionsSchema}. */
export type ConnectOptions = z.input<typeof connectOptionsSchema>;

/** Options of the Connect handler, defaults applied. */
export type ResolvedConnectOptions = z.output<typeof connectOptionsSchema>;
