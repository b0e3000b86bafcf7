import { z } from 'zod';

/**
 * Options of `httpProtocols({ cors })`: which web pages (origins) may call the server from a
 * browser over gRPC-Web and Connect, and what their scripts may send and read.
 */
export const corsOptionsSchema = z.strictObject({
  /**
   * The origins allowed (`https://app.example.com`, scheme, host and port as the browser sends
   * them in `Origin`), regular expressions matched against the whole origin, or `'*'` for any.
   */
  allowedOrigins: z.union([
    z.literal('*'),
    z.array(z.union([z.string().min(1), z.instanceof(RegExp)])).min(1),
  ]),
  /** Let pages send cookies and HTTP authentication (`Access-Control-Allow-Credentials`). */
  allowCredentials: z.boolean().default(false),
  /**
   * Request headers a page may send besides the protocols' own (`content-type`,
   * `connect-protocol-version`, `connect-timeout-ms`, `grpc-timeout`, `x-grpc-web`,
   * `x-user-agent` ...): the call metadata keys the application uses.
   */
  allowHeaders: z.array(z.string().min(1)).default([]),
  /**
   * Response headers a page may read besides `grpc-status`, `grpc-message` and
   * `grpc-status-details-bin`: the response metadata keys (for Connect unary calls, trailers
   * travel as `trailer-<key>` headers).
   */
  exposeHeaders: z.array(z.string().min(1)).default([]),
  /** How long (s) a browser may keep a preflight's answer. Default 7200. */
  maxAgeSeconds: z.number().int().min(0).max(86_400).default(7200),
});

/** Options of CORS, as given; see {@link corsOptionsSchema}. */
export type CorsOptions = z.input<typeof corsOptionsSchema>;

/** Options of CORS, checked and with their defaults. */
export type CorsSettings = z.output<typeof corsOptionsSchema>;
