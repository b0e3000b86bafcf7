import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Status } from '@yrpc/rpc';
import { CliError } from './cli-error.js';
import { readFlagFile } from './flag-file.js';

/** One request message as text, with the line it came from (1-based) for error messages. */
export interface RequestLine {
  readonly text: string;
  readonly line: number;
}

/**
 * Where `-d` says the requests are: the text itself, `@FILE` (a file), or `@-` (stdin). A method
 * with a request stream reads stdin when `-d` is absent; one without reads `{}`.
 */
export type RequestSource =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdin' };

/** The source `-d` names, `fallback` when it is absent. */
export function requestSourceOf(data: string | undefined, fallback: RequestSource): RequestSource {
  if (data === undefined) return fallback;
  if (data === '@-') return { kind: 'stdin' };
  if (data.startsWith('@')) return { kind: 'file', path: data.slice(1) };
  return { kind: 'text', text: data };
}

/**
 * The request messages of `source` as newline-delimited JSON: each line that is not blank is one
 * message. Stdin is read line by line as it arrives, so a bidi call's responses print while the
 * user is still typing requests.
 */
export async function* requestLines(
  source: RequestSource,
  stdin: Readable,
): AsyncGenerator<RequestLine> {
  let number = 0;
  const lines: AsyncIterable<string> =
    source.kind === 'stdin'
      ? createInterface({ input: stdin, crlfDelay: Number.POSITIVE_INFINITY })
      : splitLines(source.kind === 'text' ? source.text : readFlagFile('-d', source.path));
  for await (const line of lines) {
    number += 1;
    if (line.trim() !== '') yield { text: line, line: number };
  }
}

/** The one request of a method without a request stream: exactly one JSON line in `source`. */
export async function singleRequest(source: RequestSource, stdin: Readable): Promise<RequestLine> {
  let found: RequestLine | undefined;
  for await (const request of requestLines(source, stdin)) {
    if (found !== undefined) {
      throw new CliError(
        Status.INVALID_ARGUMENT,
        `the method takes one request, but line ${request.line} holds another (a request stream needs a method that takes one)`,
      );
    }
    found = request;
  }
  if (found === undefined) {
    throw new CliError(Status.INVALID_ARGUMENT, 'no request given (-d is empty)');
  }
  return found;
}

async function* splitLines(text: string): AsyncGenerator<string> {
  yield* text.split(/\r?\n/);
}
