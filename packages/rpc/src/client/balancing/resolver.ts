import type { ClientEndpoint } from '../../connection/endpoint.js';

/** One address a resolver found: `{ host, port }` or `{ path }` (a pool adds its `tls`). */
export type ResolvedAddress = Pick<ClientEndpoint, 'host' | 'port' | 'path'>;

/** Where a {@link Resolver} hands its answers. */
export interface ResolverListener {
  /** The complete list of addresses now (not a change): the pool adds and removes to match it. */
  addresses(addresses: readonly ResolvedAddress[]): void;
  /** Resolution failed; the pool keeps the addresses it has and fails or holds calls if none. */
  error(error: Error): void;
}

/**
 * Turns a target into addresses for a {@link ClientPool}, and keeps them current. The pool calls
 * `start` once, `resolveNow` whenever one of its connections drops or is told to go away (a hint:
 * a resolver may ignore it or rate-limit it), and `close` when it closes. A resolver that watches
 * something (DNS on a timer, a Kubernetes EndpointSlice) calls `listener.addresses` again each
 * time the list changes.
 */
export interface Resolver {
  start(listener: ResolverListener): void;
  resolveNow(): void;
  close(): void;
}

/** Addresses that never change (`static:///h1:p1,h2:p2`, `host:port`, `{ host, port }`). */
export class StaticResolver implements Resolver {
  readonly #addresses: readonly ResolvedAddress[];

  constructor(addresses: readonly ResolvedAddress[]) {
    this.#addresses = addresses;
  }

  start(listener: ResolverListener): void {
    listener.addresses(this.#addresses);
  }

  resolveNow(): void {}

  close(): void {}
}

/** A key naming an address: `127.0.0.1:50051`, `[::1]:50051`, `unix:/tmp/s.sock`. */
export function addressKey(address: ResolvedAddress): string {
  if (address.path !== undefined) return `unix:${address.path}`;
  const host = address.host ?? '127.0.0.1';
  return `${host.includes(':') ? `[${host}]` : host}:${address.port ?? 0}`;
}
