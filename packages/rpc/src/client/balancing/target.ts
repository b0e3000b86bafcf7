import { InvalidOptionError } from '../../invalid-option-error.js';
import type { ResolvedAddress } from './resolver.js';

/** A target string, read: the addresses it names, or the DNS name to resolve. */
export type ParsedTarget =
  | { readonly scheme: 'address' | 'static'; readonly addresses: readonly ResolvedAddress[] }
  | {
      readonly scheme: 'dns';
      readonly host: string;
      /** Unset: only with SRV records, which carry the ports. */
      readonly port: number | undefined;
      /** The DNS server of `dns://server:port/name:port`; unset: the system's servers. */
      readonly server: string | undefined;
    };

/**
 * Reads a target: `host:port` or `[v6]:port` (one address), `unix:PATH` or `unix:///PATH`,
 * `dns:///name:port` (or `dns://dnsserver:53/name:port`), `static:///h1:p1,h2:p2`. Throws an
 * {@link InvalidOptionError} for the option `target` saying what is wrong.
 */
export function parseTarget(target: string): ParsedTarget {
  const bad = (why: string): InvalidOptionError =>
    new InvalidOptionError(
      'target',
      `ClientPool option target: ${why} (got ${JSON.stringify(target)})`,
    );
  if (target.startsWith('unix:')) {
    const path = target.startsWith('unix://') ? target.slice('unix://'.length) : target.slice(5);
    if (path === '') throw bad('unix: needs a socket path');
    return { scheme: 'address', addresses: [{ path }] };
  }
  if (target.startsWith('dns:')) {
    const match = /^dns:\/\/([^/]*)\/(.+)$/.exec(target);
    if (match === null) throw bad('write dns:///name:port (or dns://dnsserver/name:port)');
    const [, server, name] = match as unknown as [string, string, string];
    const split = splitHostPort(name, true);
    if (typeof split === 'string') throw bad(split);
    return { scheme: 'dns', host: split.host, port: split.port, server: server || undefined };
  }
  if (target.startsWith('static:')) {
    if (!target.startsWith('static:///')) throw bad('write static:///host1:port1,host2:port2');
    const addresses: ResolvedAddress[] = [];
    for (const part of target.slice('static:///'.length).split(',')) {
      const split = splitHostPort(part.trim(), false);
      if (typeof split === 'string') throw bad(split);
      addresses.push({ host: split.host, port: split.port });
    }
    return { scheme: 'static', addresses };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw bad('unknown scheme: use host:port, unix:, dns: or static:, or give a resolver');
  }
  const split = splitHostPort(target, false);
  if (typeof split === 'string') throw bad(split);
  return { scheme: 'address', addresses: [{ host: split.host, port: split.port }] };
}

/** `host:port` or `[v6]:port` into its parts, or what is wrong with it. */
function splitHostPort(
  text: string,
  portOptional: true,
): { host: string; port: number | undefined } | string;
function splitHostPort(text: string, portOptional: false): { host: string; port: number } | string;
function splitHostPort(
  text: string,
  portOptional: boolean,
): { host: string; port: number | undefined } | string {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text);
  if (match === null) return `${JSON.stringify(text)} is not host:port or [ipv6]:port`;
  const host = (match[1] ?? match[2]) as string;
  if (match[3] === undefined) {
    return portOptional ? { host, port: undefined } : `${JSON.stringify(text)} has no port`;
  }
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return `port ${match[3]} is not within 1..65535`;
  return { host, port };
}
