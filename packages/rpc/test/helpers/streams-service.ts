import { fileURLToPath } from 'node:url';
import {
  type DynamicMessage,
  loadProtoSync,
  Server,
  type ServiceDefinition,
  type ServiceImplementation,
} from '../../src/index.js';

/** The Numbers service of test/fixtures/streams.proto: one method of each kind. */
export const Numbers: ServiceDefinition = loadProtoSync(
  fileURLToPath(new URL('../fixtures/streams.proto', import.meta.url)),
).service('yrpc.test.streams.Numbers');

/** What the handlers did, for tests to check. */
export interface StreamLog {
  readonly events: string[];
}

/** Async handlers: Double (unary), Count (async function*), Add (async), Echo (async function*). */
export function asyncNumbers(log: StreamLog) {
  return {
    double: (request: DynamicMessage) => ({ value: (request.value ?? 0) * 2 }),
    async *count(request: DynamicMessage) {
      log.events.push('count:start');
      try {
        for (let i = 1; i <= (request.value ?? 0); i++) yield { value: i };
      } finally {
        log.events.push('count:finally');
      }
    },
    async add(requests: AsyncIterable<DynamicMessage>) {
      let total = 0;
      let count = 0;
      for await (const request of requests) {
        total += request.value ?? 0;
        count++;
      }
      return { total, count };
    },
    async *echo(requests: AsyncIterable<DynamicMessage>) {
      log.events.push('echo:start');
      try {
        for await (const request of requests)
          yield { value: request.value, payload: request.payload };
      } finally {
        log.events.push('echo:finally');
      }
    },
  };
}

/** A server of the Numbers service with `implementation`, listening on a free loopback port. */
export async function numbersServer(
  implementation: ServiceImplementation<unknown>,
  options: ConstructorParameters<typeof Server>[0] = {},
): Promise<{ server: Server; port: number }> {
  const server = new Server(options).addService(Numbers, implementation);
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, port };
}
