import { Status } from '@yrpc/rpc';
import protobuf from 'protobufjs';
import { CliError } from './cli-error.js';

const { Enum, MapField, Service, Type } = protobuf;

/**
 * `symbol` of `root` as the lines `yrpc describe` prints: a service with its methods and their
 * request and response types, a message with its fields, an enum with its values.
 */
export function describeSymbol(root: protobuf.Root, symbol: string): string[] {
  const found = root.lookup(symbol);
  const name = (found?.fullName ?? '').replace(/^\./, '');
  if (found instanceof Service) {
    const lines = [`service ${name} {`];
    for (const method of found.methodsArray) {
      const request = `${method.requestStream === true ? 'stream ' : ''}${qualified(method.resolvedRequestType, method.requestType)}`;
      const response = `${method.responseStream === true ? 'stream ' : ''}${qualified(method.resolvedResponseType, method.responseType)}`;
      lines.push(`  rpc ${method.name}(${request}) returns (${response});`);
    }
    lines.push('}');
    return lines;
  }
  if (found instanceof Type) {
    const lines = [`message ${name} {`];
    for (const field of found.fieldsArray) {
      field.resolve();
      const type =
        field.resolvedType === null ? field.type : qualified(field.resolvedType, field.type);
      const label =
        field instanceof MapField
          ? `map<${field.keyType}, ${type}>`
          : `${field.repeated ? 'repeated ' : field.options?.proto3_optional === true ? 'optional ' : ''}${type}`;
      lines.push(`  ${label} ${field.name} = ${field.id};`);
    }
    lines.push('}');
    return lines;
  }
  if (found instanceof Enum) {
    const lines = [`enum ${name} {`];
    for (const [value, number] of Object.entries(found.values))
      lines.push(`  ${value} = ${number};`);
    lines.push('}');
    return lines;
  }
  throw new CliError(Status.NOT_FOUND, `symbol ${symbol} is not a service, message or enum`);
}

function qualified(resolved: protobuf.ReflectionObject | null, written: string): string {
  return resolved === null ? written : resolved.fullName.replace(/^\./, '');
}
