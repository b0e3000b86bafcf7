import { toInt64Input } from './int64.js';
import { MessageConversionError } from './message-conversion-error.js';
import { describeValue } from './value-description.js';

/** The largest finite float32. */
export const FLOAT_MAX = 3.4028234663852886e38;

/**
 * A scalar field's value in the form protobufjs encodes exactly, or a
 * {@link MessageConversionError} at `path` naming what was expected and what was given. Only
 * forms that keep the value are taken: a bigint or a decimal string for 64-bit integers, a
 * `Uint8Array` (or `ArrayBuffer`) for bytes; never a number for a string or a string for a bool.
 */
export function convertScalar(type: string, value: unknown, path: string): unknown {
  switch (type) {
    case 'double':
      if (typeof value === 'number') return value;
      break;
    case 'float':
      if (typeof value === 'number') {
        if (Math.abs(value) > FLOAT_MAX && Number.isFinite(value)) {
          throw new MessageConversionError(
            path,
            `expected float, got ${describeValue(value)}: out of range`,
          );
        }
        return value;
      }
      break;
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return toInt32(type, value, path, -2_147_483_648, 2_147_483_647);
    case 'uint32':
    case 'fixed32':
      return toInt32(type, value, path, 0, 4_294_967_295);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return toInt64Input(value, type, path);
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'bytes':
      if (value instanceof Uint8Array) return value;
      if (value instanceof ArrayBuffer) return new Uint8Array(value);
      break;
  }
  throw new MessageConversionError(path, `expected ${type}, got ${describeValue(value)}`);
}

function toInt32(type: string, value: unknown, path: string, min: number, max: number): number {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'bigint' && value >= BigInt(min) && value <= BigInt(max)) {
    number = Number(value);
  } else {
    throw new MessageConversionError(
      path,
      `expected ${type}, got ${describeValue(value)}${typeof value === 'bigint' ? ': out of range' : ''}`,
    );
  }
  if (!Number.isInteger(number)) {
    throw new MessageConversionError(
      path,
      `expected ${type}, got ${describeValue(value)}: not an integer`,
    );
  }
  if (number < min || number > max) {
    throw new MessageConversionError(
      path,
      `expected ${type}, got ${describeValue(value)}: out of range`,
    );
  }
  return number;
}

/**
 * JavaScript source of a test that `value` (a variable name) already is in the form protobufjs
 * encodes exactly for scalar `type`: what a conversion would return unchanged.
 */
export function nativeScalarCheck(type: string, value: string): string {
  switch (type) {
    case 'double':
      return `typeof ${value}==="number"`;
    case 'float':
      return `typeof ${value}==="number"&&!(Math.abs(${value})>${FLOAT_MAX}&&Math.abs(${value})!==Infinity)`;
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return `typeof ${value}==="number"&&(${value}|0)===${value}`;
    case 'uint32':
    case 'fixed32':
      return `typeof ${value}==="number"&&${value}>>>0===${value}`;
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return `Number.isSafeInteger(${value})`;
    case 'uint64':
    case 'fixed64':
      return `Number.isSafeInteger(${value})&&${value}>=0`;
    case 'bool':
      return `typeof ${value}==="boolean"`;
    case 'string':
      return `typeof ${value}==="string"`;
    case 'bytes':
      return `${value} instanceof Uint8Array`;
    default:
      return 'false';
  }
}
