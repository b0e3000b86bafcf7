import { MessageConversionError } from './message-conversion-error.js';
import { WRAPPED_SCALAR } from './message-field.js';
import { PreciseDate } from './precise-date.js';
import { convertScalar } from './scalar-input.js';
import { describeValue } from './value-description.js';

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range a Timestamp may hold. */
const MIN_TIMESTAMP_SECONDS = -62_135_596_800;
const MAX_TIMESTAMP_SECONDS = 253_402_300_799;

/** A `Date` as the fields of a Timestamp; an invalid Date or one out of range is an error. */
export function timestampFromDate(date: Date, path: string): { seconds: number; nanos: number } {
  if (Number.isNaN(date.getTime())) {
    throw new MessageConversionError(path, 'expected a Timestamp, got an invalid Date');
  }
  const timestamp = PreciseDate.toTimestamp(date);
  if (timestamp.seconds < MIN_TIMESTAMP_SECONDS || timestamp.seconds > MAX_TIMESTAMP_SECONDS) {
    throw new MessageConversionError(
      path,
      `expected a Timestamp, got a Date outside years 1 to 9999 (${date.toISOString()})`,
    );
  }
  return timestamp;
}

const DURATION_TEXT = /^(-)?([0-9]+)(?:\.([0-9]{1,9}))?s$/;
const MAX_DURATION_SECONDS = 315_576_000_000;

/** `"1.5s"` or `"-0.000001s"` (the proto3 JSON form) as the fields of a Duration. */
export function durationFromText(text: string, path: string): { seconds: number; nanos: number } {
  const match = DURATION_TEXT.exec(text);
  const seconds = match === null ? Number.NaN : Number(match[2]);
  if (match === null || seconds > MAX_DURATION_SECONDS) {
    throw new MessageConversionError(
      path,
      `expected a Duration such as "1.5s" or { seconds, nanos }, got ${describeValue(text)}`,
    );
  }
  const nanos = Number((match[3] ?? '').padEnd(9, '0'));
  const sign = match[1] === '-' ? -1 : 1;
  return { seconds: sign * seconds || 0, nanos: sign * nanos || 0 };
}

/** The fields of a `google.protobuf.Value` holding `json`; what JSON cannot hold is an error. */
export function valueFromJson(json: unknown, path: string): object {
  if (json === null) return { nullValue: 0 };
  switch (typeof json) {
    case 'number':
      return { numberValue: json };
    case 'string':
      return { stringValue: json };
    case 'boolean':
      return { boolValue: json };
    case 'object':
      if (Array.isArray(json)) return { listValue: listFromJson(json, path) };
      if (isPlainObject(json)) return { structValue: structFromJson(json, path) };
      break;
  }
  throw new MessageConversionError(
    path,
    `expected a JSON value (null, a number, a string, a boolean, an array or a plain object), got ${describeValue(json)}`,
  );
}

/** The fields of a `google.protobuf.Struct` holding the plain object `json`. */
export function structFromJson(json: unknown, path: string): { fields: Record<string, object> } {
  if (!isPlainObject(json)) {
    throw new MessageConversionError(
      path,
      `expected a Struct (a plain JSON object), got ${describeValue(json)}`,
    );
  }
  const fields: Record<string, object> = Object.create(null);
  for (const key of Object.keys(json)) {
    fields[key] = valueFromJson((json as Record<string, unknown>)[key], `${path}${keyPath(key)}`);
  }
  return { fields };
}

/** The fields of a `google.protobuf.ListValue` holding the array `json`. */
export function listFromJson(json: unknown, path: string): { values: object[] } {
  if (!Array.isArray(json)) {
    throw new MessageConversionError(
      path,
      `expected a ListValue (an array), got ${describeValue(json)}`,
    );
  }
  return { values: json.map((item, index) => valueFromJson(item, `${path}[${index}]`)) };
}

/** The fields of wrapper type `wrapper` (`Int64Value`, ...) around the plain value `value`. */
export function wrapperFromValue(
  wrapper: string,
  value: unknown,
  path: string,
): { value: unknown } {
  return { value: convertScalar(WRAPPED_SCALAR[wrapper] as string, value, path) };
}

/** How a map key or Struct key appears in a field path: `["env"]`. */
export function keyPath(key: string): string {
  return `[${JSON.stringify(key)}]`;
}

/** An object made by `{}`, `Object.create(null)` or `JSON.parse`: not an array, Date or class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
