import { join } from 'node:path';
import protobuf from 'protobufjs';
import type { MessageCodec } from '../src/index.js';
import { loadProtoSync } from '../src/index.js';

/** Nanoseconds per call of `run`, the best of `rounds` rounds of `count` calls. */
function nanosPerCall(run: () => unknown, rounds: number, count = 1_000_000): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < count; index++) run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / count);
  }
  return best;
}

/**
 * What message conversion costs a 16 B echo message: encode (into a reused writer) and decode
 * with the converting codec `loadProto` gives, against protobufjs' `Type` alone (as before).
 */
export function conversionCost(rounds: number): string[] {
  const proto = loadProtoSync(join(process.cwd(), 'test/fixtures/echo.proto'));
  const method = proto.service('yrpc.test.Echo').methods.get('Echo');
  if (method === undefined) throw new Error('no Echo method');
  const converting = method.requestType as MessageCodec;
  const plain = proto.root.lookupType('yrpc.test.EchoRequest') as unknown as MessageCodec;
  const message = { payload: new Uint8Array(16) };
  const bytes = plain.encode(message).finish();
  const writer = protobuf.Writer.create();
  const encode = (codec: MessageCodec) => () => {
    writer.reset();
    return codec.encode(message, writer);
  };
  const lines: string[] = [];
  for (const [what, run] of [
    ['encode', encode],
    ['decode', (codec: MessageCodec) => () => codec.decode(bytes)],
  ] as const) {
    const before = nanosPerCall(run(plain), rounds);
    const after = nanosPerCall(run(converting), rounds);
    lines.push(
      `${what} 16 B: protobufjs Type ${before.toFixed(1)} ns, with conversion ${after.toFixed(1)} ns (+${(after - before).toFixed(1)} ns)`,
    );
  }
  return lines;
}
