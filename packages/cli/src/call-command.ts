import type { Readable } from 'node:stream';
import { jsonToBinary } from '@yrpc/http';
import { type Client, defineService, type Metadata, methodPathOf, Status } from '@yrpc/rpc';
import protobuf from 'protobufjs';
import { CliError } from './cli-error.js';
import { type ConnectionOptions, callOptions } from './connection.js';
import { jsonTextCodec } from './json-codec.js';
import { failureLines, metadataLines } from './metadata-lines.js';
import {
  type RequestSource,
  requestLines,
  requestSourceOf,
  singleRequest,
} from './request-source.js';
import { type SchemaOptions, schemaRoot } from './schema.js';

const encoder = new TextEncoder();

/** The flags of `yrpc call`. */
export interface CallCommandOptions extends ConnectionOptions, SchemaOptions {
  readonly data?: string | undefined;
  /** Print the response headers and trailers (and error details) to stderr. */
  readonly verbose?: boolean | undefined;
}

/** Where a call's input comes from and its output goes. */
export interface CallIo {
  /** Standard input: the requests of a request stream, or of `-d @-`. */
  readonly stdin: Readable;
  /** One line of standard output: a response. */
  print(line: string): void;
  /** One line of standard error: what `-v` tells. */
  tell(line: string): void;
}

/**
 * `yrpc call ADDR pkg.Service/Method -d JSON`: requests in canonical JSON, one per line (one for
 * a method without a request stream; a request stream reads stdin unless `-d` says otherwise);
 * the response, or each of a response stream as it arrives, printed as one line of canonical JSON.
 */
export async function callCommand(
  client: Client,
  target: string,
  options: CallCommandOptions,
  io: CallIo,
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
  const requestStream = method.requestStream === true;
  const requestType = method.resolvedRequestType;
  const responseType = method.resolvedResponseType;
  if (requestType === null || responseType === null) {
    throw new CliError(
      Status.INTERNAL,
      `the types of ${serviceName}/${methodName} did not resolve`,
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
      requestStream,
      responseStream: method.responseStream === true,
    },
  ]);
  const stub = (client.service(definition) as Record<string, unknown>)[methodName] as (
    request: string | AsyncIterable<string>,
    options: unknown,
  ) => unknown;
  const { stdin, print, tell } = io;
  const answering = {
    ...call,
    ...(options.verbose === true
      ? {
          onMetadata: (headers: Metadata, trailers: Metadata) => {
            for (const line of metadataLines(headers, trailers)) tell(line);
          },
        }
      : {}),
  };
  const responseStream = method.responseStream === true;
  const requests = requestStream
    ? new CheckedRequests(requestType, requestSourceOf(options.data, STDIN), stdin)
    : undefined;
  try {
    const request =
      requests?.lines() ??
      (await singleRequest(requestSourceOf(options.data, NO_DATA), stdin)).text;
    await printAnswer(stub(request, answering), responseStream, print);
  } catch (error) {
    if (options.verbose === true) for (const line of failureLines(error)) tell(line);
    // A bad request line cancels the call; say what was wrong with it rather than "cancelled".
    throw requests?.failure ?? error;
  }
}

const NO_DATA: RequestSource = { kind: 'text', text: '{}' };
const STDIN: RequestSource = { kind: 'stdin' };

/** Prints the answer of a call: the response, or each response of a stream as it arrives. */
async function printAnswer(
  answer: unknown,
  responseStream: boolean,
  print: (line: string) => void,
): Promise<void> {
  if (responseStream) {
    for await (const response of answer as AsyncIterable<string>) print(response);
  } else {
    print((await answer) as string);
  }
}

/**
 * The requests of a request stream, each line checked against the request type before it is
 * sent, so that a bad line ends the call with INVALID_ARGUMENT naming the line.
 */
class CheckedRequests {
  readonly #type: protobuf.Type;
  readonly #source: RequestSource;
  readonly #stdin: Readable;
  /** Why the requests stopped early: a line that is not a request, or unreadable input. */
  failure: unknown;

  constructor(type: protobuf.Type, source: RequestSource, stdin: Readable) {
    this.#type = type;
    this.#source = source;
    this.#stdin = stdin;
  }

  async *lines(): AsyncGenerator<string> {
    try {
      for await (const { text, line } of requestLines(this.#source, this.#stdin)) {
        try {
          jsonToBinary(this.#type, encoder.encode(text));
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new CliError(Status.INVALID_ARGUMENT, `request on line ${line}: ${reason}`);
        }
        yield text;
      }
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }
}
