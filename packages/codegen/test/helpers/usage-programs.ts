/**
 * Programs that use generated code, type-checked beside it by strict-typecheck.test.ts (kept as
 * text: they import files that exist only once the test generated them).
 */

/**
 * For the default options: what handlers receive and callers get is the output shape, what may
 * be sent the input shape, and a handler may answer what it received.
 */
export const usageWithDefaults = `import type { Client, ServiceImplementation } from '@yrpc/rpc';
import {
  type Order,
  type OrderInput,
  OrderService,
  type OrderServiceShape,
} from './shop/v1/shop.yrpc.js';

export const implementation: ServiceImplementation<OrderServiceShape> = {
  place(order) {
    const number: bigint = order.number;
    const status: 'STATUS_UNSPECIFIED' | 'STATUS_OPEN' | 'STATUS_SHIPPED' | number = order.status;
    const created: Date | null = order.createdAt;
    const discount: number | null = order.discount;
    const units: bigint | undefined = order.total?.units;
    const comment: string | undefined = order.comment;
    const grade: 'GRADE_A' | 'GRADE_B' | undefined = order.legacy?.grade;
    void [number, status, created, discount, units, comment, grade];
    return order;
  },
  async *watch(request) {
    const every: bigint | undefined = request.every?.seconds;
    void every;
    yield { id: request.id, number: 1n, ttl: '1.5s', createdAt: new Date(0) };
  },
  async upload(orders) {
    let count = 0;
    for await (const order of orders) count += order.items.length;
    return { count, ids: ['a'] };
  },
  async *chat(orders) {
    for await (const order of orders) yield order;
  },
};

export async function call(client: Client): Promise<Order> {
  const orders = client.service(OrderService);
  const sent: OrderInput = {
    number: '18446744073709551615',
    delta: -1n,
    f64: 3,
    status: 'STATUS_OPEN',
    history: [1, 'STATUS_SHIPPED'],
    createdAt: { seconds: 1, nanos: 2 },
    ttl: '2s',
    attributes: { a: [1, 'b', null] },
    extra: null,
    tags: [true],
    discount: 0.5,
    bigDiscount: { value: '7' },
    itemsBySku: { x: { sku: 'x', quantity: 1 } },
    notes: { '1': 'one' },
    cash: { currencyCode: 'EUR', units: 5 },
  };
  const placed = await orders.place(sent);
  // A reply may go straight back.
  await orders.place(placed);
  for await (const watched of orders.watch({ id: placed.id })) {
    const total: bigint | undefined = watched.total?.units;
    void total;
  }
  return placed;
}
`;

/** For `--longs string --enums number --well-known-types message --no-defaults`. */
export const usageWithOtherOptions = `import type { ServiceImplementation } from '@yrpc/rpc';
import type { OrderServiceShape } from './shop/v1/shop.yrpc.js';

export const implementation: ServiceImplementation<OrderServiceShape> = {
  place(order) {
    const number: string | undefined = order.number;
    const status: number | undefined = order.status;
    const seconds: string | undefined = order.createdAt?.seconds;
    const discount: number | undefined = order.discount?.value;
    const kind: string | undefined = order.extra?.stringValue;
    void [number, status, seconds, discount, kind];
    return order;
  },
};
`;
