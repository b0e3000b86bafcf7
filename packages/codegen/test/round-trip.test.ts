import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Client,
  PreciseDate,
  Server,
  type ServiceDefinition,
  type ServiceImplementation,
} from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateFixture, packageDir } from './helpers/codegen-fixture.js';

/** Generated into the package (vitest imports it), and removed afterwards. */
const out = join(packageDir, 'test/.generated-round-trip');

/**
 * The generated module, imported once generated. Its types are checked by
 * strict-typecheck.test.ts; here the values are what counts.
 */
interface ShopModule {
  readonly OrderService: ServiceDefinition;
}

describe('generated service definitions on a real server and client', () => {
  let shop: ShopModule;
  let server: Server | undefined;
  let client: Client | undefined;

  beforeAll(async () => {
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    const generated = await generateFixture(out);
    expect(generated.stderr).toBe('');
    shop = (await import(join(out, 'shop/v1/shop.yrpc.ts'))) as ShopModule;
    const implementation: ServiceImplementation<unknown> = {
      place: (order: unknown) => order,
      async *watch(request: { id: string }) {
        for (let i = 1n; i <= 3n; i++) {
          yield { id: `${request.id}-${i}`, number: i, status: 'STATUS_SHIPPED' };
        }
      },
    };
    server = new Server().addService(shop.OrderService, implementation);
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    client = new Client({ host: '127.0.0.1', port });
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await rm(out, { recursive: true, force: true });
  });

  /** The client's stub of one method of the generated service. */
  function method(name: string) {
    const stub = client?.service(shop.OrderService)[name];
    if (stub === undefined) throw new Error(`no stub for ${name}`);
    return stub;
  }

  test('unary: what is sent comes back in the documented output shapes', async () => {
    const createdAt = new PreciseDate(Date.UTC(2026, 0, 2, 3, 4, 5, 6), 7);
    const reply = await method('place')({
      id: 'o-1',
      number: 18446744073709551615n,
      delta: -5,
      status: 'STATUS_OPEN',
      total: { currencyCode: 'EUR', units: '12', nanos: 500 },
      level: 'LEVEL_HIGH',
      items: [{ sku: 'a', quantity: 2 }],
      itemsBySku: { a: { sku: 'a', quantity: 2, detail: { note: 'n', labels: ['x'] } } },
      ids: [1, 2n, '3'],
      comment: 'fragile',
      cash: { currencyCode: 'USD', units: 1 },
      createdAt,
      ttl: '1.5s',
      attributes: { nested: { list: [1, 'two', null, true] } },
      extra: 'text',
      tags: ['a', 2],
      discount: 0.25,
      bigDiscount: 9007199254740993n,
      coupon: 'SAVE',
      signature: new Uint8Array([1, 2, 3]),
    });
    expect(reply).toBeDefined();
    if (reply === undefined) return;
    expect(reply.id).toBe('o-1');
    expect(reply.number).toBe(18446744073709551615n);
    expect(reply.delta).toBe(-5n);
    expect(reply.status).toBe('STATUS_OPEN');
    expect(reply.level).toBe('LEVEL_HIGH');
    expect(reply.total).toEqual({ currencyCode: 'EUR', units: 12n, nanos: 500 });
    expect(reply.items).toEqual([{ sku: 'a', quantity: 2, detail: null }]);
    expect(reply.itemsBySku.a?.detail).toEqual({ note: 'n', labels: ['x'] });
    expect(reply.ids).toEqual([1n, 2n, 3n]);
    expect(reply.comment).toBe('fragile');
    expect(reply.priority).toBeUndefined();
    expect(reply.cash).toEqual({ currencyCode: 'USD', units: 1n, nanos: 0 });
    expect(reply.card).toBeUndefined();
    expect(reply.createdAt).toBeInstanceOf(Date);
    expect(reply.createdAt?.getTime()).toBe(createdAt.getTime());
    expect(reply.ttl).toEqual({ seconds: 1n, nanos: 500_000_000 });
    expect(reply.attributes).toEqual({ nested: { list: [1, 'two', null, true] } });
    expect(reply.extra).toBe('text');
    expect(reply.tags).toEqual(['a', 2]);
    expect(reply.discount).toBe(0.25);
    expect(reply.bigDiscount).toBe(9007199254740993n);
    expect(reply.coupon).toBe('SAVE');
    expect(reply.express).toBeNull();
    // A Buffer is a Uint8Array too: the type promises no more than that.
    expect(reply.signature).toBeInstanceOf(Uint8Array);
    expect([...reply.signature]).toEqual([1, 2, 3]);
    expect(reply.gift).toBe(false);
    expect(reply.notes).toEqual({});
  });

  test('server streaming: each message arrives in the output shape', async () => {
    const received: unknown[] = [];
    for await (const order of method('watch')({ id: 'w', every: '1s' })) {
      received.push({ id: order.id, number: order.number, status: order.status });
    }
    expect(received).toEqual([
      { id: 'w-1', number: 1n, status: 'STATUS_SHIPPED' },
      { id: 'w-2', number: 2n, status: 'STATUS_SHIPPED' },
      { id: 'w-3', number: 3n, status: 'STATUS_SHIPPED' },
    ]);
  });
});
