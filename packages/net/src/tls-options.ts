import { lazySchema, type Zod } from './parse-options.js';

/** The value schemas both TLS option schemas use. */
function tlsValues(z: Zod) {
  const pem = z.union([z.string(), z.instanceof(Uint8Array)]);
  return { pems: z.union([pem, z.array(pem)]), tlsVersion: z.enum(['TLSv1.2', 'TLSv1.3']) };
}

/** Zod schema of {@link TlsClientOptions}, built on first use. */
export const tlsClientOptionsSchema = lazySchema((z) => {
  const { pems, tlsVersion } = tlsValues(z);
  return z.strictObject({
    ca: pems.optional(),
    cert: pems.optional(),
    key: pems.optional(),
    passphrase: z.string().optional(),
    servername: z.string().optional(),
    rejectUnauthorized: z.boolean().optional(),
    minVersion: tlsVersion.optional(),
    maxVersion: tlsVersion.optional(),
    alpnProtocols: z.array(z.string().min(1).max(255)).optional(),
  });
});

/** Zod schema of {@link TlsServerOptions}, built on first use. */
export const tlsServerOptionsSchema = lazySchema((z) => {
  const { pems, tlsVersion } = tlsValues(z);
  return z.strictObject({
    key: pems,
    cert: pems,
    ca: pems.optional(),
    passphrase: z.string().optional(),
    requestCert: z.boolean().optional(),
    rejectUnauthorized: z.boolean().optional(),
    minVersion: tlsVersion.optional(),
    maxVersion: tlsVersion.optional(),
    handshakeTimeoutMs: z.number().positive().optional(),
    alpnProtocols: z.array(z.string().min(1).max(255)).optional(),
  });
});

/** TLS settings of a client (see `tls.connect`): trust (`ca`), client certificate for mTLS. */
export interface TlsClientOptions {
  /** Certificate authorities to trust instead of the system's. */
  readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Client certificate chain (PEM), for mutual TLS. */
  readonly cert?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Client private key (PEM), for mutual TLS. */
  readonly key?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Passphrase of the key. */
  readonly passphrase?: string;
  /** Server name for SNI and certificate checks; default the host. */
  readonly servername?: string;
  /** Refuse servers whose certificate does not verify. Default true. */
  readonly rejectUnauthorized?: boolean;
  /** Lowest TLS version accepted. */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Highest TLS version offered. */
  readonly maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Application protocols offered in ALPN, most preferred first (`yrpc`, `h2`). */
  readonly alpnProtocols?: readonly string[];
}

/** TLS settings of a {@link Listener} (see `tls.createServer`); `requestCert` + `ca` for mTLS. */
export interface TlsServerOptions {
  /** Server private key (PEM). */
  readonly key: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Server certificate chain (PEM). */
  readonly cert: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Certificate authorities trusted for client certificates. */
  readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Passphrase of the key. */
  readonly passphrase?: string;
  /** Ask clients for a certificate (mutual TLS). Default false. */
  readonly requestCert?: boolean;
  /** With `requestCert`, refuse clients without a certificate that verifies. Default true. */
  readonly rejectUnauthorized?: boolean;
  /** Lowest TLS version accepted. */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Highest TLS version accepted. */
  readonly maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Limit of a client's handshake. Default 10000 ms. */
  readonly handshakeTimeoutMs?: number;
  /**
   * Application protocols served, most preferred first; a client offering ALPN ids none of which
   * is here is refused in the handshake, one offering none is served.
   */
  readonly alpnProtocols?: readonly string[];
}
