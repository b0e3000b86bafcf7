import { z } from 'zod';
import { tlsOptionsSchema } from './tls-options.js';

/**
 * Where a server listens or a client connects: TCP `host` and `port`, or a Unix socket `path`,
 * optionally with `tls`.
 */
export const endpointSchema = z
  .strictObject({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    path: z.string().min(1).optional(),
    tls: tlsOptionsSchema.optional(),
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

/** A TCP or Unix socket endpoint, optionally with TLS; see {@link endpointSchema}. */
export type Endpoint = z.input<typeof endpointSchema>;

/** A person-readable form of an endpoint for messages: `127.0.0.1:50051`, `unix:/tmp/s.sock`. */
export function describeEndpoint(endpoint: Endpoint): string {
  const scheme = endpoint.tls === undefined ? '' : 'tls:';
  if (endpoint.path !== undefined) return `${scheme}unix:${endpoint.path}`;
  const host = endpoint.host ?? 'localhost';
  return `${scheme}${host.includes(':') ? `[${host}]` : host}:${endpoint.port ?? 0}`;
}
