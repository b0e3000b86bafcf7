import type { GatewayConnection } from '@yrpc/rpc';
import type { CorsPolicy } from '../cors/cors-policy.js';
import type { ExchangeHandler, HttpExchange } from './http-exchange.js';

/** The handlers of the protocols served over HTTP; an absent one is not served. */
export interface ProtocolHandlers {
  readonly grpc?: ExchangeHandler | undefined;
  readonly grpcWeb?: ExchangeHandler | undefined;
  readonly connect?: ExchangeHandler | undefined;
}

/** Which protocol a request speaks, read from its method and content type. */
export type HttpProtocolName = 'grpc' | 'grpcWeb' | 'connect';

/**
 * The protocol of a request: `application/grpc-web*` is gRPC-Web, `application/grpc` and
 * `application/grpc+*` gRPC, `application/json`, `application/proto` and `application/connect+*`
 * (and any GET) Connect; `undefined` for anything else.
 */
export function protocolOf(exchange: HttpExchange): HttpProtocolName | undefined {
  const contentType = exchange.headers['content-type'];
  if (contentType === undefined) return exchange.method === 'GET' ? 'connect' : undefined;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (type.startsWith('application/grpc-web')) return 'grpcWeb';
  if (type === 'application/grpc' || type.startsWith('application/grpc+')) return 'grpc';
  if (
    type === 'application/json' ||
    type === 'application/proto' ||
    type.startsWith('application/connect+')
  ) {
    return 'connect';
  }
  return exchange.method === 'GET' ? 'connect' : undefined;
}

/**
 * Hands each request to the handler of its protocol; a request of no protocol served gets
 * 415 Unsupported Media Type with a line that says what is. With a CORS policy, preflight
 * requests are answered by it and allowed cross-origin calls get its headers.
 */
export class ExchangeRouter {
  readonly #handlers: ProtocolHandlers;
  readonly #cors: CorsPolicy | undefined;

  constructor(handlers: ProtocolHandlers, cors?: CorsPolicy) {
    this.#handlers = handlers;
    this.#cors = cors;
  }

  route(request: HttpExchange, calls: GatewayConnection): void {
    const exchange = this.#cors === undefined ? request : this.#cors.screen(request);
    if (exchange === undefined) return;
    const protocol = protocolOf(exchange);
    const handler = protocol === undefined ? undefined : this.#handlers[protocol];
    if (handler !== undefined) {
      handler.handle(exchange, calls);
      return;
    }
    const body = Buffer.from(
      `${exchange.method} ${exchange.path}: content-type ${JSON.stringify(exchange.headers['content-type'] ?? '')} is not served here; this server speaks ${this.#served()}\n`,
    );
    exchange.respond(415, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': body.length,
    });
    exchange.write(body);
    exchange.end();
  }

  #served(): string {
    const names: string[] = [];
    if (this.#handlers.grpc !== undefined) names.push('gRPC (application/grpc)');
    if (this.#handlers.grpcWeb !== undefined) names.push('gRPC-Web (application/grpc-web)');
    if (this.#handlers.connect !== undefined) {
      names.push('Connect (application/json, application/proto, application/connect+json)');
    }
    return names.length === 0 ? 'no HTTP protocol' : names.join(', ');
  }
}
