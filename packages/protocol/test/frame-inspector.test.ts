import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ByteBuffer,
  type FrameEncoder,
  FrameInspector,
  FrameType,
  type InspectionEvent,
  localHandshake,
} from '../src/index.js';
import { chunk, rawFrame } from './arbitraries.js';
import { codes, encode, hex } from './inspection.js';

const doc = readFileSync(new URL('../PROTOCOL.md', import.meta.url), 'utf8');
const vectors = [...doc.matchAll(/#### Vector: ([\w-]+)\n[\s\S]*?```hex\n([\s\S]*?)```/g)].map(
  (m) => [m[1] as string, Buffer.from((m[2] as string).replace(/\s+/g, ''), 'hex')] as const,
);

function inspectChunks(chunks: Uint8Array[]): { events: InspectionEvent[]; undecoded: number } {
  const inspector = new FrameInspector();
  const events = chunks.flatMap((piece) => inspector.push(piece));
  events.push(...inspector.end());
  return { events, undecoded: inspector.undecodedBytes };
}

const inspect = (bytes: Uint8Array) => inspectChunks([bytes]);

/** A frame the encoder writes from valid meta, through its typed methods. */
const validFrame = fc.oneof(
  fc
    .record({
      id: fc.integer({ min: 1, max: 0xffff_ffff }),
      n: fc.nat(99),
      body: fc.uint8Array({ maxLength: 64 }),
    })
    .map(
      ({ id, n, body }) =>
        (e: FrameEncoder, out: ByteBuffer) =>
          e.writeRequest(
            out,
            id,
            { method: `pkg.S/M${n}`, timeoutMs: n, metadata: [{ key: 'k', value: `${n}` }] },
            body,
          ),
    ),
  fc
    .record({
      id: fc.integer({ min: 1, max: 0xffff_ffff }),
      body: fc.uint8Array({ maxLength: 64 }),
    })
    .map(
      ({ id, body }) =>
        (e: FrameEncoder, out: ByteBuffer) =>
          e.writeResponse(out, id, body, { trailers: [{ key: 't', value: 'v' }] }),
    ),
  fc
    .record({ id: fc.integer({ min: 1, max: 0xffff_ffff }), code: fc.integer({ min: 1, max: 16 }) })
    .map(
      ({ id, code }) =>
        (e: FrameEncoder, out: ByteBuffer) =>
          e.writeError(out, id, { code, message: 'no' }),
    ),
  fc
    .record({
      id: fc.integer({ min: 1, max: 0xffff_ffff }),
      body: fc.uint8Array({ maxLength: 64 }),
    })
    .map(({ id, body }) => (e: FrameEncoder, out: ByteBuffer) => {
      e.writeStreamData(out, id, body);
      e.writeStreamEnd(out, id);
      e.writeCancel(out, id);
    }),
  fc
    .record({
      id: fc.nat({ max: 0xffff_ffff }),
      increment: fc.integer({ min: 1, max: 0x7fff_ffff }),
    })
    .map(({ id, increment }) => (e: FrameEncoder, out: ByteBuffer) => {
      e.writePing(out, id);
      e.writePong(out, id);
      e.writeWindowUpdate(out, id, increment);
      e.writeGoAway(out, id, { message: 'bye' }, true);
    }),
);

/** A direction's HANDSHAKE, which comes at most once of each kind: none, the opening, or the ACK. */
const handshakeKind = fc.constantFrom(undefined, false, true);

describe('FrameInspector', () => {
  it('gives the same events whatever the split of the bytes', () => {
    const bytes = fc.oneof(
      fc.array(rawFrame, { maxLength: 6 }).map((frames) =>
        encode((e, out) => {
          for (const f of frames) e.writeRaw(out, f.type, f.flags, f.id, f.meta, f.payload);
        }),
      ),
      fc.uint8Array({ maxLength: 200 }),
      // Frames with random bytes in the middle: the stream loses sync somewhere.
      fc
        .tuple(fc.array(rawFrame, { maxLength: 3 }), fc.uint8Array({ maxLength: 40 }))
        .map(([frames, junk]) =>
          Buffer.concat([
            encode((e, out) => {
              for (const f of frames) e.writeRaw(out, f.type, f.flags, f.id, f.meta, f.payload);
            }),
            junk,
          ]),
        ),
    );
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 12 }), (whole, cuts) => {
        expect(inspectChunks(chunk(whole, cuts))).toEqual(inspect(whole));
      }),
    );
  });

  it('flags nothing the encoder writes from valid meta, and reads every field back', () => {
    fc.assert(
      fc.property(
        handshakeKind,
        fc.array(validFrame, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (ack, writes, cuts) => {
          const bytes = encode((e, out) => {
            if (ack !== undefined)
              e.writeHandshake(out, localHandshake({ acceptEncoding: ['gzip'] }), ack);
            for (const write of writes) write(e, out);
          });
          const { events, undecoded } = inspectChunks(chunk(bytes, cuts));
          expect(codes(events)).toEqual([]);
          expect(undecoded).toBe(0);
          const sizes = events.map((e) =>
            e.kind === 'frame' ? 16 + e.frame.metaLength + e.frame.payloadLength : 0,
          );
          expect(sizes.reduce((a, b) => a + b, 0)).toBe(bytes.length);
        },
      ),
    );
  });

  it('reads every test vector of PROTOCOL.md without a violation', () => {
    expect(vectors.length).toBeGreaterThan(15);
    for (const [, bytes] of vectors) {
      const { events } = inspect(bytes);
      expect(events).toHaveLength(1);
      expect(codes(events)).toEqual([]);
    }
    const [request] = inspect(
      hex('5952 01 02 0001 0011 00000001 00000004 0a0c 706b672e4563686f2f536179 10dc0b 0a026869'),
    ).events;
    expect(request).toEqual({
      kind: 'frame',
      frame: {
        offset: 0,
        type: FrameType.REQUEST,
        typeName: 'REQUEST',
        flags: 1,
        flagNames: ['END_STREAM'],
        id: 1,
        metaLength: 17,
        payloadLength: 4,
        meta: {
          kind: 'request',
          request: {
            method: 'pkg.Echo/Say',
            timeoutMs: 1500,
            idempotencyKey: new Uint8Array(0),
            metadata: [],
            traceparent: '',
            tracestate: '',
          },
        },
        payload: new Uint8Array([0x0a, 0x02, 0x68, 0x69]),
        violations: [],
      },
    });
    const [update] = inspect(hex('5952 01 0b 0000 0000 00000000 00000004 00800000')).events;
    expect(update).toMatchObject({ frame: { typeName: 'WINDOW_UPDATE', increment: 8388608 } });
  });

  it('reports bad magic once, then only counts the bytes of that direction', () => {
    const http = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const { events, undecoded } = inspect(http);
    expect(events).toEqual([
      {
        kind: 'stream-violation',
        offset: 0,
        violation: {
          code: 'bad-magic',
          message:
            'not a yrpc frame: expected magic 5952 ("YR"), got 4745; the rest of this direction is not decoded',
        },
      },
    ]);
    expect(undecoded).toBe(http.length);
    const short = inspect(Buffer.from('GE'));
    expect(codes(short.events)).toEqual(['bad-magic']);
  });

  it('reports a wrong version after valid frames, at its offset', () => {
    const ping = hex('5952 01 06 0000 0000 01020304 00000000');
    const v2 = hex('5952 02 06 0000 0000 01020304 00000000');
    const { events, undecoded } = inspect(Buffer.concat([ping, v2, ping]));
    expect(events[0]).toMatchObject({
      kind: 'frame',
      frame: { typeName: 'PING', id: 0x01020304, violations: [] },
    });
    expect(events[1]).toMatchObject({
      kind: 'stream-violation',
      offset: 16,
      violation: { code: 'unsupported-version' },
    });
    expect(events).toHaveLength(2);
    expect(undecoded).toBe(32);
  });

  it('flags header rules per frame and goes on framing', () => {
    const bytes = Buffer.concat([
      hex('5952 01 06 0010 0000 00000001 00000000'), // PING with an undefined flag bit
      hex('5952 01 02 0001 0000 00000000 00000000'), // REQUEST on stream 0 (and empty meta)
      hex('5952 01 0c 0000 0000 00000001 00000002 abcd'), // undefined type 0x0c, framed by its lengths
      hex('5952 01 04 0000 0002 00000002 00000000 08ff'), // ERROR whose meta does not decode
      hex('5952 01 04 0000 0002 00000002 00000000 0811'), // ERROR with status 17
      hex('5952 01 0b 0000 0000 00000000 00000004 00000000'), // WINDOW_UPDATE of 0
      hex('5952 01 09 0008 0000 00000003 00000000'), // COMPRESSED without a payload
      hex('5952 01 02 0001 0007 00000001 00000000 0a05 6e6f736c61'), // method "nosla"
      hex('5952 01 06 0000 0000 00000009 00000000'),
    ]);
    const { events } = inspect(bytes);
    expect(
      events.map((e) =>
        e.kind === 'frame' ? [e.frame.typeName, e.frame.violations.map((v) => v.code)] : e.kind,
      ),
    ).toEqual([
      ['PING', ['reserved-flags']],
      ['REQUEST', ['invalid-frame', 'invalid-meta']],
      ['0x0c', ['unknown-frame-type']],
      ['ERROR', ['bad-meta']],
      ['ERROR', ['invalid-meta']],
      ['WINDOW_UPDATE', ['flow-control']],
      ['STREAM_DATA', ['invalid-frame']],
      ['REQUEST', ['invalid-meta']],
      ['PING', []],
    ]);
    expect(events[0]).toMatchObject({ frame: { flagNames: ['0x0010'] } });
    expect(events[1]).toMatchObject({
      frame: {
        violations: [{ message: 'a REQUEST frame must have a non-zero stream id, got 0' }, {}],
      },
    });
  });

  it('skips a frame over the limit without holding it, and reads the next one', () => {
    const huge = hex('5952 01 09 0000 0000 00000001 01000000'); // 16 MiB payload + header > 16 MiB
    const inspector = new FrameInspector();
    const events = inspector.push(huge);
    const block = new Uint8Array(1 << 20);
    for (let i = 0; i < 16; i++) events.push(...inspector.push(block));
    events.push(...inspector.push(hex('5952 01 06 0000 0000 00000007 00000000')));
    events.push(...inspector.end());
    expect(
      events.map((e) =>
        e.kind === 'frame'
          ? [e.frame.typeName, e.frame.payload, e.frame.violations.map((v) => v.code)]
          : e.kind,
      ),
    ).toEqual([
      ['STREAM_DATA', undefined, ['frame-too-large']],
      ['PING', new Uint8Array(0), []],
    ]);
  });

  it('holds a large frame as its bytes come, whole once they all came', () => {
    const payload = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251);
    const bytes = encode((e, out) => e.writeStreamData(out, 9, payload));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 999) }, (_, i) =>
      bytes.subarray(i * 999, (i + 1) * 999),
    );
    const { events } = inspectChunks(pieces);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      frame: { typeName: 'STREAM_DATA', payload, violations: [] },
    });
    expect(inspectChunks(pieces)).toEqual(inspect(bytes));
  });

  it('reports a stream that ends inside a frame', () => {
    expect(codes(inspect(hex('5952 01 06')).events)).toEqual(['truncated-frame']);
    expect(codes(inspect(hex('5952 01 09 0000 0000 00000001 00000004 0a')).events)).toEqual([
      'truncated-frame',
    ]);
  });

  it('flags a second HANDSHAKE of a kind, not an opening one and an ACK', () => {
    const handshakes = (...acks: boolean[]) =>
      encode((e, out) => {
        for (const ack of acks) e.writeHandshake(out, localHandshake(), ack);
      });
    expect(codes(inspect(handshakes(false, true)).events)).toEqual([]);
    const { events } = inspect(handshakes(false, true, false, true));
    expect(codes(events)).toEqual(['invalid-frame', 'invalid-frame']);
    expect(events[2]).toMatchObject({
      frame: {
        violations: [
          {
            message: 'a second HANDSHAKE on the connection (section 6 allows one of each kind)',
          },
        ],
      },
    });
  });

  it('flags a HANDSHAKE whose windows break section 10', () => {
    // version 1, stream_window 1000 (under 1 MiB)
    const { events } = inspect(hex('5952 01 01 0000 0005 00000000 00000000 0801 40e807'));
    expect(events[0]).toMatchObject({
      frame: {
        violations: [
          {
            code: 'bad-meta',
            message: 'HANDSHAKE stream_window 1000 is outside 16777216..2147483647',
          },
        ],
      },
    });
  });
});
