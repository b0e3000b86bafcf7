import { type Client, defineService, methodPathOf, Status } from '@yrpc/rpc';
import protobuf from 'protobufjs';
import { CliError } from './cli-error.js';
import { type ConnectionOptions, callOptions } from './connection.js';
import { jsonTextCodec } from './json-codec.js';
import { type SchemaOptions, schemaRoot } from './schema.js';

/** The flags of `yrpc call`. */
export interface CallCommandOptions extends ConnectionOptions, SchemaOptions {
  readonly data?: string | undefined;
}

/**
 * `yrpc call ADDR pkg.Service/Method -d JSON`: one request in canonical JSON; the response (each
 * of them, for a server stream) printed as one line of canonical JSON.
 */
export async function callCommand(
  client: Client,
  target: string,
  options: CallCommandOptions,
  print: (line: string) => void,
): Promise<void> {
  const match = /^\/?([^/]+)[/.]([^/.]+)$/.exec(target);
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw new CliError(Status.INVALID_ARGUMENT, `${target} is not pkg.Service/Method`);
  }
  const [, serviceName, methodName] = match;
  const call = callOptions(options);
  const root = await schemaRoot(client, [serviceName], options, call);
  const service = root.lookup(serviceName);
  if (!(service instanceof protobuf.Service)) {
    throw new CliError(Status.NOT_FOUND, `service ${serviceName} is not in the schema`);
  }
  const method = service.methods[methodName];
  if (method === undefined) {
    const known = Object.keys(service.methods).join(', ');
    throw new CliError(
      Status.NOT_FOUND,
      `service ${serviceName} has no method ${methodName} (it has ${known})`,
    );
  }
  method.resolve();
  const requestType = method.resolvedRequestType;
  const responseType = method.resolvedResponseType;
  if (requestType === null || responseType === null) {
    throw new CliError(
      Status.INTERNAL,
      `the types of ${serviceName}/${methodName} did not resolve`,
    );
  }
  if (method.requestStream === true) {
    throw new CliError(
      Status.UNIMPLEMENTED,
      `${serviceName}/${methodName} takes a client stream: not supported by yrpc call yet`,
    );
  }
  const definition = defineService(serviceName, [
    {
      path: methodPathOf(serviceName, methodName),
      name: methodName,
      localName: methodName,
      service: serviceName,
      requestType: jsonTextCodec(requestType),
      responseType: jsonTextCodec(responseType),
      requestStream: false,
      responseStream: method.responseStream === true,
    },
  ]);
  const stub = (client.service(definition) as Record<string, unknown>)[methodName] as (
    request: string,
    options: unknown,
  ) => unknown;
  const request = options.data ?? '{}';
  if (method.responseStream === true) {
    for await (const response of stub(request, call) as AsyncIterable<string>) print(response);
  } else {
    print((await stub(request, call)) as string);
  }
}
