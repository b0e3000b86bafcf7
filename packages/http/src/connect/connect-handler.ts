import type { OutgoingHttpHeaders } from 'node:http';
import {
  type CallGateway,
  type GatewayConnection,
  type GatewayMethod,
  RpcError,
  Status,
} from '@yrpc/rpc';
import {
  type ExchangeHandler,
  type HttpExchange,
  requestHeader,
} from '../exchange/http-exchange.js';
import { asRpcError } from '../exchange/request-error.js';
import type { ConnectCallSetup } from './connect-call-setup.js';
import { type ConnectCodec, connectCodec } from './connect-codec.js';
import { connectErrorJson, httpStatusOfCode } from './connect-error.js';
import { type ConnectGetRequest, parseConnectGetQuery } from './connect-get.js';
import {
  type ConnectOptions,
  connectOptionsSchema,
  type ResolvedConnectOptions,
} from './connect-options.js';
import {
  type ConnectContentType,
  checkProtocolVersion,
  connectContentType,
  parseConnectContentType,
} from './connect-request-headers.js';
import { ConnectStreamCall } from './connect-stream-call.js';
import { ConnectUnaryCall } from './connect-unary-call.js';

/** The content types a Connect POST may have, for the 415 answer that lists them. */
const SUPPORTED_TYPES =
  'application/json, application/proto, application/connect+json, application/connect+proto';

/**
 * The server side of the Connect protocol (connectrpc.com/docs/protocol) as an
 * {@link ExchangeHandler}: unary calls as POST (`application/json` or `application/proto`) or,
 * for methods marked `idempotency_level = NO_SIDE_EFFECTS`, GET; streaming calls of every kind
 * as POST with `application/connect+json` or `application/connect+proto`.
 *
 * Lenient where the specification allows: `connect-protocol-version` is not required (curl and
 * browsers need no special header) but must be `1` when sent; `connect=v1` likewise on GET.
 *
 * HTTP-level refusals, before any call: an unknown method is 404 with the Connect error
 * `unimplemented`; a content type Connect does not know, or the wrong kind for the method
 * (unary for a stream or the other way), 415; GET of a method with side effects, or a method
 * other than GET and POST, 405.
 */
export class ConnectHandler implements ExchangeHandler {
  readonly #gateway: CallGateway;
  readonly #options: ResolvedConnectOptions;

  /** @throws ZodError for invalid options. */
  constructor(gateway: CallGateway, options: ConnectOptions = {}) {
    this.#gateway = gateway;
    this.#options = connectOptionsSchema.parse(options);
  }

  handle(exchange: HttpExchange, calls: GatewayConnection): void {
    if (exchange.method === 'GET') {
      this.#handleGet(exchange, calls);
      return;
    }
    if (exchange.method !== 'POST') {
      refuse(
        exchange,
        405,
        Status.UNIMPLEMENTED,
        `HTTP ${exchange.method.slice(0, 16)} is not supported: Connect calls are POST (or GET for side-effect-free methods)`,
        { allow: 'POST, GET' },
      );
      return;
    }
    const type = parseConnectContentType(requestHeader(exchange.headers, 'content-type'));
    if (type === undefined) {
      refuse(
        exchange,
        415,
        Status.UNIMPLEMENTED,
        `content-type ${JSON.stringify(requestHeader(exchange.headers, 'content-type') ?? '')} is not supported (supported: ${SUPPORTED_TYPES})`,
        { 'accept-post': SUPPORTED_TYPES },
      );
      return;
    }
    const method = this.#method(exchange);
    if (method === undefined) return;
    const streaming = method.requestStream || method.responseStream;
    if (type.streaming !== streaming) {
      const wanted = connectContentType({ streaming, codec: type.codec });
      refuse(
        exchange,
        415,
        Status.UNIMPLEMENTED,
        `${method.path} is a ${streaming ? 'streaming' : 'unary'} method: send it as ${wanted}`,
        { 'accept-post': wanted },
      );
      return;
    }
    const codec = this.#codec(exchange, method, type);
    if (codec === undefined) return;
    const setup = this.#setup(method, codec, type);
    if (streaming) {
      new ConnectStreamCall(exchange, setup).run(calls);
    } else {
      new ConnectUnaryCall(exchange, setup).runPost(calls);
    }
  }

  #handleGet(exchange: HttpExchange, calls: GatewayConnection): void {
    const method = this.#method(exchange);
    if (method === undefined) return;
    if (!method.sideEffectFree || method.requestStream || method.responseStream) {
      refuse(
        exchange,
        405,
        Status.UNIMPLEMENTED,
        `${method.path} is not marked side-effect free (idempotency_level = NO_SIDE_EFFECTS): call it with POST`,
        { allow: 'POST' },
      );
      return;
    }
    let get: ConnectGetRequest;
    try {
      get = parseConnectGetQuery(exchange.query);
    } catch (error) {
      refuseWith(exchange, asRpcError(error));
      return;
    }
    if (get.encoding !== 'json' && get.encoding !== 'proto') {
      refuse(
        exchange,
        415,
        Status.UNIMPLEMENTED,
        `encoding ${JSON.stringify(get.encoding.slice(0, 32))} is not supported (supported: json, proto)`,
      );
      return;
    }
    const type: ConnectContentType = { streaming: false, codec: get.encoding };
    const codec = this.#codec(exchange, method, type);
    if (codec === undefined) return;
    new ConnectUnaryCall(exchange, this.#setup(method, codec, type)).runGet(calls, get);
  }

  /** What a call of `method` runs with, once its codec is known. */
  #setup(method: GatewayMethod, codec: ConnectCodec, type: ConnectContentType): ConnectCallSetup {
    return {
      gateway: this.#gateway,
      method,
      codec,
      contentType: connectContentType(type),
      options: this.#options,
    };
  }

  /** The method the path names, or undefined after answering 404. */
  #method(exchange: HttpExchange): GatewayMethod | undefined {
    const method = this.#gateway.method(exchange.path);
    if (method === undefined) {
      refuse(
        exchange,
        404,
        Status.UNIMPLEMENTED,
        `${exchange.path.slice(0, 256)} is not implemented (no such method)`,
      );
    }
    return method;
  }

  /** The call's codec, or undefined after answering why there is none. */
  #codec(
    exchange: HttpExchange,
    method: GatewayMethod,
    type: ConnectContentType,
  ): ConnectCodec | undefined {
    try {
      checkProtocolVersion(requestHeader(exchange.headers, 'connect-protocol-version'));
      return connectCodec(method, type.codec);
    } catch (error) {
      refuseWith(exchange, asRpcError(error));
      return undefined;
    }
  }
}

/** Answers before any call: `httpStatus` with Connect's error JSON for `code` and `message`. */
function refuse(
  exchange: HttpExchange,
  httpStatus: number,
  code: (typeof Status)[keyof typeof Status],
  message: string,
  headers: OutgoingHttpHeaders = {},
): void {
  const body = Buffer.from(JSON.stringify(connectErrorJson(new RpcError(code, message))));
  exchange.respond(httpStatus, {
    ...headers,
    'content-type': 'application/json',
    'content-length': body.length,
  });
  exchange.write(body);
  exchange.end();
}

/** Answers before any call with `error`, at the HTTP status Connect maps its code to. */
function refuseWith(exchange: HttpExchange, error: RpcError): void {
  refuse(exchange, httpStatusOfCode(error.code), error.code, error.message);
}
