import { fileURLToPath } from 'node:url';
import { type DynamicMessage, loadProtoSync, RpcError, Server, Status } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpProtocols } from '../src/http-protocols.js';
import { type BufResult, bufCurl } from './helpers/buf-cli.js';

// `buf curl` (the buf CLI from the @bufbuild/buf npm package) calling a yrpc server over each
// protocol, with the schema from the .proto file: what a person at a shell would run.

const PROTO = fileURLToPath(new URL('./fixtures/grpc-interop.proto', import.meta.url));
const Numbers = loadProtoSync(PROTO).service('yrpc.test.interop.Numbers');

let server: Server;
let port: number;

beforeAll(async () => {
  server = new Server({ protocols: [httpProtocols()] }).addService(Numbers, {
    double: (request: DynamicMessage) => {
      if ((request.value ?? 0) < 0) {
        throw new RpcError(Status.INVALID_ARGUMENT, 'value must not be negative');
      }
      return { value: (request.value ?? 0) * 2 };
    },
    async *count(request: DynamicMessage) {
      for (let i = 1; i <= (request.value ?? 0); i++) yield { value: i };
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
      for await (const request of requests) yield { value: request.value };
    },
    wait: () => new Promise(() => {}),
  });
  ({ port } = await server.listen({ host: '127.0.0.1', port: 0 }));
});

afterAll(() => server.close());

/** Runs `buf curl` on `method` with `data` (JSON, or newline-separated JSON for `-d @-`). */
function curlNumbers(
  protocol: string,
  method: string,
  data: string,
  extra: string[] = [],
): Promise<BufResult> {
  const target = `http://127.0.0.1:${port}/yrpc.test.interop.Numbers/${method}`;
  return bufCurl(['--schema', PROTO, '--protocol', protocol, ...extra, '-d', '@-', target], data);
}

/** The JSON documents buf curl printed, one per message. */
function messages(stdout: string): unknown[] {
  return stdout
    .split(/\n(?=\{)/)
    .filter((text) => text.trim() !== '')
    .map((text) => JSON.parse(text));
}

const H2 = ['--http2-prior-knowledge'];

describe('buf curl calling a yrpc server', () => {
  it.each([
    ['grpc', H2],
    ['grpcweb', H2],
    ['grpcweb', []],
    ['connect', H2],
    ['connect', []],
  ])('makes a unary call over %s %s', async (protocol, extra) => {
    const result = await curlNumbers(protocol, 'Double', '{"value": 21}', extra);
    expect(result.stderr).toBe('');
    expect(messages(result.stdout)).toEqual([{ value: 42 }]);
  });

  it.each(['grpc', 'grpcweb', 'connect'])('reads a server stream over %s', async (protocol) => {
    const result = await curlNumbers(protocol, 'Count', '{"value": 3}', H2);
    expect(messages(result.stdout)).toEqual([{ value: 1 }, { value: 2 }, { value: 3 }]);
  });

  it.each(['grpc', 'connect'])(
    'streams both ways and sends a client stream over %s',
    async (protocol) => {
      const echoed = await curlNumbers(protocol, 'Echo', '{"value": 1}\n{"value": 2}\n', H2);
      expect(messages(echoed.stdout)).toEqual([{ value: 1 }, { value: 2 }]);
      const added = await curlNumbers(protocol, 'Add', '{"value": 5}\n{"value": 7}\n', H2);
      expect(messages(added.stdout)).toEqual([{ total: 12, count: 2 }]);
    },
  );

  it.each(['grpc', 'grpcweb', 'connect'])(
    'shows the error of a failed call over %s',
    async (protocol) => {
      const result = await curlNumbers(protocol, 'Double', '{"value": -1}', H2);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/invalid_argument/i);
      expect(result.stderr).toContain('value must not be negative');
    },
  );
});
