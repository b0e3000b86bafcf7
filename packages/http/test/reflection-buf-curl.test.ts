import { fileURLToPath } from 'node:url';
import { addHealth, addReflection, type DynamicMessage, loadProtoSync, Server } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpProtocols } from '../src/http-protocols.js';
import { bufCurl } from './helpers/buf-cli.js';

// `buf curl` (the buf CLI from the @bufbuild/buf npm package) against a yrpc server with server
// reflection: it lists the services and methods and calls one with no schema given, every
// descriptor coming from the server over gRPC (and over Connect, buf's default).

const PROTO = fileURLToPath(new URL('./fixtures/reflection-shop.proto', import.meta.url));
const Shop = loadProtoSync(PROTO).service('yrpc.test.shop.Shop');

let server: Server;
let port: number;

beforeAll(async () => {
  server = new Server({ protocols: [httpProtocols()] });
  addReflection(server);
  // Added after reflection: reflection still describes it.
  server.addService(Shop, {
    buy: (order: DynamicMessage) => {
      const lines = (order.lines ?? []) as { quantity?: number }[];
      const labels = (order.labelsByKey ?? {}) as Record<string, string>;
      return {
        items: lines.reduce((sum, line) => sum + (line.quantity ?? 0), 0),
        note: [
          String(order.kind),
          labels.for,
          order.coupon,
          String((order.cash as { units?: unknown } | undefined)?.units),
          JSON.stringify(order.extra),
        ].join(' '),
        at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      };
    },
  });
  ({ port } = await server.listen({ host: '127.0.0.1', port: 0 }));
});

afterAll(() => server.close());

const GRPC = ['--protocol', 'grpc', '--http2-prior-knowledge'];

describe('buf curl --reflect', () => {
  it('--list-services lists every service, reflection included', async () => {
    const result = await bufCurl([...GRPC, '--list-services', `http://127.0.0.1:${port}`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual([
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      'yrpc.test.shop.Shop',
    ]);
  });

  it('--list-services over v1alpha reflection (what grpcurl uses)', async () => {
    const result = await bufCurl([
      ...GRPC,
      '--reflect-protocol',
      'grpc-v1alpha',
      '--list-services',
      `http://127.0.0.1:${port}`,
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toContain('yrpc.test.shop.Shop');
  });

  it('--list-methods lists the methods of every service', async () => {
    const result = await bufCurl([...GRPC, '--list-methods', `http://127.0.0.1:${port}`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual([
      'grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
      'grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
      'yrpc.test.shop.Shop/Buy',
    ]);
  });

  it.each([
    { protocol: 'grpc', flags: GRPC },
    { protocol: 'connect', flags: ['--protocol', 'connect'] },
    // What grpcurl speaks: the deprecated v1alpha reflection service.
    {
      protocol: 'grpc, v1alpha reflection',
      flags: [...GRPC, '--reflect-protocol', 'grpc-v1alpha'],
    },
  ])('calls a method with no schema given ($protocol)', async ({ flags }) => {
    const order = {
      lines: [
        { item: 'tea', quantity: 2 },
        { item: 'cake', quantity: 3 },
      ],
      labelsByKey: { for: 'ann' },
      kind: 'KIND_GIFT',
      coupon: 'SPRING',
      cash: { units: '5' },
      extra: { wrap: true },
    };
    const result = await bufCurl([
      ...flags,
      '--reflect',
      '-d',
      JSON.stringify(order),
      `http://127.0.0.1:${port}/yrpc.test.shop.Shop/Buy`,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      items: 5,
      note: 'KIND_GIFT ann SPRING 5 {"wrap":true}',
      at: '2026-01-02T03:04:05Z',
    });
  });

  it('names what the server does not have', async () => {
    const result = await bufCurl([
      ...GRPC,
      '-d',
      '{}',
      `http://127.0.0.1:${port}/yrpc.test.shop.Nope/Buy`,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('yrpc.test.shop.Nope');
  });

  it('calls the health service, described by reflection like any other', async () => {
    const other = new Server({ protocols: [httpProtocols()] });
    try {
      addHealth(other);
      addReflection(other);
      const { port: healthPort } = await other.listen({ host: '127.0.0.1', port: 0 });
      const result = await bufCurl([
        ...GRPC,
        '-d',
        '{}',
        `http://127.0.0.1:${healthPort}/grpc.health.v1.Health/Check`,
      ]);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({ status: 'SERVING' });
    } finally {
      await other.close();
    }
  });
});
