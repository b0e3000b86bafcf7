import type protobuf from 'protobufjs';
import { docComment } from './doc-comment.js';
import { localTypeName, methodKey } from './type-names.js';
import type { TypeScope } from './type-scope.js';

/** The kind of a method, from whether its request and its response stream. */
export function methodKind(method: protobuf.Method): string {
  if (method.requestStream === true) {
    return method.responseStream === true ? 'bidi-streaming' : 'client-streaming';
  }
  return method.responseStream === true ? 'server-streaming' : 'unary';
}

/**
 * `export interface GreeterShape { ... }` (each method's messages and kind, keyed by its
 * lower-camel name) and `export const Greeter = root.service<GreeterShape>('pkg.Greeter');`.
 */
export function serviceShape(service: protobuf.Service, scope: TypeScope): string {
  const name = localTypeName(service);
  const methodShape = scope.rpc('MethodShape');
  const members = service.methodsArray.map((method) => {
    method.resolve();
    const request = method.resolvedRequestType;
    const response = method.resolvedResponseType;
    if (request === null || response === null) {
      throw new Error(`method ${method.fullName} has unresolved types`);
    }
    const types = [
      scope.typeName(request, 'output'),
      scope.typeName(response, 'output'),
      scope.typeName(request, 'input'),
      scope.typeName(response, 'input'),
    ].join(', ');
    return (
      `${docComment(method.comment, '  ')}` +
      `  ${methodKey(method.name)}: ${methodShape}<${types}> & { readonly kind: '${methodKind(method)}' };`
    );
  });
  const fullName = service.fullName.slice(1);
  return (
    `/** The methods of \`${fullName}\`: messages and kind of each. */\n` +
    `export interface ${name}Shape {\n${members.join('\n')}\n}\n\n` +
    `${docComment(service.comment) || `/** The \`${fullName}\` service. */\n`}` +
    `export const ${name} = root.service<${name}Shape>('${fullName}');\n`
  );
}
