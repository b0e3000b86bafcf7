import type protobuf from 'protobufjs';
import { MessageConversionError } from './message-conversion-error.js';
import {
  isClosedEnum,
  type MessageField,
  messageFields,
  nativeWellKnownType,
} from './message-field.js';
import { compileNativeCheck } from './native-check.js';
import { convertScalar } from './scalar-input.js';
import { describeValue } from './value-description.js';
import {
  durationFromText,
  isPlainObject,
  keyPath,
  listFromJson,
  structFromJson,
  timestampFromDate,
  valueFromJson,
  wrapperFromValue,
} from './well-known-input.js';

/** Input conversions by message type, one per well-known-type form; compiled on first use. */
const compiled = {
  native: new WeakMap<protobuf.Type, MessageInput>(),
  message: new WeakMap<protobuf.Type, MessageInput>(),
};

/** The input conversion of `type` for the well-known-type form `wellKnownTypes`. */
export function messageInput(
  type: protobuf.Type,
  wellKnownTypes: 'native' | 'message',
): MessageInput {
  const cache = compiled[wellKnownTypes];
  let input = cache.get(type);
  if (input === undefined) {
    input = new MessageInput(type, wellKnownTypes);
    cache.set(type, input);
  }
  return input;
}

const nestedChecks = {
  native: {
    isNative: (type: protobuf.Type, value: object) => messageInput(type, 'native').isNative(value),
  },
  message: {
    isNative: (type: protobuf.Type, value: object) => messageInput(type, 'message').isNative(value),
  },
};

/**
 * Turns what a caller or handler gives for one message type into what protobufjs encodes
 * exactly, or names the first thing that does not fit (README, "Messages").
 */
export class MessageInput {
  readonly #type: protobuf.Type;
  readonly #typeName: string;
  readonly #wellKnownTypes: 'native' | 'message';
  #fields: readonly MessageField[] | undefined;
  #byKey: Map<string, MessageField> | undefined;
  #nativeCheck: ((value: object) => boolean) | undefined;

  constructor(type: protobuf.Type, wellKnownTypes: 'native' | 'message') {
    this.#type = type;
    this.#typeName = type.fullName.replace(/^\./, '');
    this.#wellKnownTypes = wellKnownTypes;
  }

  /** Whether `value` already is exactly what protobufjs encodes (then it is used as it is). */
  isNative(value: object): boolean {
    if (this.#nativeCheck === undefined) {
      this.#nativeCheck = compileNativeCheck(
        this.#messageFields(),
        this.#wellKnownTypes,
        nestedChecks[this.#wellKnownTypes],
      );
    }
    return this.#nativeCheck(value);
  }

  /**
   * `value` as protobufjs encodes it exactly: the same object when it already is, a converted
   * copy otherwise. `null` and `undefined` are the empty message.
   */
  toEncodable(value: unknown, path: string): object {
    if (value === null || value === undefined) return {};
    // The compiled check starts by checking that it is a plain object.
    if (typeof value === 'object' && this.isNative(value)) return value;
    return this.convert(value, path);
  }

  /** A converted copy of `value`, or a {@link MessageConversionError} naming what is wrong. */
  convert(value: unknown, path: string): object {
    if (
      typeof value !== 'object' ||
      value === null ||
      Array.isArray(value) ||
      value instanceof Uint8Array ||
      value instanceof Date ||
      value instanceof Map
    ) {
      throw new MessageConversionError(
        path,
        `expected a ${this.#typeName} message (an object), got ${describeValue(value)}`,
      );
    }
    const byKey = this.#keys();
    const out: Record<string, unknown> = {};
    let oneofsSet: Map<string, string> | undefined;
    for (const key of Object.keys(value)) {
      const given = (value as Record<string, unknown>)[key];
      if (given === undefined) continue;
      const field = byKey.get(key);
      const fieldPath = path === '' ? key : `${path}.${key}`;
      if (field === undefined) {
        if (key === '$unknowns') {
          out[key] = given;
          continue;
        }
        throw new MessageConversionError(fieldPath, `${this.#typeName} has no such field`);
      }
      if (out[field.name] !== undefined) {
        throw new MessageConversionError(
          fieldPath,
          `given twice, as ${field.name} and as ${field.protoName}`,
        );
      }
      const converted = this.#convertField(field, given, fieldPath);
      if (converted === undefined) continue;
      if (field.oneof !== undefined) {
        oneofsSet ??= new Map();
        const other = oneofsSet.get(field.oneof);
        if (other !== undefined) {
          throw new MessageConversionError(
            path,
            `oneof ${field.oneof} may have one member set, got ${other} and ${field.name}`,
          );
        }
        oneofsSet.set(field.oneof, field.name);
      }
      out[field.name] = converted;
    }
    for (const field of this.#messageFields()) {
      if (field.required && out[field.name] === undefined) {
        const fieldPath = path === '' ? field.name : `${path}.${field.name}`;
        throw new MessageConversionError(fieldPath, `required by ${this.#typeName}, not given`);
      }
    }
    return out;
  }

