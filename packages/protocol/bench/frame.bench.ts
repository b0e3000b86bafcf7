import { bench, do_not_optimize, group, summary } from 'mitata';
import { yrpc } from '../generated/meta.js';
import {
  ByteBuffer,
  decodeRequestMeta,
  FrameDecoder,
  FrameEncoder,
  type RequestMetaInit,
} from '../src/index.js';
import { requestMetaSize, writeRequestMeta } from '../src/request-meta-codec.js';

/** Frame encode + decode: a REQUEST with a small meta block and a 16-byte payload. */
export function registerFrameBenches(): void {
  const encoder = new FrameEncoder();
  const decoder = new FrameDecoder();
  const buffer = new ByteBuffer({ initialCapacity: 64 * 1024 });
  const meta: RequestMetaInit = { method: 'helloworld.Greeter/SayHello', timeoutMs: 5000 };
  const payload = new Uint8Array(16).fill(7);
  let id = 0;

  // 64 frames per iteration, as when a tick's writes are coalesced and a read holds many frames:
  // divide the time per iteration by 64 for ns per frame.
  const batch = 64;
  summary(() => {
    group('64 REQUEST frames (header + small meta + 16 B payload) per iteration', () => {
      bench('encode 64', () => {
        for (let i = 0; i < batch; i++) {
          id = (id + 1) >>> 0 || 1;
          encoder.writeRequest(buffer, id, meta, payload);
        }
        buffer.retrieveAll();
      });
      bench('encode + decode 64 (header, views)', () => {
        for (let i = 0; i < batch; i++) {
          id = (id + 1) >>> 0 || 1;
          encoder.writeRequest(buffer, id, meta, payload);
        }
        for (
          let frame = decoder.decode(buffer);
          frame !== undefined;
          frame = decoder.decode(buffer)
        ) {
          do_not_optimize(frame);
        }
      });
      bench('encode + decode 64 (header + request meta)', () => {
        for (let i = 0; i < batch; i++) {
          id = (id + 1) >>> 0 || 1;
          encoder.writeRequest(buffer, id, meta, payload);
        }
        for (
          let frame = decoder.decode(buffer);
          frame !== undefined;
          frame = decoder.decode(buffer)
        ) {
          do_not_optimize(decodeRequestMeta(frame.bytes, frame.metaStart, frame.metaEnd));
        }
      });
    });
  });

  // Why the request meta has a hand-written codec: the same message through protobufjs' static code.
  const pb = yrpc.protocol.v1.RequestMeta;
  const scratch = new Uint8Array(requestMetaSize(meta));
  summary(() => {
    group('RequestMeta encode + decode', () => {
      bench('hand-written, in place', () => {
        const end = writeRequestMeta(scratch, 0, meta);
        do_not_optimize(decodeRequestMeta(scratch, 0, end));
      });
      bench('protobufjs static code', () => {
        const bytes = pb.encode({ method: meta.method, timeoutMs: 5000 }).finish();
        do_not_optimize(pb.decode(bytes));
      });
    });
  });
}
