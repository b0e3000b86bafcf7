import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

/**
 * Makes protobufjs decode 64-bit integers to `Long`s rather than to numbers, which lose
 * precision past 2^53 (an int64 near its maximum would come out of JSON as another number).
 * protobufjs finds its `long` dependency with a hidden `require` that fails in ESM-only loaders
 * (vitest's, for one), so it is loaded from protobufjs' own location: the very version protobufjs
 * depends on. The same as `@yrpc/rpc`'s own (not exported); idempotent.
 */
export function ensureLongSupport(): void {
  if (protobuf.util.Long !== null && protobuf.util.Long !== undefined) return;
  const fromProtobuf = createRequire(createRequire(import.meta.url).resolve('protobufjs'));
  // long 5 as CommonJS is an ES module namespace: the class is its default export.
  const loaded = fromProtobuf('long') as { default?: typeof protobuf.util.Long };
  protobuf.util.Long = loaded.default ?? (loaded as typeof protobuf.util.Long);
  protobuf.configure();
}
