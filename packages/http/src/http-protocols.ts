import {
  type CallGateway,
  DEFAULT_COMPRESSION_THRESHOLD,
  parseOptions,
  type ServerProtocolFactory,
} from '@yrpc/rpc';
import { z } from 'zod';
import { ConnectHandler } from './connect/connect-handler.js';
import { corsOptionsSchema } from './cors/cors-options.js';
import { CorsPolicy } from './cors/cors-policy.js';
import type { ProtocolHandlers } from './exchange/exchange-router.js';
import { GrpcHandler } from './grpc/grpc-handler.js';
import { GrpcWebHandler } from './grpc-web/grpc-web-handler.js';
import { HttpServerProtocol, type HttpServerSettings } from './http-server-protocol.js';

/** Options of {@link httpProtocols}. */
export const httpProtocolsOptionsSchema = z.strictObject({
  /** Serve gRPC (HTTP/2, `application/grpc`). Default true. */
  grpc: z.boolean().default(true),
  /** Serve gRPC-Web, binary and text (HTTP/1.1 and HTTP/2). Default true. */
  grpcWeb: z.boolean().default(true),
  /** Serve the Connect protocol (JSON and binary, unary and streaming, GET). Default true. */
  connect: z.boolean().default(true),
  /**
   * Compress responses with gzip when the client accepts it (each protocol negotiates it its own
   * way); `identity` (the default) sends them uncompressed. Requests are read compressed or not.
   */
  sendCompression: z.enum(['gzip', 'identity']).default('identity'),
  /** Responses smaller than this many bytes are sent uncompressed: gzip would not pay. */
  compressMinBytes: z.number().int().min(0).default(DEFAULT_COMPRESSION_THRESHOLD),
  /** Streams one HTTP/2 connection may have open at once. Default 1000. */
  maxConcurrentStreams: z.number().int().min(1).max(0x7fff_ffff).default(1000),
  /** How long (ms) an HTTP/1.1 connection may stay idle between requests. Default 5000. */
  keepAliveTimeoutMs: z.number().int().min(0).max(0x7fff_ffff).default(5000),
  /**
   * An HTTP/2 connection with no call running and no frame for this long (ms) is closed (also
   * one whose peer broke HTTP/2 and was sent a GOAWAY); 0: never. Default 300000.
   */
  idleTimeoutMs: z.number().int().min(0).max(0x7fff_ffff).default(300_000),
  /**
   * Let web pages of other origins call over gRPC-Web and Connect (CORS: preflights answered,
   * `Access-Control-*` headers on allowed calls); see {@link corsOptionsSchema}. Default: none.
   */
  cors: corsOptionsSchema.optional(),
});

/** Options of {@link httpProtocols}, as given; see {@link httpProtocolsOptionsSchema}. */
export type HttpProtocolsOptions = z.input<typeof httpProtocolsOptionsSchema>;

/**
 * gRPC, gRPC-Web and Connect for a yrpc `Server`, on the same port as the yrpc protocol:
 * `new Server({ protocols: [httpProtocols()] })`. The server's services, interceptors, deadlines,
 * limits and status codes serve all of them.
 */
export function httpProtocols(options: HttpProtocolsOptions = {}): ServerProtocolFactory {
  const parsed = parseOptions(httpProtocolsOptionsSchema, options, 'httpProtocols');
  const compression = {
    sendCompression: parsed.sendCompression,
    compressMinBytes: parsed.compressMinBytes,
  };
  return httpProtocolWith(
    (gateway) => ({
      grpc: parsed.grpc ? new GrpcHandler(gateway, compression) : undefined,
      grpcWeb: parsed.grpcWeb ? new GrpcWebHandler(gateway, compression) : undefined,
      connect: parsed.connect ? new ConnectHandler(gateway, compression) : undefined,
    }),
    {
      maxConcurrentStreams: parsed.maxConcurrentStreams,
      keepAliveTimeoutMs: parsed.keepAliveTimeoutMs,
      idleTimeoutMs: parsed.idleTimeoutMs,
      cors: parsed.cors === undefined ? undefined : new CorsPolicy(parsed.cors),
    },
  );
}

/**
 * A {@link ServerProtocolFactory} serving HTTP with the handlers `makeHandlers` builds for the
 * server's gateway: the seam the protocol handlers are plugged in at.
 */
export function httpProtocolWith(
  makeHandlers: (gateway: CallGateway) => ProtocolHandlers,
  settings: HttpServerSettings,
): ServerProtocolFactory {
  return (gateway) => new HttpServerProtocol(gateway, makeHandlers(gateway), settings);
}
