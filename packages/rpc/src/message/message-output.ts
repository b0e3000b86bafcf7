import protobuf from 'protobufjs';
import { int64Output, type LongLike } from './int64.js';
import {
  type MessageField,
  messageFields,
  nativeWellKnownType,
  WRAPPED_SCALAR,
} from './message-field.js';
import { messageOptionsKey, type ResolvedMessageOptions } from './message-options.js';
import { listToJson, structToJson, timestampToDate, valueToJson } from './well-known-output.js';

/** A compiled conversion of a decoded protobufjs message to the plain object callers get. */
export type MessageOutput = (decoded: object) => Record<string, unknown>;

const compiled = new WeakMap<protobuf.Type, Map<string, MessageOutput>>();

/** The output conversion of `type` under `options`, compiled on first use and kept. */
export function messageOutput(type: protobuf.Type, options: ResolvedMessageOptions): MessageOutput {
  let byOptions = compiled.get(type);
  if (byOptions === undefined) {
    byOptions = new Map();
    compiled.set(type, byOptions);
  }
  const key = messageOptionsKey(options);
  let output = byOptions.get(key);
  if (output === undefined) {
    output = compileOutput(type, options);
    byOptions.set(key, output);
  }
  return output;
}

const SIXTY_FOUR_BIT = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const EMPTY_BYTES = new Uint8Array(0);

/** What compiled code calls. */
const helpers = {
  long: int64Output,
  bytes: (value: unknown): Uint8Array =>
    value instanceof Uint8Array ? value : EMPTY_BYTES.slice(),
  enumName: (names: Record<number, string>, value: number): string | number =>
    names[value] ?? value,
  timestamp: timestampToDate,
  value: valueToJson,
  struct: structToJson,
  list: listToJson,
  longKey(key: string, type: string): string {
    // protobufjs keys decoded 64-bit map entries by an 8-character string of the bits.
    if (key.length !== 8) return key;
    const bits = protobuf.util.LongBits.fromHash(key);
    return String(int64Output({ low: bits.lo, high: bits.hi }, type, 'bigint'));
  },
  define(target: Record<string, unknown>, key: string, value: unknown): void {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  },
  isSetLong: (value: LongLike | number): boolean =>
    typeof value === 'number' ? value !== 0 : (value.low | value.high) !== 0,
};

function compileOutput(type: protobuf.Type, options: ResolvedMessageOptions): MessageOutput {
  const constants: unknown[] = [helpers, options.longs];
  const constant = (value: unknown): string => {
    constants.push(value);
    return `k[${constants.length - 1}]`;
  };
  const functions: string[] = [];
  const literal: string[] = [];
  const after: string[] = [];
  const typeName = type.fullName.replace(/^\./, '');

  /** Source of one value of `field` held in `value`. */
  const single = (field: MessageField, value: string, path: string): string => {
    if (field.scalar !== undefined) return scalarOutput(field.scalar, value);
    if (field.enumType !== undefined) {
      return options.enums === 'name'
        ? `h.enumName(${constant(field.enumType.valuesById)},${value})`
        : value;
    }
    const messageType = field.messageType as protobuf.Type;
    const wellKnown =
      options.wellKnownTypes === 'native' ? nativeWellKnownType(messageType) : undefined;
    switch (wellKnown) {
      case undefined:
        return `${constant(lazyOutput(messageType, options))}.run(${value})`;
      case 'Timestamp':
        return `h.timestamp(${value},${JSON.stringify(path)})`;
      case 'Value':
        return `h.value(${value})`;
      case 'Struct':
        return `h.struct(${value})`;
      case 'ListValue':
        return `h.list(${value})`;
      default:
        return scalarOutput(WRAPPED_SCALAR[wellKnown] as string, `${value}.value`);
    }
  };
  const scalarOutput = (scalar: string, value: string): string => {
    if (SIXTY_FOUR_BIT.has(scalar)) return `h.long(${value},${JSON.stringify(scalar)},L)`;
    if (scalar === 'bytes') return `h.bytes(${value})`;
    return value;
  };
  const needsConversion = (field: MessageField): boolean => single(field, 'x', '') !== 'x';

  for (const field of messageFields(type)) {
    const name = JSON.stringify(field.name);
    const read = `m[${name}]`;
    const path = `${typeName}.${field.name}`;
    if (field.mapKey !== undefined) {
      const id = `f${functions.length}`;
      const key = SIXTY_FOUR_BIT.has(field.mapKey)
        ? `h.longKey(key,${JSON.stringify(field.mapKey)})`
        : 'key';
      const store =
        field.mapKey === 'string'
          ? `if(key==="__proto__")h.define(o,key,x);else o[key]=x;`
          : `o[${key}]=x;`;
      functions.push(
        `function ${id}(v){var o={},key,x;if(v==null)return o;for(key in v){x=${single(field, 'v[key]', `${path}[]`)};${store}}return o}`,
      );
      emit(field, `${id}(${read})`, `Object.keys(${read}).length>0`);
    } else if (field.repeated) {
      const id = `f${functions.length}`;
      functions.push(
        needsConversion(field)
          ? `function ${id}(v){if(v==null)return [];var o=new Array(v.length);for(var i=0;i<v.length;i++)o[i]=${single(field, 'v[i]', `${path}[]`)};return o}`
          : // A decoded message's arrays are its own: handed on as they are (a fresh one if unset).
            `function ${id}(v){return v==null||Object.isFrozen(v)?[]:v}`,
      );
      emit(field, `${id}(${read})`, `${read}!=null&&${read}.length>0`);
    } else if (field.messageType !== undefined) {
      const isJsonValue =
        options.wellKnownTypes === 'native' && nativeWellKnownType(field.messageType) === 'Value';
      const value = single(field, read, path);
      if (options.defaults && !isJsonValue && !field.explicitPresence) {
        literal.push(`${name}:${read}==null?null:${value}`);
      } else after.push(`if(${read}!=null)d[${name}]=${value};`);
    } else if (field.explicitPresence) {
      after.push(
        `if(Object.hasOwn(m,${name})&&${read}!=null)d[${name}]=${single(field, read, path)};`,
      );
    } else {
      emit(field, single(field, read, path), isSet(field, read));
    }
  }

  function emit(field: MessageField, value: string, set: string): void {
    const name = JSON.stringify(field.name);
    if (options.defaults) literal.push(`${name}:${value}`);
    else after.push(`if(${set})d[${name}]=${value};`);
  }

  const source =
    `var h=k[0],L=k[1];${functions.join('')}` +
    `return function toPlain(m){var d={${literal.join(',')}};${after.join('')}return d}`;
  const factory = new Function('k', source) as (k: unknown[]) => MessageOutput;
  return factory(constants);
}

