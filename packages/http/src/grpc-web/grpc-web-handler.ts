import { type CallGateway, type GatewayConnection, parseOptions } from '@yrpc/rpc';
import type { ExchangeHandler, HttpExchange } from '../exchange/http-exchange.js';
import { identityBodyDecoder } from '../grpc/body-decoder.js';
import { GrpcExchangeCall } from '../grpc/grpc-exchange-call.js';
import { acceptGrpcRequest } from '../grpc/grpc-http-error.js';
import {
  type GrpcOptions,
  grpcOptionsSchema,
  type ResolvedGrpcOptions,
} from '../grpc/grpc-options.js';
import { type GrpcWire, refuseCodec } from '../grpc/grpc-wire.js';
import { Base64StreamDecoder } from './base64-stream-decoder.js';
import { trailerFrame } from './grpc-web-trailers.js';

function base64(bytes: Uint8Array): Buffer {
  return Buffer.from(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
    'latin1',
  );
}

/**
 * A gRPC-Web wire: the trailers always go in a trailer frame of the body, Trailers-Only
 * included (the specification allows them in the headers, but every gRPC-Web client reads the
 * body frame, and proxies may drop headers they do not know).
 */
function grpcWebWire(contentType: string, text: boolean): GrpcWire {
  // Each write is encoded on its own, padded: PROTOCOL-WEB has clients expect padding mid-stream.
  const encodeBody = text ? base64 : (bytes: Uint8Array) => bytes;
  return {
    contentType,
    bodyDecoder: text ? () => new Base64StreamDecoder() : identityBodyDecoder,
    encodeBody,
    finish(exchange, headers, status) {
      if (headers !== undefined) exchange.respond(200, headers);
      exchange.write(encodeBody(trailerFrame(status)));
      exchange.end();
    },
  };
}

const WIRES = new Map<string, GrpcWire>([
  ['application/grpc-web', grpcWebWire('application/grpc-web', false)],
  ['application/grpc-web+proto', grpcWebWire('application/grpc-web+proto', false)],
  ['application/grpc-web-text', grpcWebWire('application/grpc-web-text', true)],
  ['application/grpc-web-text+proto', grpcWebWire('application/grpc-web-text+proto', true)],
]);

/**
 * gRPC-Web (gRPC's PROTOCOL-WEB), binary (`application/grpc-web[+proto]`) and text
 * (`application/grpc-web-text[+proto]`, base64 both ways), over HTTP/1.1 or HTTP/2: the same
 * calls as gRPC, with the trailers in the last frame of the body.
 *
 * A method other than POST gets HTTP 405; another codec (`+json`) is a gRPC error,
 * UNIMPLEMENTED, with HTTP 200. No CORS: a browser on another origin needs a proxy (or the
 * server's own CORS layer) to answer its preflight.
 */
export class GrpcWebHandler implements ExchangeHandler {
  readonly #gateway: CallGateway;
  readonly #options: ResolvedGrpcOptions;

  /** @param gateway the server's services; `options`: see {@link grpcOptionsSchema}. */
  constructor(gateway: CallGateway, options: GrpcOptions = {}) {
    this.#gateway = gateway;
    this.#options = parseOptions(grpcOptionsSchema, options, 'gRPC-Web');
  }

  handle(exchange: HttpExchange, calls: GatewayConnection): void {
    const type = acceptGrpcRequest(
      exchange,
      'gRPC-Web',
      (media) => media.startsWith('application/grpc-web'),
      'application/grpc-web',
    );
    if (type === undefined) return;
    const wire = WIRES.get(type);
    if (wire === undefined) {
      const text = type.startsWith('application/grpc-web-text');
      const fallback = text ? 'application/grpc-web-text+proto' : 'application/grpc-web+proto';
      refuseCodec(
        exchange,
        grpcWebWire(fallback, text),
        `content-type ${type} is not supported; use ${fallback}`,
      );
      return;
    }
    new GrpcExchangeCall(exchange, this.#gateway, wire, this.#options).run(calls);
  }
}
