import { fileURLToPath } from 'node:url';
import { loadProtoSync, RpcError, type ServiceImplementation, Status } from '@yrpc/rpc';

export interface Item {
  sku?: string;
  name?: string;
  stock?: number;
}

export interface InventoryShape {
  GetItem: { request: { sku?: string }; response: Item };
  ListItems: { request: Record<string, never>; response: Item; kind: 'server-streaming' };
}

/** The Inventory service of proto/inventory.proto (read at run time, from src/ or dist/). */
export const Inventory = loadProtoSync(
  fileURLToPath(new URL('../proto/inventory.proto', import.meta.url)),
).service<InventoryShape>('inventory.v1.Inventory');

const ITEMS: readonly Item[] = [
  { sku: 'A-1', name: 'anvil', stock: 3 },
  { sku: 'B-2', name: 'bellows', stock: 0 },
  { sku: 'C-3', name: 'chisel', stock: 12 },
];

/** Handlers over a fixed list of items. */
export const inventoryImplementation: ServiceImplementation<InventoryShape> = {
  GetItem(request) {
    const item = ITEMS.find((entry) => entry.sku === request.sku);
    if (item === undefined) throw new RpcError(Status.NOT_FOUND, `no item ${request.sku}`);
    return item;
  },
  async *ListItems() {
    yield* ITEMS;
  },
};
