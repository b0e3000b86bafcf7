import type { OutgoingHttpHeaders } from 'node:http';
import { type HttpExchange, requestHeader } from '../exchange/http-exchange.js';
import { CorsExchange } from './cors-exchange.js';
import type { CorsSettings } from './cors-options.js';

/** The request headers gRPC-Web and Connect clients send in a browser (connect-es, grpc-web). */
const PROTOCOL_REQUEST_HEADERS = [
  'content-type',
  'connect-protocol-version',
  'connect-timeout-ms',
  'connect-content-encoding',
  'connect-accept-encoding',
  'grpc-timeout',
  'grpc-accept-encoding',
  'grpc-encoding',
  'x-grpc-web',
  'x-user-agent',
];

/** The response headers a page needs to read a call's status (gRPC-Web Trailers-Only). */
const PROTOCOL_RESPONSE_HEADERS = ['grpc-status', 'grpc-message', 'grpc-status-details-bin'];

/** What a cross-origin request may be made with: Connect's GET and every protocol's POST. */
const ALLOWED_METHODS = ['POST', 'GET'];

/**
 * The CORS rules of a server (the Fetch standard's CORS protocol): preflight requests (`OPTIONS`
 * with `Access-Control-Request-Method`) are answered here, 204 for an allowed origin and method,
 * 403 otherwise; the answer to an allowed origin's call carries `Access-Control-Allow-Origin` and
 * the headers its page may read. A call from an origin not allowed is served without them, so
 * the browser does not let the page read it.
 */
export class CorsPolicy {
  readonly #settings: CorsSettings;
  readonly #allowHeaders: string;
  readonly #exposeHeaders: string;

  constructor(settings: CorsSettings) {
    this.#settings = settings;
    const lower = (names: readonly string[]) => [...new Set(names.map((n) => n.toLowerCase()))];
    this.#allowHeaders = lower([...PROTOCOL_REQUEST_HEADERS, ...settings.allowHeaders]).join(', ');
    this.#exposeHeaders = lower([...PROTOCOL_RESPONSE_HEADERS, ...settings.exposeHeaders]).join(
      ', ',
    );
  }

  /**
   * The exchange to route: `exchange` itself (no `Origin`, or an origin not allowed), or one
   * whose response carries the CORS headers; `undefined` when this answered it (a preflight).
   */
  screen(exchange: HttpExchange): HttpExchange | undefined {
    const origin = requestHeader(exchange.headers, 'origin');
    const requestedMethod = requestHeader(exchange.headers, 'access-control-request-method');
    if (exchange.method === 'OPTIONS' && requestedMethod !== undefined) {
      this.#preflight(exchange, origin, requestedMethod);
      return undefined;
    }
    if (origin === undefined || !this.#allows(origin)) return exchange;
    return new CorsExchange(exchange, {
      ...this.#originHeaders(origin),
      'access-control-expose-headers': this.#exposeHeaders,
    });
  }

  #preflight(exchange: HttpExchange, origin: string | undefined, method: string): void {
    if (origin === undefined || !this.#allows(origin) || !ALLOWED_METHODS.includes(method)) {
      const why =
        origin === undefined || !this.#allows(origin)
          ? `origin ${JSON.stringify(origin ?? '')} is not allowed`
          : `method ${method} is not allowed (only ${ALLOWED_METHODS.join(', ')})`;
      const body = Buffer.from(`CORS preflight for ${exchange.path} refused: ${why}\n`);
      exchange.respond(403, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': body.length,
        vary: 'origin, access-control-request-method, access-control-request-headers',
      });
      exchange.write(body);
      exchange.end();
      return;
    }
    exchange.respond(204, {
      ...this.#originHeaders(origin),
      'access-control-allow-methods': ALLOWED_METHODS.join(', '),
      'access-control-allow-headers': this.#allowHeaders,
      'access-control-max-age': String(this.#settings.maxAgeSeconds),
      vary: 'origin, access-control-request-method, access-control-request-headers',
    });
    exchange.end();
  }

  #originHeaders(origin: string): OutgoingHttpHeaders {
    const anyOrigin = this.#settings.allowedOrigins === '*' && !this.#settings.allowCredentials;
    return {
      // With credentials the Fetch standard refuses `*`: the origin itself is named.
      'access-control-allow-origin': anyOrigin ? '*' : origin,
      ...(anyOrigin ? {} : { vary: 'origin' }),
      ...(this.#settings.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    };
  }

  #allows(origin: string): boolean {
    const allowed = this.#settings.allowedOrigins;
    if (allowed === '*') return true;
    return allowed.some((rule) =>
      typeof rule === 'string' ? rule === origin : fullMatch(rule, origin),
    );
  }
}

/** Whether `pattern` matches all of `text` (not a part of it: `example.com.evil.net`). */
function fullMatch(pattern: RegExp, text: string): boolean {
  const match = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).exec(text);
  return match !== null && match.index === 0 && match[0].length === text.length;
}
