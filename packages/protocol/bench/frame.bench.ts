import { bench, do_not_optimize, group, summary } from 'mitata';
import { yrpc } from '../generated/meta.js';
import {
  ByteBuffer,
  decodeRequestMeta,
  FrameDecoder,
  FrameEncoder,
  type RequestMetaInit,
} from '../src/index.js';

/** Frame encode + decode: a REQUEST with a small meta block and a 16-byte payload. */
export function registerFrameBenches(): void {
  const encoder = new FrameEncoder();
  const decoder = new FrameDecoder();
  const buffer = new ByteBuffer({ initialCapacity: 64 * 1024 });
  const meta: RequestMetaInit = { method: 'helloworld.Greeter/SayHello', timeoutMs: 5000 };
  const payload = new Uint8Array(16).fill(7);
  let id = 0;

  summary(() => {
    group('one REQUEST frame (header + small meta + 16 B payload), ns per frame', () => {
      bench('encode + decode header (views, no meta decode)', () => {
        id = (id + 1) >>> 0 || 1;
        encoder.writeRequest(buffer, id, meta, payload);
        do_not_optimize(decoder.decode(buffer));
      });
      bench('encode + decode header + decode meta (hand-written codec)', () => {
        id = (id + 1) >>> 0 || 1;
        encoder.writeRequest(buffer, id, meta, payload);
        const frame = decoder.decode(buffer);
        if (frame !== undefined) {
          do_not_optimize(decodeRequestMeta(frame.bytes, frame.metaStart, frame.metaEnd));
        }
      });
      bench('encode only', () => {
        id = (id + 1) >>> 0 || 1;
        encoder.writeRequest(buffer, id, meta, payload);
        buffer.retrieveAll();
      });
    });
  });

  // Why the request meta has a hand-written codec: the same message through protobufjs' static code.
  const pb = yrpc.protocol.v1.RequestMeta;
  const encoded = pb.encode({ method: meta.method, timeoutMs: 5000 }).finish();
  summary(() => {
    group('RequestMeta encode + decode', () => {
      bench('hand-written, in place', () => {
        encoder.writeRequest(buffer, 1, meta, payload);
        do_not_optimize(
          decodeRequestMeta(
            buffer.bytes,
            buffer.readerIndex + 16,
            buffer.readerIndex + 16 + encoded.length,
          ),
        );
        buffer.retrieveAll();
      });
      bench('protobufjs static code', () => {
        const bytes = pb.encode({ method: meta.method, timeoutMs: 5000 }).finish();
        do_not_optimize(pb.decode(bytes));
      });
    });
  });
}
