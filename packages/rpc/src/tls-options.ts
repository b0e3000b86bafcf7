import { z } from 'zod';

const pem = z.union([z.string().min(1), z.instanceof(Uint8Array)]);

/**
 * TLS settings of a server or client: PEM key and certificate, the CA to verify the peer
 * against, and for a server whether to ask for client certificates (mutual TLS).
 */
export const tlsOptionsSchema = z.strictObject({
  key: pem.optional(),
  cert: pem.optional(),
  ca: z.union([pem, z.array(pem)]).optional(),
  requestCert: z.boolean().optional(),
  rejectUnauthorized: z.boolean().optional(),
  servername: z.string().optional(),
});

/** TLS settings; see {@link tlsOptionsSchema}. */
export type TlsOptions = z.input<typeof tlsOptionsSchema>;
