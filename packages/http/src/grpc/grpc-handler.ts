import {
  type CallGateway,
  type GatewayConnection,
  parseOptions,
  RpcError,
  Status,
} from '@yrpc/rpc';
import {
  type ExchangeHandler,
  type HttpExchange,
  requestHeader,
} from '../exchange/http-exchange.js';
import { identityBodyDecoder } from './body-decoder.js';
import { GrpcExchangeCall } from './grpc-exchange-call.js';
import { acceptGrpcRequest, respondHttpError } from './grpc-http-error.js';
import { type GrpcOptions, grpcOptionsSchema, type ResolvedGrpcOptions } from './grpc-options.js';
import { type GrpcWire, refuseCodec } from './grpc-wire.js';

/** The response content-type: the request's, as gRPC servers answer (`+proto` is the default). */
function grpcWire(contentType: string): GrpcWire {
  return {
    contentType,
    bodyDecoder: identityBodyDecoder,
    encodeBody: (bytes) => bytes,
    finish(exchange, headers, status) {
      if (headers === undefined) {
        exchange.end(status);
      } else {
        // Trailers-Only: one HEADERS frame with the status, no DATA.
        exchange.respond(200, { ...headers, ...status });
        exchange.end();
      }
    },
  };
}

const WIRES = new Map<string, GrpcWire>([
  ['application/grpc', grpcWire('application/grpc')],
  ['application/grpc+proto', grpcWire('application/grpc+proto')],
]);

/**
 * gRPC over HTTP/2 (gRPC's PROTOCOL-HTTP2): the calls of exchanges whose content-type is
 * `application/grpc` or `application/grpc+proto`, run through the server's services.
 *
 * Requests it cannot take as gRPC are answered plainly: a method other than POST gets HTTP 405;
 * HTTP/1.1 gets HTTP 505 (gRPC needs HTTP/2 trailers; gRPC-Web is the protocol for HTTP/1.1);
 * a request without `te: trailers` gets HTTP 400 (a proxy on the way drops trailers, so the
 * client could never read a status); a content-type outside `application/grpc` gets HTTP 415.
 * Another gRPC codec (`application/grpc+json`) is a gRPC error, UNIMPLEMENTED, in a Trailers-Only
 * response with HTTP 200, as gRPC clients expect.
 */
export class GrpcHandler implements ExchangeHandler {
  readonly #gateway: CallGateway;
  readonly #options: ResolvedGrpcOptions;

  /** @param gateway the server's services; `options`: see {@link grpcOptionsSchema}. */
  constructor(gateway: CallGateway, options: GrpcOptions = {}) {
    this.#gateway = gateway;
    this.#options = parseOptions(grpcOptionsSchema, options, 'gRPC');
  }

  handle(exchange: HttpExchange, calls: GatewayConnection): void {
    const type = acceptGrpcRequest(
      exchange,
      'gRPC',
      (media) => media === 'application/grpc' || media.startsWith('application/grpc+'),
      'application/grpc',
    );
    if (type === undefined) return;
    if (exchange.httpVersion !== '2') {
      respondHttpError(
        exchange,
        505,
        new RpcError(
          Status.UNIMPLEMENTED,
          'gRPC needs HTTP/2; over HTTP/1.1 use gRPC-Web (application/grpc-web) or Connect',
        ),
      );
      return;
    }
    const te = requestHeader(exchange.headers, 'te');
    if (
      te === undefined ||
      !te
        .toLowerCase()
        .split(',')
        .some((part) => part.trim() === 'trailers')
    ) {
      respondHttpError(
        exchange,
        400,
        new RpcError(
          Status.INTERNAL,
          `gRPC requests carry "te: trailers", got ${te === undefined ? 'none' : JSON.stringify(te)}: a proxy on the way may not pass trailers`,
        ),
      );
      return;
    }
    const wire = WIRES.get(type);
    if (wire === undefined) {
      refuseCodec(
        exchange,
        grpcWire('application/grpc+proto'),
        `the ${type.slice('application/grpc+'.length)} codec is not supported; use application/grpc+proto`,
      );
      return;
    }
    new GrpcExchangeCall(exchange, this.#gateway, wire, this.#options).run(calls);
  }
}