/** Source of a test that an implicit-presence scalar or enum field holds a non-default value. */
function isSet(field: MessageField, read: string): string {
  if (field.enumType !== undefined) return `${read}!==0`;
  switch (field.scalar) {
    case 'string':
      return `${read}!==""`;
    case 'bool':
      return `${read}===true`;
    case 'bytes':
      return `${read}!=null&&${read}.length>0`;
    case 'double':
    case 'float':
      return `${read}!=null&&!Object.is(${read},0)`;
    default:
      return SIXTY_FOUR_BIT.has(field.scalar as string)
        ? `${read}!=null&&h.isSetLong(${read})`
        : `${read}!=null&&${read}!==0`;
  }
}

/** A nested type's output, compiled when first called (types may refer to themselves). */
function lazyOutput(type: protobuf.Type, options: ResolvedMessageOptions): { run: MessageOutput } {
  const cell = {
    run(decoded: object): Record<string, unknown> {
      cell.run = messageOutput(type, options);
      return cell.run(decoded);
    },
  };
  return cell;
}

const PLAIN_SCALARS = new Set([
  'double',
  'float',
  'int32',
  'uint32',
  'sint32',
  'fixed32',
  'sfixed32',
  'bool',
  'string',
  'bytes',
]);

/**
 * For a message whose every field protobufjs decodes already as output wants it (scalars that
 * are not 64-bit, enums as numbers, no messages, maps or oneofs) and with defaults included: a
 * function making the plain object protobufjs' decoder fills in (its fifth argument), with every
 * field at its default. Decoding into it makes the output in one object instead of two.
 * `undefined` for any other message: those go through {@link messageOutput}.
 */
export function plainDecodeTarget(
  type: protobuf.Type,
  options: ResolvedMessageOptions,
): (() => object) | undefined {
  if (!options.defaults || type.oneofsArray.length > 0) return undefined;
  const entries: string[] = [];
  for (const field of messageFields(type)) {
    if (field.mapKey !== undefined || field.messageType !== undefined) return undefined;
    if (field.enumType !== undefined && options.enums !== 'number') return undefined;
    if (field.scalar !== undefined && !PLAIN_SCALARS.has(field.scalar)) return undefined;
    if (field.explicitPresence) return undefined;
    const name = JSON.stringify(field.name);
    if (field.repeated) entries.push(`${name}:[]`);
    else if (field.enumType !== undefined) entries.push(`${name}:0`);
    else entries.push(`${name}:${defaultSource(field.scalar as string)}`);
  }
  return new Function('EMPTY', `return function target(){return {${entries.join(',')}}}`)(
    EMPTY_BYTES,
  ) as () => object;
}

function defaultSource(scalar: string): string {
  if (scalar === 'string') return '""';
  if (scalar === 'bool') return 'false';
  if (scalar === 'bytes') return 'EMPTY';
  return '0';
}
