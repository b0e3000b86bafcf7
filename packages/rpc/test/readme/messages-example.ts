import { fileURLToPath } from 'node:url';
import { Client, isRpcError, loadProto, type MethodShape, Server } from '@yrpc/rpc';

// Loosely typed here; @yrpc/codegen writes the exact types of both forms.
type Message = Record<string, unknown>;
type OrdersShape = { Place: MethodShape<Message, Message> };

// Imports resolve the protoc -I way: "shared/money.proto" is protos/shared/money.proto.
const protos = fileURLToPath(new URL('./protos', import.meta.url));
const proto = await loadProto('orders.proto', { includeDirs: [protos] });
const Orders = proto.service<OrdersShape>('demo.Orders');

const server = new Server().addService(Orders, {
  Place(order) {
    console.log('handler got', order.id, order.status, order.placedAt instanceof Date);
    return { ...order, status: 'SHIPPED' };
  },
});
const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
const client = new Client({ host: '127.0.0.1', port });
const orders = client.service(Orders);

const reply = await orders.Place({
  id: 18446744073709551615n, // uint64: a bigint, a safe number, or a decimal string
  status: 'PLACED', // enums by name or number
  total: { currency: 'EUR', units: '1250' },
  placed_at: new Date('2026-12-05T12:00:00Z'), // the .proto name works too
  labels: { channel: 'web', gift: true }, // google.protobuf.Struct from plain JSON
});
console.log(reply);

try {
  await orders.Place({ total: { units: 'a lot' } });
} catch (error) {
  if (isRpcError(error)) console.log(error.codeName, error.message);
}

const asStrings = new Client({ host: '127.0.0.1', port }, { messages: { longs: 'string' } });
console.log((await asStrings.service(Orders).Place({ id: 7 })).id);

await Promise.all([client.close(), asStrings.close()]);
await server.close();
