import protobuf from 'protobufjs';
import type { CodegenOptions } from '../codegen-options.js';
import type { TypeScope } from './type-scope.js';

/** A field's TypeScript type and whether it is written `name?:`. */
export interface FieldType {
  readonly type: string;
  readonly optional: boolean;
}

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const NUMBER_TYPES = new Set([
  'double',
  'float',
  'int32',
  'uint32',
  'sint32',
  'fixed32',
  'sfixed32',
]);

/** The wrapper types and the scalar each wraps. */
const WRAPPERS: Readonly<Record<string, string>> = {
  '.google.protobuf.DoubleValue': 'double',
  '.google.protobuf.FloatValue': 'float',
  '.google.protobuf.Int64Value': 'int64',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.Int32Value': 'int32',
  '.google.protobuf.UInt32Value': 'uint32',
  '.google.protobuf.BoolValue': 'bool',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'bytes',
};

const TIMESTAMP = '.google.protobuf.Timestamp';
const DURATION = '.google.protobuf.Duration';
const STRUCT = '.google.protobuf.Struct';
const VALUE = '.google.protobuf.Value';
const LIST_VALUE = '.google.protobuf.ListValue';

/** Whether an enum is closed (proto2): numbers outside it never reach a handler. */
function isClosedEnum(type: protobuf.Enum): boolean {
  const features = (type as unknown as { _features?: { enum_type?: string } })._features;
  return features?.enum_type === 'CLOSED';
}

/** A union as an array element: `(A | B)[]`. */
const arrayOf = (type: string, prefix = '') =>
  type.includes(' ') ? `${prefix}(${type})[]` : `${prefix}${type}[]`;

/** Maps the fields of messages to TypeScript, for one generated file and its options. */
export class TypeMapping {
  readonly #scope: TypeScope;
  readonly #options: CodegenOptions;

  constructor(scope: TypeScope, options: CodegenOptions) {
    this.#scope = scope;
    this.#options = options;
  }

  /** The field as a handler or caller receives it. */
  output(field: protobuf.Field): FieldType {
    const defaults = this.#options.defaults;
    if (field instanceof protobuf.MapField) {
      const value = this.#outputValue(field.type, field.resolvedType);
      return { type: `{ [key: string]: ${value} }`, optional: !defaults };
    }
    if (field.repeated) {
      return {
        type: arrayOf(this.#outputValue(field.type, field.resolvedType)),
        optional: !defaults,
      };
    }
    const resolved = field.resolvedType;
    const explicitPresence = field.partOf !== null || (field.hasPresence && !field.required);
    if (resolved instanceof protobuf.Type) {
      if (this.#native() && resolved.fullName === VALUE) {
        return { type: this.#scope.rpc('JsonValue'), optional: true };
      }
      const type = this.#outputValue(field.type, resolved);
      if (field.partOf !== null || !defaults) return { type, optional: true };
      return { type: `${type} | null`, optional: false };
    }
    const type = this.#outputValue(field.type, resolved);
    return { type, optional: explicitPresence || !defaults };
  }

  /** What may be sent for the field: always optional, `null` and `undefined` allowed. */
  input(field: protobuf.Field): string {
    let type: string;
    if (field instanceof protobuf.MapField) {
      type = `{ readonly [key: string]: ${this.#inputValue(field.type, field.resolvedType)} }`;
    } else if (field.repeated) {
      type = arrayOf(this.#inputValue(field.type, field.resolvedType), 'readonly ');
    } else {
      type = this.#inputValue(field.type, field.resolvedType);
    }
    return `${type} | null | undefined`;
  }

  #native(): boolean {
    return this.#options.wellKnownTypes === 'native';
  }

  #outputValue(scalar: string, resolved: protobuf.Type | protobuf.Enum | null): string {
    if (resolved instanceof protobuf.Enum) {
      if (this.#options.enums === 'number') return 'number';
      const name = this.#scope.typeName(resolved, 'output');
      return isClosedEnum(resolved) ? name : `${name} | number`;
    }
    if (resolved instanceof protobuf.Type) {
      if (this.#native()) {
        const native = this.#nativeOutput(resolved);
        if (native !== undefined) return native;
      }
      return this.#scope.typeName(resolved, 'output');
    }
    return this.#outputScalar(scalar);
  }

  #nativeOutput(type: protobuf.Type): string | undefined {
    const wrapped = WRAPPERS[type.fullName];
    if (wrapped !== undefined) return this.#outputScalar(wrapped);
    if (type.fullName === TIMESTAMP) return this.#scope.global('Date');
    return this.#json(type);
  }

  /** Struct, Value and ListValue as plain JSON, the same both ways; undefined for other types. */
  #json(type: protobuf.Type): string | undefined {
    if (type.fullName === STRUCT) return this.#scope.rpc('JsonObject');
    if (type.fullName === VALUE) return this.#scope.rpc('JsonValue');
    if (type.fullName === LIST_VALUE) return `${this.#scope.rpc('JsonValue')}[]`;
    return undefined;
  }

  #outputScalar(scalar: string): string {
    if (LONG_TYPES.has(scalar)) {
      const longs = this.#options.longs;
      return longs === 'bigint' ? 'bigint' : longs === 'string' ? 'string' : 'number | bigint';
    }
    return this.#scalar(scalar);
  }

  #inputValue(scalar: string, resolved: protobuf.Type | protobuf.Enum | null): string {
    if (resolved instanceof protobuf.Enum) {
      return `${this.#scope.typeName(resolved, 'output')} | number`;
    }
    if (resolved instanceof protobuf.Type) {
      const message = () => this.#scope.typeName(resolved, 'input');
      if (!this.#native()) return message();
      const wrapped = WRAPPERS[resolved.fullName];
      if (wrapped !== undefined) return `${this.#inputScalar(wrapped)} | ${message()}`;
      if (resolved.fullName === TIMESTAMP) return `${this.#scope.global('Date')} | ${message()}`;
      if (resolved.fullName === DURATION) return `${message()} | string`;
      return this.#json(resolved) ?? message();
    }
    return this.#inputScalar(scalar);
  }

  #inputScalar(scalar: string): string {
    return LONG_TYPES.has(scalar) ? 'bigint | number | string' : this.#scalar(scalar);
  }

  #scalar(scalar: string): string {
    if (NUMBER_TYPES.has(scalar)) return 'number';
    if (scalar === 'bool') return 'boolean';
    if (scalar === 'string') return 'string';
    if (scalar === 'bytes') return this.#scope.global('Uint8Array');
    throw new Error(`no TypeScript type for the protobuf type ${scalar}`);
  }
}
