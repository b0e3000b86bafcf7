import { join } from 'node:path';
import type { Server } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop } from './fixtures/shop-server.js';
import {
  fixtures,
  startYrpc,
  TEST_LIMIT,
  yrpc,
  yrpcOverEveryProtocol,
} from './helpers/run-yrpc.js';

let shop: { port: number; server: Server };
let bare: { port: number; server: Server };
let address: string;

beforeAll(async () => {
  shop = await startShop();
  bare = await startShop({ reflection: false });
  address = `127.0.0.1:${shop.port}`;
});

afterAll(async () => {
  await Promise.all([shop?.server.close(), bare?.server.close()]);
});

describe('yrpc call', () => {
  it(
    'calls a unary method through reflection, canonical JSON in and out, -H as metadata, over yrpc, gRPC and Connect',
    async () => {
      const runs = await yrpcOverEveryProtocol([
        'call',
        address,
        'demo.Shop/Buy',
        '-d',
        '{"item":"tea","quantity":"3"}',
        '-H',
        'customer: ada',
      ]);
      for (const run of runs) {
        expect(run).toEqual({
          code: 0,
          stdout: '{"item":"tea","quantity":"3","at":"2026-01-02T03:04:05Z","customer":"ada"}\n',
          stderr: '',
        });
      }
    },
    TEST_LIMIT,
  );

  it(
    "prints the response headers and trailers, and a failure's trailers, to stderr with -v",
    async () => {
      const runs = await yrpcOverEveryProtocol([
        'call',
        address,
        'demo.Shop/Buy',
        '-d',
        '{"item":"tea"}',
        '-v',
      ]);
      for (const run of runs) {
        expect(run.code).toBe(0);
        expect(run.stdout).toBe('{"item":"tea","at":"2026-01-02T03:04:05Z"}\n');
        const told = run.stderr.trimEnd().split('\n');
        expect(told).toContain('header x-shop: demo');
        expect(told).toContain('trailer x-stock: 41');
      }
      const failed = await yrpc('call', address, 'demo.Shop/Buy', '-d', '{"item":"unicorn"}', '-v');
      expect(failed).toMatchObject({ code: 5, stdout: '' });
      // What the server sent with the error (its headers too, over yrpc), then the one error line.
      const toldOnFailure = failed.stderr.trimEnd().split('\n');
      expect(toldOnFailure).toContain('trailer x-reason: mythical');
      expect(toldOnFailure.at(-1)).toMatch(/^yrpc: NOT_FOUND: .*no unicorns today$/);
    },
    TEST_LIMIT,
  );

  it(
    'prints a server stream as newline-delimited JSON',
    async () => {
      const run = await yrpc(
        'call',
        address,
        'demo.Shop/Watch',
        '-d',
        '{"count":3}',
        '--protocol',
        'connect',
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(
        run.stdout
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([
        { item: 'tea 1', quantity: '1', at: '2026-01-02T03:04:05Z' },
        { item: 'tea 2', quantity: '2', at: '2026-01-02T03:04:05Z' },
        { item: 'tea 3', quantity: '3', at: '2026-01-02T03:04:05Z' },
      ]);
    },
    TEST_LIMIT,
  );

  it(
    'exits with the status code and says why on one stderr line',
    async () => {
      const [notFound, badJson, noMethod, late] = await Promise.all([
        yrpc('call', address, 'demo.Shop/Buy', '-d', '{"item":"unicorn"}'),
        yrpc('call', address, 'demo.Shop/Buy', '-d', '{"item":1}'),
        yrpc('call', address, 'demo.Shop/Nope'),
        yrpc('call', address, 'demo.Shop/Buy', '-d', '{"item":"slow"}', '--timeout', '300'),
      ]);
      expect(notFound).toMatchObject({ code: 5, stdout: '' });
      expect(notFound.stderr).toMatch(/^yrpc: NOT_FOUND: .*no unicorns today\n$/);
      expect(badJson).toMatchObject({ code: 3, stdout: '' });
      expect(badJson.stderr).toMatch(
        /^yrpc: INVALID_ARGUMENT: .*demo\.BuyRequest\.item: expected string.*\n$/,
      );
      expect(noMethod).toMatchObject({ code: 5, stdout: '' });
      expect(noMethod.stderr).toBe(
        'yrpc: NOT_FOUND: service demo.Shop has no method Nope (it has Buy, Watch, Checkout, Till)\n',
      );
      expect(late).toMatchObject({ code: 4, stdout: '' });
      expect(late.stderr).toMatch(/^yrpc: DEADLINE_EXCEEDED: [^\n]*\n$/);
    },
    TEST_LIMIT,
  );

  it(
    'refuses usage mistakes with INVALID_ARGUMENT (exit 3) on one stderr line, before any call',
    async () => {
      const [unknownFlag, badTimeout, badHeader, badAddress] = await Promise.all([
        yrpc('call', address, 'demo.Shop/Buy', '--nope'),
        yrpc('call', address, 'demo.Shop/Buy', '--timeout', 'soon'),
        yrpc('call', address, 'demo.Shop/Buy', '-H', 'no-colon'),
        yrpc('call', '127.0.0.1:70000', 'demo.Shop/Buy'),
      ]);
      expect(badAddress).toEqual({
        code: 3,
        stdout: '',
        stderr: 'yrpc: INVALID_ARGUMENT: address 127.0.0.1:70000 is not HOST:PORT\n',
      });
      expect(unknownFlag).toEqual({
        code: 3,
        stdout: '',
        stderr: "yrpc: INVALID_ARGUMENT: unknown option '--nope' (yrpc help for usage)\n",
      });
      expect(badTimeout).toEqual({
        code: 3,
        stdout: '',
        stderr: 'yrpc: INVALID_ARGUMENT: --timeout soon is not a positive number of milliseconds\n',
      });
      expect(badHeader).toEqual({
        code: 3,
        stdout: '',
        stderr: 'yrpc: INVALID_ARGUMENT: -H no-colon is not key:value\n',
      });
    },
    TEST_LIMIT,
  );

  it(
    'takes the schema from --proto and -I when the server has no reflection',
    async () => {
      const bareAddress = `127.0.0.1:${bare.port}`;
      const [withProto, withoutProto] = await Promise.all([
        yrpc(
          'call',
          bareAddress,
          'demo.Shop/Buy',
          '--proto',
          'shop.proto',
          '-I',
          fixtures,
          '-d',
          '{"item":"tea"}',
        ),
        yrpc('call', bareAddress, 'demo.Shop/Buy', '-d', '{"item":"tea"}', '--protocol', 'grpc'),
      ]);
      expect(withProto).toEqual({
        code: 0,
        stdout: '{"item":"tea","at":"2026-01-02T03:04:05Z"}\n',
        stderr: '',
      });
      expect(withoutProto).toMatchObject({ code: 12, stdout: '' });
      expect(withoutProto.stderr).toMatch(
        /^yrpc: UNIMPLEMENTED: the server has no reflection service .*give --proto\n$/,
      );
    },
    TEST_LIMIT,
  );
});

describe('yrpc list and describe', () => {
  it(
    'lists the services and describes a service, a message and an unknown symbol',
    async () => {
      const [list, service, message, unknown] = await Promise.all([
        yrpc('list', address, '--protocol', 'grpc'),
        yrpc('describe', address, 'demo.Shop'),
        yrpc('describe', address, 'demo.Receipt', '--protocol', 'connect'),
        yrpc('describe', address, 'demo.Nothing'),
      ]);
      expect(list).toEqual({
        code: 0,
        stdout: [
          'demo.Shop',
          'grpc.health.v1.Health',
          'grpc.reflection.v1.ServerReflection',
          'grpc.reflection.v1alpha.ServerReflection',
          '',
        ].join('\n'),
        stderr: '',
      });
      expect(service).toEqual({
        code: 0,
        stdout: [
          'service demo.Shop {',
          '  rpc Buy(demo.BuyRequest) returns (demo.Receipt);',
          '  rpc Watch(demo.WatchRequest) returns (stream demo.Receipt);',
          '  rpc Checkout(stream demo.BuyRequest) returns (demo.Receipt);',
          '  rpc Till(stream demo.BuyRequest) returns (stream demo.Receipt);',
          '}',
          '',
        ].join('\n'),
        stderr: '',
      });
      expect(message).toEqual({
        code: 0,
        stdout: [
          'message demo.Receipt {',
          '  string item = 1;',
          '  int64 quantity = 2;',
          '  google.protobuf.Timestamp at = 3;',
          '  string customer = 4;',
          '}',
          '',
        ].join('\n'),
        stderr: '',
      });
      expect(unknown).toMatchObject({ code: 5, stdout: '' });
      expect(unknown.stderr).toMatch(/^yrpc: NOT_FOUND: [^\n]*demo\.Nothing[^\n]*\n$/);
    },
    TEST_LIMIT,
  );
  it(
    'describes maps, enums, repeated and optional fields, through reflection and from --proto',
    async () => {
      const stock = [
        'message demo.Stock {',
        '  map<string, int32> counts = 1;',
        '  demo.Kind kind = 2;',
        '  repeated string notes = 3;',
        '  optional uint32 shelf = 4;',
        '}',
        '',
      ].join('\n');
      const [reflected, fromProto, kind] = await Promise.all([
        yrpc('describe', address, 'demo.Stock'),
        yrpc(
          'describe',
          `127.0.0.1:${bare.port}`,
          'demo.Stock',
          '--proto',
          join(fixtures, 'shop.proto'),
        ),
        yrpc('describe', address, 'demo.Kind'),
      ]);
      expect(reflected).toEqual({ code: 0, stdout: stock, stderr: '' });
      expect(fromProto).toEqual({ code: 0, stdout: stock, stderr: '' });
      expect(kind).toEqual({
        code: 0,
        stdout: 'enum demo.Kind {\n  KIND_UNSPECIFIED = 0;\n  KIND_TEA = 1;\n}\n',
        stderr: '',
      });
    },
    TEST_LIMIT,
  );
});

describe('yrpc health', () => {
  it(
    'prints the status; exit 0 only for SERVING',
    async () => {
      const [server, service, closed, unknown] = await Promise.all([
        yrpc('health', address),
        yrpc('health', address, 'demo.Shop', '--protocol', 'grpc'),
        yrpc('health', address, 'demo.Closed', '--protocol', 'connect'),
        yrpc('health', address, 'demo.Nothing'),
      ]);
      expect(server).toEqual({ code: 0, stdout: 'SERVING\n', stderr: '' });
      expect(service).toEqual({ code: 0, stdout: 'SERVING\n', stderr: '' });
      expect(closed).toEqual({
        code: 14,
        stdout: 'NOT_SERVING\n',
        stderr: 'yrpc: UNAVAILABLE: demo.Closed is NOT_SERVING\n',
      });
      expect(unknown).toMatchObject({ code: 5, stdout: '' });
      expect(unknown.stderr).toMatch(/^yrpc: NOT_FOUND: /);
    },
    TEST_LIMIT,
  );

  it(
    'prints each change with --watch, until a graceful shutdown ends the stream after NOT_SERVING',
    async () => {
      const watched = await startShop();
      try {
        const { output, ended } = startYrpc([
          'health',
          `127.0.0.1:${watched.port}`,
          'demo.Shop',
          '--watch',
        ]);
        const lines = () =>
          output()
            .stdout.split('\n')
            .filter((line) => line !== '');
        await expect.poll(lines, { timeout: 30_000 }).toEqual(['SERVING']);
        watched.health.setStatus('demo.Shop', 'NOT_SERVING');
        await expect.poll(lines, { timeout: 10_000 }).toEqual(['SERVING', 'NOT_SERVING']);
        watched.health.setStatus('demo.Shop', 'SERVING');
        await expect
          .poll(lines, { timeout: 10_000 })
          .toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
        await watched.server.shutdown();
        expect(await ended).toEqual({
          code: 14,
          stdout: 'SERVING\nNOT_SERVING\nSERVING\nNOT_SERVING\n',
          stderr: 'yrpc: UNAVAILABLE: demo.Shop is NOT_SERVING\n',
        });
      } finally {
        await watched.server.close();
      }
    },
    TEST_LIMIT,
  );
});