  /** One field's value converted, or `undefined` when it leaves the field unset. */
  #convertField(field: MessageField, value: unknown, path: string): unknown {
    if (field.mapKey !== undefined) {
      if (value === null) return undefined;
      return this.#convertMap(field, field.mapKey, value, path);
    }
    if (field.repeated) {
      if (value === null) return undefined;
      if (!Array.isArray(value)) {
        throw new MessageConversionError(path, `expected an array, got ${describeValue(value)}`);
      }
      return value.map((item, index) => this.#convertSingle(field, item, `${path}[${index}]`));
    }
    if (value === null) {
      // JSON null is a value of google.protobuf.Value; for any other field, null is unset.
      const isJsonValue =
        this.#wellKnownTypes === 'native' &&
        field.messageType !== undefined &&
        nativeWellKnownType(field.messageType) === 'Value';
      return isJsonValue ? { nullValue: 0 } : undefined;
    }
    return this.#convertSingle(field, value, path);
  }

  #convertMap(field: MessageField, keyType: string, value: unknown, path: string): object {
    const out: Record<string, unknown> = Object.create(null);
    const entries =
      value instanceof Map
        ? [...value.entries()]
        : isPlainObject(value)
          ? Object.entries(value)
          : undefined;
    if (entries === undefined) {
      throw new MessageConversionError(
        path,
        `expected a map (a plain object or a Map), got ${describeValue(value)}`,
      );
    }
    for (const [key, item] of entries) {
      const canonical = mapKey(keyType, key, `${path}${keyPath(String(key))}`);
      out[canonical] = this.#convertSingle(field, item, `${path}${keyPath(canonical)}`);
    }
    return out;
  }

  /** One value of a field (an element of a repeated field, a map's value). */
  #convertSingle(field: MessageField, value: unknown, path: string): unknown {
    if (field.scalar !== undefined) return convertScalar(field.scalar, value, path);
    if (field.enumType !== undefined) return enumNumber(field.enumType, value, path);
    const type = field.messageType as protobuf.Type;
    const wellKnown = nativeWellKnownType(type);
    if (value instanceof Date && wellKnown === 'Timestamp') return timestampFromDate(value, path);
    if (typeof value === 'string' && type.fullName === '.google.protobuf.Duration') {
      return durationFromText(value, path);
    }
    if (wellKnown !== undefined && wellKnown !== 'Timestamp') {
      if (this.#wellKnownTypes === 'native') {
        if (wellKnown === 'Struct') return structFromJson(value, path);
        if (wellKnown === 'Value') return valueFromJson(value, path);
        if (wellKnown === 'ListValue') return listFromJson(value, path);
      }
      // A wrapper's plain value; the message form ({ value }) is converted as any message.
      if (wellKnown.endsWith('Value') && wellKnown !== 'Value' && wellKnown !== 'ListValue') {
        if (value === null || typeof value !== 'object' || value instanceof Uint8Array) {
          return wrapperFromValue(wellKnown, value, path);
        }
      }
    }
    if (value === null) {
      throw new MessageConversionError(
        path,
        `expected a ${type.fullName.replace(/^\./, '')} message, got null`,
      );
    }
    return messageInput(type, this.#wellKnownTypes).toEncodable(value, path);
  }

  #messageFields(): readonly MessageField[] {
    this.#fields ??= messageFields(this.#type);
    return this.#fields;
  }

  /** Fields by every key that names them: the camel-case name and the `.proto` name. */
  #keys(): Map<string, MessageField> {
    if (this.#byKey === undefined) {
      this.#byKey = new Map();
      for (const field of this.#messageFields()) {
        this.#byKey.set(field.name, field);
        this.#byKey.set(field.protoName, field);
      }
    }
    return this.#byKey;
  }
}

/** An enum value given by name or number, as its number. */
function enumNumber(enumType: protobuf.Enum, value: unknown, path: string): number {
  if (typeof value === 'string') {
    const number = enumType.values[value];
    if (number !== undefined) return number;
  } else if (typeof value === 'number' && (value | 0) === value) {
    if (!isClosedEnum(enumType) || enumType.valuesById[value] !== undefined) return value;
  }
  const names = Object.keys(enumType.values);
  const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
  throw new MessageConversionError(
    path,
    `expected a ${enumType.fullName.replace(/^\./, '')} name or number (${shown}), got ${describeValue(value)}`,
  );
}

const INT_KEY = /^-?(?:0|[1-9][0-9]*)$/;

/** A map key as the canonical string protobufjs' encoder reads for `keyType`. */
function mapKey(keyType: string, key: unknown, path: string): string {
  if (keyType === 'string') {
    if (typeof key === 'string') return key;
  } else if (keyType === 'bool') {
    if (key === true || key === 'true') return 'true';
    if (key === false || key === 'false') return 'false';
  } else if (
    typeof key === 'bigint' ||
    (typeof key === 'number' && Number.isInteger(key)) ||
    (typeof key === 'string' && INT_KEY.test(key))
  ) {
    const converted = convertScalar(keyType, typeof key === 'string' ? BigInt(key) : key, path);
    return typeof converted === 'number' ? String(converted) : String(BigInt(key as bigint));
  }
  throw new MessageConversionError(
    path,
    `expected a ${keyType} map key, got ${describeValue(key)}`,
  );
}
