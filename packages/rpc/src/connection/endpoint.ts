import type { ConnectOptions, ListenOptions } from '@yrpc/protocol';
import { z } from 'zod';

/**
 * Where a server listens or a client connects: TCP `host` and `port`, or a Unix socket `path`,
 * optionally with `tls` (checked in detail by the network layer, whose messages name the option).
 */
export const endpointSchema = z
  .strictObject({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    path: z.string().min(1).optional(),
    tls: z.looseObject({}).optional(),
  })
  .check((context) => {
    const { port, path, host } = context.value;
    if ((port === undefined) === (path === undefined)) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        path: [path === undefined ? 'port' : 'path'],
        message: 'give either port (TCP) or path (Unix socket), not both or neither',
      });
    } else if (path !== undefined && host !== undefined) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        path: ['host'],
        message: 'a Unix socket endpoint (path) takes no host',
      });
    }
  });

/** Where a server listens: `{ host, port }` (port 0 for any free port) or `{ path }`, and `tls`. */
export type ServerEndpoint = Pick<ListenOptions, 'host' | 'port' | 'path' | 'tls'>;

/** Where a client connects: `{ host, port }` or `{ path }`, and `tls` (with `cert`/`key` for mTLS). */
export type ClientEndpoint = Pick<ConnectOptions, 'host' | 'port' | 'path' | 'tls'>;

/** A person-readable form of an endpoint for messages: `127.0.0.1:50051`, `unix:/tmp/s.sock`. */
export function describeEndpoint(endpoint: ServerEndpoint | ClientEndpoint): string {
  const scheme = endpoint.tls === undefined ? '' : 'tls:';
  if (endpoint.path !== undefined) return `${scheme}unix:${endpoint.path}`;
  const host = endpoint.host ?? '127.0.0.1';
  return `${scheme}${host.includes(':') ? `[${host}]` : host}:${endpoint.port ?? 0}`;
}
