import type protobuf from 'protobufjs';
import { isClosedEnum, type MessageField, nativeWellKnownType } from './message-field.js';
import { nativeScalarCheck } from './scalar-input.js';

/** Compiled checks of nested message types, looked up lazily (types may be recursive). */
export interface NestedChecks {
  isNative(type: protobuf.Type, value: object): boolean;
}

/**
 * Compiles a test that a value already is in the form protobufjs encodes exactly for `type`:
 * a plain object with only the type's fields (by their camel-case names), each of the right
 * JavaScript type and range, at most one member of each oneof, no well-known type in the native
 * form that needs converting (`wellKnownTypes: 'native'`). Such a message is encoded as it is;
 * any other goes through the conversion, which converts or names what is wrong.
 */
export function compileNativeCheck(
  fields: readonly MessageField[],
  wellKnownTypes: 'native' | 'message',
  nested: NestedChecks,
): (value: object) => boolean {
  const constants: unknown[] = [];
  const constant = (value: unknown): string => {
    constants.push(value);
    return `k[${constants.length - 1}]`;
  };
  const lines: string[] = [
    'var p=Object.getPrototypeOf(m);',
    'if(p!==Object.prototype&&p!==null)return false;',
    'var n=0,v,i,e,key;',
  ];
  for (const field of fields) {
    const check = elementCheck(field, 'e', wellKnownTypes, nested, constant);
    const name = JSON.stringify(field.name);
    if (
      wellKnownTypes === 'native' &&
      !field.repeated &&
      field.messageType !== undefined &&
      nativeWellKnownType(field.messageType) === 'Value'
    ) {
      // null is JSON null here, a value to convert, not an unset field.
      lines.push(`if(m[${name}]!==undefined)return false;`);
      continue;
    }
    if (field.required) lines.push(`if(m[${name}]==null)return false;`);
    lines.push(`v=m[${name}];if(v!==undefined){n++;if(v!==null){`);
    if (field.mapKey !== undefined) {
      lines.push(
        'p=typeof v==="object"?Object.getPrototypeOf(v):undefined;',
        'if(p!==Object.prototype&&p!==null)return false;',
        `for(key in v){if(!(${keyCheck(field.mapKey, 'key')}))return false;e=v[key];if(!(${check}))return false;}`,
      );
    } else if (field.repeated) {
      lines.push(
        'if(!Array.isArray(v))return false;',
        `for(i=0;i<v.length;i++){e=v[i];if(!(${check}))return false;}`,
      );
    } else {
      lines.push(`e=v;if(!(${check}))return false;`);
    }
    lines.push('}}');
  }
  const oneofs = new Map<string, string[]>();
  for (const field of fields) {
    if (field.oneof === undefined) continue;
    const members = oneofs.get(field.oneof) ?? [];
    members.push(`(m[${JSON.stringify(field.name)}]!=null?1:0)`);
    oneofs.set(field.oneof, members);
  }
  for (const members of oneofs.values()) lines.push(`if(${members.join('+')}>1)return false;`);
  lines.push('i=0;for(key in m)i++;', 'return i===n;');
  const factory = new Function('k', `return function isNative(m){${lines.join('')}}`) as (
    k: unknown[],
  ) => (value: object) => boolean;
  return factory(constants);
}

function elementCheck(
  field: MessageField,
  value: string,
  wellKnownTypes: 'native' | 'message',
  nested: NestedChecks,
  constant: (value: unknown) => string,
): string {
  if (field.scalar !== undefined) return nativeScalarCheck(field.scalar, value);
  if (field.enumType !== undefined) {
    return isClosedEnum(field.enumType)
      ? `typeof ${value}==="number"&&${constant(field.enumType.valuesById)}[${value}]!==undefined`
      : nativeScalarCheck('int32', value);
  }
  const messageType = field.messageType as protobuf.Type;
  const wellKnown = nativeWellKnownType(messageType);
  // In the native form these types are given as Dates, JSON or plain values: converted.
  if (wellKnownTypes === 'native' && wellKnown !== undefined && wellKnown !== 'Timestamp') {
    return 'false';
  }
  return `typeof ${value}==="object"&&${value}!==null&&${constant(nested)}.isNative(${constant(messageType)},${value})`;
}

/** JavaScript source of a test that a map key (a string) is canonical for `keyType`. */
function keyCheck(keyType: string, key: string): string {
  switch (keyType) {
    case 'string':
      return 'true';
    case 'bool':
      return `${key}==="true"||${key}==="false"`;
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return `String(${key}|0)===${key}`;
    case 'uint32':
    case 'fixed32':
      return `String(${key}>>>0)===${key}`;
    default:
      // 64-bit keys: a canonical decimal that is a safe integer (others are converted).
      return keyType === 'uint64' || keyType === 'fixed64'
        ? `String(+${key})===${key}&&Number.isSafeInteger(+${key})&&+${key}>=0`
        : `String(+${key})===${key}&&Number.isSafeInteger(+${key})`;
  }
}
