import { type RpcError, statusName } from '@yrpc/rpc';
import type { HttpExchange } from '../exchange/http-exchange.js';
import { encodeGrpcMessage } from './grpc-status-message.js';

/**
 * Answers a request that is not a gRPC call this server can take (a GET, HTTP/1.1 for gRPC, a
 * lost `te: trailers`) with an HTTP error `status`: a plain-text body for people and curl, and
 * `grpc-status`/`grpc-message` headers for gRPC clients that read them from any response.
 */
export function respondHttpError(
  exchange: HttpExchange,
  status: number,
  error: RpcError,
  headers: Record<string, string> = {},
): void {
  const text = `${statusName(error.code)}: ${error.message}\n`;
  exchange.respond(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'grpc-status': String(error.code),
    'grpc-message': encodeGrpcMessage(error.message),
  });
  exchange.write(Buffer.from(text, 'utf8'));
  exchange.end();
}

/**
 * The media type of a `content-type` (lower case, parameters such as `charset` left out), or
 * the empty string when there is none.
 */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}
