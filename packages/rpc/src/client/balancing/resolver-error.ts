const brand = Symbol.for('@yrpc/rpc/ResolverError');

/**
 * A resolver could not turn its target into addresses (a DNS failure, an empty answer). A pool's
 * calls that find no address fail with UNAVAILABLE whose `cause` is this error.
 */
export class ResolverError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'RESOLVER_FAILED' as const;
  /** The target being resolved, e.g. `dns:///svc.local:50051`. */
  readonly target: string;

  constructor(target: string, message: string, options?: { cause?: unknown }) {
    super(`${target}: ${message}`, options);
    this.name = 'ResolverError';
    this.target = target;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for a `ResolverError` from any installed copy of this package. */
  static is(value: unknown): value is ResolverError {
    return typeof value === 'object' && value !== null && brand in value;
  }
}
