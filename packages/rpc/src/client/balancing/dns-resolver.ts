import { Resolver as NodeDnsResolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ResolvedAddress, Resolver, ResolverListener } from './resolver.js';
import { ResolverError } from './resolver-error.js';

/** How a {@link DnsResolver} resolves and how often. */
export interface DnsResolverSettings {
  /** The name to resolve (or, with `srv`, the SRV name such as `_grpc._tcp.svc.local`). */
  readonly host: string;
  /** The port of every A/AAAA address; unset only with `srv`. */
  readonly port: number | undefined;
  /** Ask for SRV records and resolve their targets (their ports replace `port`). */
  readonly srv: boolean;
  /** DNS servers (`ip` or `ip:port`); empty: the system's. */
  readonly servers: readonly string[];
  /** Resolve again this often, in ms. */
  readonly refreshIntervalMs: number;
  /** At least this long between two resolutions, in ms (`resolveNow` waits for it). */
  readonly minResolveIntervalMs: number;
  /** The target as written, for messages. */
  readonly target: string;
}

/**
 * Resolves a DNS name to its A and AAAA addresses (or its SRV records' targets), again every
 * `refreshIntervalMs` and whenever the pool asks (a connection dropped), at most once per
 * `minResolveIntervalMs`. An IP address is its own answer, never looked up.
 */
export class DnsResolver implements Resolver {
  readonly #settings: DnsResolverSettings;
  readonly #dns: NodeDnsResolver;
  #listener: ResolverListener | undefined;
  #refresh: NodeJS.Timeout | undefined;
  #soon: NodeJS.Timeout | undefined;
  #resolving = false;
  #again = false;
  #last = 0;
  #closed = false;

  constructor(settings: DnsResolverSettings) {
    this.#settings = settings;
    this.#dns = new NodeDnsResolver({ timeout: 2000, tries: 2 });
    if (settings.servers.length > 0) this.#dns.setServers([...settings.servers]);
  }

  start(listener: ResolverListener): void {
    this.#listener = listener;
    const { host, port } = this.#settings;
    if (isIP(host) !== 0 && !this.#settings.srv) {
      listener.addresses([{ host, port: port as number }]);
      return;
    }
    this.#resolve();
    this.#refresh = setInterval(() => this.resolveNow(), this.#settings.refreshIntervalMs);
    this.#refresh.unref();
  }

  resolveNow(): void {
    if (this.#closed || this.#listener === undefined || this.#refresh === undefined) return;
    if (this.#resolving) {
      this.#again = true;
      return;
    }
    if (this.#soon !== undefined) return;
    const wait = this.#last + this.#settings.minResolveIntervalMs - Date.now();
    if (wait <= 0) {
      this.#resolve();
      return;
    }
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      this.resolveNow();
    }, wait);
    this.#soon.unref();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#refresh);
    clearTimeout(this.#soon);
    this.#dns.cancel();
  }

  #resolve(): void {
    this.#resolving = true;
    this.#last = Date.now();
    this.#lookUp()
      .then(
        (addresses) => {
          if (this.#closed) return;
          if (addresses.length === 0) {
            this.#listener?.error(
              new ResolverError(this.#settings.target, 'DNS answered with no address'),
            );
          } else {
            this.#listener?.addresses(addresses);
          }
        },
        (error: unknown) => {
          if (this.#closed) return;
          this.#listener?.error(
            new ResolverError(
              this.#settings.target,
              `DNS resolution failed: ${(error as Error).message}`,
              { cause: error },
            ),
          );
        },
      )
      .finally(() => {
        this.#resolving = false;
        if (this.#again) {
          this.#again = false;
          this.resolveNow();
        }
      });
  }

  async #lookUp(): Promise<ResolvedAddress[]> {
    const { host, port, srv } = this.#settings;
    if (!srv) return await this.#addressesOf(host, port as number);
    const records = await this.#dns.resolveSrv(host);
    records.sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    const lists = await Promise.all(
      records.map((record) =>
        isIP(record.name) !== 0
          ? [{ host: record.name, port: record.port }]
          : this.#addressesOf(record.name, record.port).catch(() => []),
      ),
    );
    return lists.flat();
  }

  /** A and AAAA answers for `host`; fails only when both queries failed. */
  async #addressesOf(host: string, port: number): Promise<ResolvedAddress[]> {
    const [v4, v6] = await Promise.allSettled([this.#dns.resolve4(host), this.#dns.resolve6(host)]);
    if (v4.status === 'rejected' && v6.status === 'rejected') {
      // A name with no record of either kind is an empty answer (reported as such), not a failure.
      const v4Code = (v4.reason as NodeJS.ErrnoException).code;
      if (v4Code !== 'ENODATA') throw v4.reason;
      if ((v6.reason as NodeJS.ErrnoException).code !== 'ENODATA') throw v6.reason;
      return [];
    }
    const ips = [
      ...(v4.status === 'fulfilled' ? v4.value : []),
      ...(v6.status === 'fulfilled' ? v6.value : []),
    ];
    return ips.map((ip) => ({ host: ip, port }));
  }
}
