import { Status } from '@yrpc/rpc';
import { CliError } from './cli-error.js';

/** A `host` and `port`, as the commands' addresses give them. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * `HOST:PORT` (`[v6]:PORT` too) as `what` (an argument or a flag) gives it.
 * @throws CliError INVALID_ARGUMENT naming `what`.
 */
export function hostPort(what: string, value: string): HostPort {
  const match = /^(.*):(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (match === null || match[1] === undefined || match[1] === '' || port > 65535) {
    throw new CliError(Status.INVALID_ARGUMENT, `${what} ${value} is not HOST:PORT`);
  }
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/** `host:port` as people write it (`[::1]:port` for IPv6). */
export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Commander's collector of a repeatable option. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
