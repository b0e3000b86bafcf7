import type { OutgoingHttpHeaders } from 'node:http';
import { DECOMPRESSION_ENCODINGS, RpcError, Status } from '@yrpc/rpc';
import type { HttpExchange } from '../exchange/http-exchange.js';
import type { BodyDecoder } from './body-decoder.js';
import { statusHeaders } from './grpc-status-headers.js';

/** What the server reads and advertises in `grpc-accept-encoding`. */
export const GRPC_ACCEPT_ENCODING = DECOMPRESSION_ENCODINGS.join(',');

/** How one protocol of the gRPC family puts a call's answer on the wire. */
export interface GrpcWire {
  /** The response's `content-type`. */
  readonly contentType: string;
  /** A decoder of this request's body. */
  bodyDecoder(): BodyDecoder;
  /** Frame bytes as they go in the response body (gRPC-Web text: base64). */
  encodeBody(bytes: Uint8Array): Uint8Array;
  /**
   * Sends `status` (gRPC's Trailers) and ends the response; `headers` are the response headers
   * when none were sent yet (a Trailers-Only response), undefined otherwise.
   */
  finish(
    exchange: HttpExchange,
    headers: OutgoingHttpHeaders | undefined,
    status: OutgoingHttpHeaders,
  ): void;
}

/**
 * Refuses a codec of the gRPC family this server does not read (`+json`): a gRPC error,
 * UNIMPLEMENTED, with HTTP 200 in a Trailers-Only answer, as gRPC clients expect, sent on
 * `wire`, the family's protobuf wire that the client is told to use.
 */
export function refuseCodec(exchange: HttpExchange, wire: GrpcWire, message: string): void {
  wire.finish(
    exchange,
    { 'content-type': wire.contentType, 'grpc-accept-encoding': GRPC_ACCEPT_ENCODING },
    statusHeaders(new RpcError(Status.UNIMPLEMENTED, message), []),
  );
}
