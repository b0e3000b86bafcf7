import type { OutgoingHttpHeaders } from 'node:http';
import type { MetadataEntry, RpcError } from '@yrpc/rpc';
import { addMetadataHeaders } from './grpc-metadata.js';
import { statusDetailsHeader } from './grpc-status-details.js';
import { encodeGrpcMessage } from './grpc-status-message.js';

/**
 * The gRPC Trailers of a call that ended with `error` (undefined for OK): `grpc-status`,
 * `grpc-message` (percent-encoded), `grpc-status-details-bin` when the error has details, then the
 * error's own metadata and the `trailers` the handler set (as yrpc's ERROR frame carries them).
 */
export function statusHeaders(
  error: RpcError | undefined,
  trailers: readonly MetadataEntry[],
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'grpc-status': String(error?.code ?? 0) };
  if (error !== undefined) {
    if (error.message !== '') headers['grpc-message'] = encodeGrpcMessage(error.message);
    const details = statusDetailsHeader(error);
    if (details !== undefined) headers['grpc-status-details-bin'] = details;
    addMetadataHeaders(headers, error.metadata);
  }
  return addMetadataHeaders(headers, trailers);
}
