import type { OutgoingHttpHeaders } from 'node:http';
import type { HttpExchange } from '../exchange/http-exchange.js';
import type { BodyDecoder } from './body-decoder.js';

/** What the server reads and advertises in `grpc-accept-encoding`. */
export const GRPC_ACCEPT_ENCODING = 'gzip,identity';

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
