import { connectTransport, grpcTransport } from '@yrpc/http';
import { Client, type ClientEndpoint, Status } from '@yrpc/rpc';
import { CliError } from './cli-error.js';
import { readFlagFile } from './flag-file.js';
import { hostPort } from './host-port.js';

/** The options every command that talks to a server shares. */
export interface ConnectionOptions {
  readonly protocol: string;
  readonly timeout?: string | undefined;
  readonly header?: readonly string[] | undefined;
  readonly tls?: boolean | undefined;
  readonly cacert?: string | undefined;
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  readonly servername?: string | undefined;
  readonly insecure?: boolean | undefined;
}

/** A Client for `address` (`host:port`) speaking the protocol the flags chose. */
export function connect(address: string, options: ConnectionOptions): Client {
  const tls = tlsOptions(options);
  const endpoint = { ...hostPort('address', address), ...(tls === undefined ? {} : { tls }) };
  switch (options.protocol) {
    case 'yrpc':
      return new Client(endpoint);
    case 'grpc':
      return new Client(endpoint, { transport: grpcTransport() });
    case 'connect':
      return new Client(endpoint, { transport: connectTransport() });
    default:
      throw new CliError(
        Status.INVALID_ARGUMENT,
        `--protocol ${options.protocol} is not one of yrpc, grpc, connect`,
      );
  }
}

/** The TLS settings the flags ask for; undefined for plaintext (no TLS flag given). */
export function tlsOptions(options: ConnectionOptions): ClientTlsOptions | undefined {
  const wanted =
    options.tls === true ||
    options.insecure === true ||
    [options.cacert, options.cert, options.key, options.servername].some((v) => v !== undefined);
  if (!wanted) return undefined;
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new CliError(
      Status.INVALID_ARGUMENT,
      '--cert and --key go together (the client certificate and its private key)',
    );
  }
  return {
    ...(options.cacert === undefined ? {} : { ca: readFlagFile('--cacert', options.cacert) }),
    ...(options.cert === undefined ? {} : { cert: readFlagFile('--cert', options.cert) }),
    ...(options.key === undefined ? {} : { key: readFlagFile('--key', options.key) }),
    ...(options.servername === undefined ? {} : { servername: options.servername }),
    ...(options.insecure === true ? { rejectUnauthorized: false } : {}),
  };
}

/** TLS settings of a client endpoint, as the Client takes them. */
export type ClientTlsOptions = NonNullable<ClientEndpoint['tls']>;

/** `--timeout MS` and `-H key:value` as call options. */
export function callOptions(options: ConnectionOptions): {
  timeoutMs?: number;
  metadata: Record<string, string>;
} {
  const metadata: Record<string, string> = {};
  for (const header of options.header ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) {
      throw new CliError(Status.INVALID_ARGUMENT, `-H ${header} is not key:value`);
    }
    metadata[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }
  if (options.timeout === undefined) return { metadata };
  const timeoutMs = Number(options.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new CliError(
      Status.INVALID_ARGUMENT,
      `--timeout ${options.timeout} is not a positive number of milliseconds`,
    );
  }
  return { timeoutMs, metadata };
}
