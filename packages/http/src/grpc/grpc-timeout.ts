import { RpcError, Status } from '@yrpc/rpc';

/** Milliseconds per `grpc-timeout` unit (gRPC's TimeoutUnit). */
const UNIT_MS: Readonly<Record<string, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1_000,
  m: 1,
  u: 1e-3,
  n: 1e-6,
};

/** TimeoutValue is "a positive integer as ASCII string of at most 8 digits". */
const TIMEOUT = /^(\d{1,8})([HMSmun])$/;

/** The largest TimeoutValue: 8 digits. */
const MAX_VALUE = 99_999_999;

/**
 * The milliseconds a `grpc-timeout` header gives (`100m`, `5S`, `1H`); may be fractional (`500u`)
 * and may be 0 (a deadline already passed: grpc-js then sends `0m`).
 * @throws RpcError `INVALID_ARGUMENT` for a value the specification does not allow (no unit, more
 * than 8 digits, a sign, a fraction, spaces): a deadline the server cannot read would otherwise
 * become no deadline at all.
 */
export function parseGrpcTimeout(value: string): number {
  const match = TIMEOUT.exec(value);
  if (match === null) {
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      `malformed grpc-timeout ${JSON.stringify(value)}: expected 1 to 8 digits and a unit (H, M, S, m, u, n)`,
    );
  }
  return Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
}

/**
 * `ms` as a `grpc-timeout` value: the finest unit whose value fits the 8 digits, rounded up (a
 * deadline is never made shorter). A timeout ≤ 0 is `0n` (already passed).
 */
export function formatGrpcTimeout(ms: number): string {
  if (!(ms > 0)) return '0n';
  for (const unit of ['n', 'u', 'm', 'S', 'M', 'H'] as const) {
    // Rounding guards float noise: 0.3 ms is 300000n, not 300001n.
    const scaled = ms / (UNIT_MS[unit] ?? 1);
    const value = Math.ceil(scaled - scaled * Number.EPSILON * 4);
    if (value <= MAX_VALUE) return `${Math.max(value, 1)}${unit}`;
  }
  return `${MAX_VALUE}H`;
}
