import { posix } from 'node:path';
import protobuf from 'protobufjs';

/** The package a type is declared in (`shop.v1`), `''` for none. */
export function packageOf(object: protobuf.ReflectionObject): string {
  let parent = object.parent;
  while (
    parent !== null &&
    (parent instanceof protobuf.Type || parent instanceof protobuf.Service)
  ) {
    parent = parent.parent;
  }
  return parent === null ? '' : parent.fullName.replace(/^\./, '');
}

/** A type's name inside its package, nesting joined by `_`: `shop.v1.Order.Item` is `Order_Item`. */
export function localTypeName(object: protobuf.ReflectionObject): string {
  const pkg = packageOf(object);
  const full = object.fullName.replace(/^\./, '');
  return (pkg === '' ? full : full.slice(pkg.length + 1)).replace(/\./g, '_');
}

/** Whether a type is one of protobuf's own (`google.protobuf.*`), written into every file using it. */
export function isWellKnownType(object: protobuf.ReflectionObject): boolean {
  return object.fullName.startsWith('.google.protobuf.');
}

/** The name a well-known type's interface has in a generated file: `google_protobuf_Duration`. */
export function wellKnownTypeName(object: protobuf.ReflectionObject): string {
  return object.fullName.slice(1).replace(/\./g, '_');
}

/** The generated file of a `.proto` file: `shop/v1/shop.proto` gives `shop/v1/shop.yrpc.ts`. */
export function generatedFileName(protoFile: string): string {
  return `${protoFile.replace(/\.proto$/, '')}.yrpc.ts`;
}

/** The import specifier from one generated file to another (`./money.yrpc.js`, `../x.yrpc.js`). */
export function importSpecifier(fromProtoFile: string, toProtoFile: string): string {
  const target = generatedFileName(toProtoFile).replace(/\.ts$/, '.js');
  const relative = posix.relative(posix.dirname(fromProtoFile), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The lower-camel name protobufjs gives a method: `SayHello` is `sayHello`. */
export function methodKey(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
