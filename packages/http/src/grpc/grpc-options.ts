import { DEFAULT_COMPRESSION_THRESHOLD } from '@yrpc/rpc';
import { z } from 'zod';

/** Options of the gRPC and gRPC-Web handlers. */
export const grpcOptionsSchema = z.strictObject({
  /**
   * Compress response messages with this encoding when the client's `grpc-accept-encoding` lists
   * it; `identity` (the default) sends them uncompressed. Requests are read in any supported
   * encoding whatever this says.
   */
  sendCompression: z.enum(['gzip', 'identity']).default('identity'),
  /** Response messages smaller than this (bytes) are sent uncompressed: gzip would not pay. */
  compressMinBytes: z.number().int().min(0).default(DEFAULT_COMPRESSION_THRESHOLD),
});

/** Options of the gRPC and gRPC-Web handlers, as given; see {@link grpcOptionsSchema}. */
export type GrpcOptions = z.input<typeof grpcOptionsSchema>;

/** Options of the gRPC and gRPC-Web handlers, defaults applied. */
export type ResolvedGrpcOptions = z.output<typeof grpcOptionsSchema>;
