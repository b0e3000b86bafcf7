import protobuf from 'protobufjs';
import { docComment } from './doc-comment.js';
import type { TypeMapping } from './type-mapping.js';

/** A valid property name as written: `createdAt`, or quoted when it is not an identifier. */
const propertyName = (name: string) =>
  /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);

/**
 * `export interface Foo { ... }` (what arrives) and `export interface FooInput { ... }` (what
 * may be sent) of one message type.
 */
export function messageInterfaces(type: protobuf.Type, name: string, mapping: TypeMapping): string {
  const output: string[] = [];
  const input: string[] = [];
  for (const field of type.fieldsArray) {
    const comment = docComment(field.comment, '  ');
    const key = propertyName(field.name);
    const out = mapping.output(field);
    output.push(`${comment}  ${key}${out.optional ? '?' : ''}: ${out.type};`);
    input.push(`${comment}  ${key}?: ${mapping.input(field)};`);
  }
  const doc = docComment(type.comment);
  const body = (lines: string[]) => (lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n}`);
  return (
    `${doc}export interface ${name} ${body(output)}\n\n` +
    `/** What may be sent as a \`${type.fullName.slice(1)}\`: every field optional, every accepted form. */\n` +
    `export interface ${name}Input ${body(input)}\n`
  );
}

/** `export type Color = 'RED' | 'GREEN';` of one enum type. */
export function enumType(type: protobuf.Enum, name: string): string {
  const names = Object.keys(type.values).map((value) => `'${value}'`);
  return `${docComment(type.comment)}export type ${name} = ${names.length === 0 ? 'never' : names.join(' | ')};\n`;
}

/** The message and enum types under `namespace` (nested ones after their parent), in order. */
export function typesUnder(
  namespace: protobuf.NamespaceBase,
): Array<protobuf.Type | protobuf.Enum> {
  const found: Array<protobuf.Type | protobuf.Enum> = [];
  for (const nested of byName(namespace.nestedArray)) {
    if (nested instanceof protobuf.Type) {
      found.push(nested, ...typesUnder(nested));
    } else if (nested instanceof protobuf.Enum) {
      found.push(nested);
    }
  }
  return found;
}

/**
 * Reflection objects sorted by name: a root loaded from `.proto` text and one built from
 * descriptors list them in different orders, and both must generate the same file.
 */
export function byName<T extends protobuf.ReflectionObject>(objects: readonly T[]): T[] {
  return [...objects].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
