import { MessageConversionError } from './message-conversion-error.js';
import { describeValue } from './value-description.js';

const TWO_TO_32 = 4_294_967_296;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const DECIMAL = /^-?(?:0|[1-9][0-9]*)$/;

/** The 64 bits protobufjs' writer takes for an integer that a `number` cannot hold exactly. */
export interface LongBits {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
}

/** Whether a 64-bit integer type is unsigned (`uint64`, `fixed64`). */
export function isUnsigned64(type: string): boolean {
  return type === 'uint64' || type === 'fixed64';
}

/**
 * A 64-bit integer given as a bigint, a safe-integer number, a decimal string or a `Long`, in
 * the form protobufjs' writer encodes exactly: a number when it is safe, its bits otherwise.
 * Anything else, or a value out of range, is a {@link MessageConversionError} at `path`.
 */
export function toInt64Input(value: unknown, type: string, path: string): number | LongBits {
  const unsigned = isUnsigned64(type);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      const why = Number.isInteger(value)
        ? 'is not a safe integer (pass a bigint or a decimal string)'
        : 'is not an integer';
      throw new MessageConversionError(
        path,
        `expected ${type}, got ${describeValue(value)}: it ${why}`,
      );
    }
    if (unsigned && value < 0) {
      throw new MessageConversionError(
        path,
        `expected ${type}, got ${describeValue(value)}: it is negative`,
      );
    }
    return value;
  }
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) big = BigInt(value);
  else if (isLong(value)) big = longToBigInt(value);
  else throw new MessageConversionError(path, `expected ${type}, got ${describeValue(value)}`);
  if (unsigned ? big < 0n || big > UINT64_MAX : big < INT64_MIN || big > INT64_MAX) {
    throw new MessageConversionError(
      path,
      `expected ${type}, got ${describeValue(value)}: out of range`,
    );
  }
  if (big >= -9_007_199_254_740_991n && big <= 9_007_199_254_740_991n) return Number(big);
  const bits = BigInt.asUintN(64, big);
  return {
    low: Number(bits & 0xffff_ffffn) | 0,
    high: Number(bits >> 32n) | 0,
    unsigned,
  };
}

/** A `long.js` Long (what protobufjs decodes 64-bit integers to): low and high 32 bits. */
export interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned?: boolean;
}

/** Whether `value` is a Long (or any `{ low, high }` of two 32-bit integers). */
export function isLong(value: unknown): value is LongLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LongLike).low === 'number' &&
    typeof (value as LongLike).high === 'number'
  );
}

/** The bigint a Long holds; its `unsigned` flag says how to read the high bit. */
export function longToBigInt(value: LongLike): bigint {
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return value.unsigned === true ? bits : BigInt.asIntN(64, bits);
}

/** A decoded 64-bit value (a Long, or a number) as a bigint, read as `type` says. */
export function int64ToBigInt(value: LongLike | number, type: string): bigint {
  if (typeof value === 'number') return BigInt(value);
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return isUnsigned64(type) ? bits : BigInt.asIntN(64, bits);
}

/**
 * A decoded 64-bit value as `longs` asks: a bigint, a decimal string, or a number when it is a
 * safe integer (a bigint when it is not).
 */
export function int64Output(
  value: LongLike | number,
  type: string,
  longs: 'bigint' | 'string' | 'number',
): bigint | string | number {
  if (longs === 'number') {
    if (typeof value === 'number') return value;
    const high = isUnsigned64(type) ? value.high >>> 0 : value.high | 0;
    const exact = high * TWO_TO_32 + (value.low >>> 0);
    if (Number.isSafeInteger(exact)) return exact;
    return int64ToBigInt(value, type);
  }
  const big = int64ToBigInt(value, type);
  return longs === 'bigint' ? big : big.toString();
}
