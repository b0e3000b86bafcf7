import { int64ToBigInt, type LongLike } from './int64.js';
import type { JsonArray, JsonObject, JsonValue } from './json-value.js';
import { MessageConversionError } from './message-conversion-error.js';
import { PreciseDate } from './precise-date.js';

/** The most milliseconds a `Date` holds either side of the epoch. */
const MAX_DATE_MILLISECONDS = 8.64e15;

/** A decoded Timestamp as a {@link PreciseDate}; one a Date cannot hold is an error at `path`. */
export function timestampToDate(
  timestamp: { seconds: LongLike | number; nanos: number },
  path: string,
): PreciseDate {
  const seconds = Number(int64ToBigInt(timestamp.seconds, 'int64'));
  const nanos = timestamp.nanos;
  if (Math.abs(seconds * 1000) > MAX_DATE_MILLISECONDS || nanos < 0 || nanos > 999_999_999) {
    throw new MessageConversionError(
      path,
      `the Timestamp (seconds ${seconds}, nanos ${nanos}) is not a valid instant a Date can hold`,
    );
  }
  return PreciseDate.fromTimestamp(seconds, nanos);
}

/** The decoded fields of a `google.protobuf.Value`. */
interface DecodedValue {
  nullValue?: number;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: DecodedStruct | null;
  listValue?: DecodedList | null;
}

interface DecodedStruct {
  fields: Record<string, DecodedValue>;
}

interface DecodedList {
  values: DecodedValue[];
}

const has = (value: object, key: string): boolean => Object.hasOwn(value, key);

/** A decoded Value as JSON; a Value with no kind set reads as `null`. */
export function valueToJson(value: DecodedValue): JsonValue {
  if (has(value, 'numberValue')) return value.numberValue as number;
  if (has(value, 'stringValue')) return value.stringValue as string;
  if (has(value, 'boolValue')) return value.boolValue as boolean;
  if (has(value, 'structValue') && value.structValue != null)
    return structToJson(value.structValue);
  if (has(value, 'listValue') && value.listValue != null) return listToJson(value.listValue);
  return null;
}

/** A decoded Struct as a plain JSON object. */
export function structToJson(struct: DecodedStruct): JsonObject {
  const json: JsonObject = {};
  for (const key of Object.keys(struct.fields)) {
    const item = valueToJson(struct.fields[key] as DecodedValue);
    if (key === '__proto__') {
      Object.defineProperty(json, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else json[key] = item;
  }
  return json;
}

/** A decoded ListValue as a JSON array. */
export function listToJson(list: DecodedList): JsonArray {
  return list.values.map(valueToJson);
}
