import { RpcError, Status, statusName } from '@yrpc/rpc';
import { type HttpExchange, requestHeader } from '../exchange/http-exchange.js';
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

/**
 * The checks gRPC and gRPC-Web make alike before a call: a content type of the `protocol`'s
 * family (`inFamily`), else HTTP 415 with `accept` naming the one to send; POST, else HTTP 405.
 * @returns the request's media type, or undefined once the request was refused.
 */
export function acceptGrpcRequest(
  exchange: HttpExchange,
  protocol: 'gRPC' | 'gRPC-Web',
  inFamily: (type: string) => boolean,
  accept: string,
): string | undefined {
  const type = mediaType(requestHeader(exchange.headers, 'content-type'));
  if (!inFamily(type)) {
    respondHttpError(
      exchange,
      415,
      new RpcError(Status.INTERNAL, `content-type ${JSON.stringify(type)} is not ${protocol}`),
      { accept },
    );
    return undefined;
  }
  if (exchange.method !== 'POST') {
    respondHttpError(
      exchange,
      405,
      new RpcError(
        Status.UNIMPLEMENTED,
        `${protocol} calls are POST requests, not ${exchange.method}`,
      ),
      { allow: 'POST' },
    );
    return undefined;
  }
  return type;
}
