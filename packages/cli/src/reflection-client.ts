import { type CallOptions, type Client, RpcError, reflectionServices, Status } from '@yrpc/rpc';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import { CliError } from './cli-error.js';

interface ReflectionAnswer {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Uint8Array[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

type ReflectionStub = {
  ServerReflectionInfo(
    requests: Iterable<unknown>,
    options?: CallOptions,
  ): AsyncIterable<ReflectionAnswer>;
};

/** Asks the server's reflection service (v1, else v1alpha) `requests` on one stream. */
async function ask(
  client: Client,
  requests: Record<string, unknown>[],
  options: CallOptions,
): Promise<ReflectionAnswer[]> {
  const services = reflectionServices();
  let firstError: unknown;
  for (const version of [services.v1, services.v1alpha]) {
    const stub = client.service(version) as unknown as ReflectionStub;
    try {
      const answers: ReflectionAnswer[] = [];
      for await (const answer of stub.ServerReflectionInfo(requests, options)) answers.push(answer);
      return answers;
    } catch (error) {
      // Older servers have only v1alpha: try it before giving up.
      if (!(error instanceof RpcError) || error.code !== Status.UNIMPLEMENTED) throw error;
      firstError ??= error;
    }
  }
  throw new CliError(
    Status.UNIMPLEMENTED,
    `the server has no reflection service (${(firstError as Error).message}); give --proto`,
  );
}

/** The names of the services the server lists. */
export async function listServices(client: Client, options: CallOptions): Promise<string[]> {
  const [answer] = await ask(client, [{ listServices: '' }], options);
  failOnError(answer);
  return (answer?.listServicesResponse?.service ?? []).map((service) => service.name);
}

/**
 * A protobufjs Root holding the files that define `symbols` (services, messages, ...) and every
 * file they import, as the server's reflection describes them.
 */
export async function rootFor(
  client: Client,
  symbols: readonly string[],
  options: CallOptions,
): Promise<protobuf.Root> {
  const answers = await ask(
    client,
    symbols.map((symbol) => ({ fileContainingSymbol: symbol })),
    options,
  );
  const files = new Map<string, descriptor.IFileDescriptorProto>();
  for (const answer of answers) {
    failOnError(answer);
    for (const bytes of answer.fileDescriptorResponse?.fileDescriptorProto ?? []) {
      const file = descriptor.FileDescriptorProto.decode(bytes) as descriptor.IFileDescriptorProto;
      files.set(file.name ?? `file${files.size}`, file);
    }
  }
  const root = protobuf.Root.fromDescriptor({ file: [...files.values()] });
  root.resolveAll();
  return root;
}

function failOnError(answer: ReflectionAnswer | undefined): asserts answer is ReflectionAnswer {
  if (answer === undefined) throw new CliError(Status.INTERNAL, 'reflection answered nothing');
  const error = answer.errorResponse;
  if (error !== undefined && error !== null) {
    throw new CliError(error.errorCode, error.errorMessage);
  }
}
