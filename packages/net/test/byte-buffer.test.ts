import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBuffer, ByteBufferError } from '../src/index.js';

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ByteBufferError);
    expect((error as ByteBufferError).code).toBe(code);
    return;
  }
  throw new Error(`expected a ByteBufferError with code ${code}`);
}

function be(value: bigint, bytes: number): number[] {
  const out: number[] = [];
  for (let i = bytes - 1; i >= 0; i--) out.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return out;
}

function fromBe(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

type Op =
  | { kind: 'u8'; value: number }
  | { kind: 'u16'; value: number }
  | { kind: 'u32'; value: number }
  | { kind: 'i32'; value: number }
  | { kind: 'u64'; high: number; low: number }
  | { kind: 'u64big'; value: bigint }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'prepend32'; value: number }
  | { kind: 'read'; width: 1 | 2 | 4 | 8 }
  | { kind: 'readI32' }
  | { kind: 'peek'; width: 1 | 2 | 4; offset: number }
  | { kind: 'retrieve'; length: number }
  | { kind: 'take'; length: number }
  | { kind: 'readView'; length: number }
  | { kind: 'reserve'; length: number; fill: number }
  | { kind: 'compact' }
  | { kind: 'shrink' }
  | { kind: 'handOff' }
  | { kind: 'readOwned'; length: number }
  | { kind: 'adopt'; value: Uint8Array };

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('u8' as const), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('u16' as const), value: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant('u32' as const), value: u32 }),
  fc.record({
    kind: fc.constant('i32' as const),
    value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  }),
  fc.record({ kind: fc.constant('u64' as const), high: u32, low: u32 }),
  fc.record({
    kind: fc.constant('u64big' as const),
    value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  }),
  fc.record({ kind: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ kind: fc.constant('prepend32' as const), value: u32 }),
  fc.record({
    kind: fc.constant('read' as const),
    width: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
  }),
  fc.record({ kind: fc.constant('readI32' as const) }),
  fc.record({
    kind: fc.constant('peek' as const),
    width: fc.constantFrom(1 as const, 2 as const, 4 as const),
    offset: fc.nat(40),
  }),
  fc.record({ kind: fc.constant('retrieve' as const), length: fc.nat(64) }),
  fc.record({ kind: fc.constant('take' as const), length: fc.nat(64) }),
  fc.record({ kind: fc.constant('readView' as const), length: fc.nat(64) }),
  fc.record({ kind: fc.constant('reserve' as const), length: fc.nat(100), fill: fc.nat(100) }),
  fc.constant({ kind: 'compact' as const }),
  fc.constant({ kind: 'shrink' as const }),
  fc.constant({ kind: 'handOff' as const }),
  fc.record({ kind: fc.constant('readOwned' as const), length: fc.nat(64) }),
  fc.record({ kind: fc.constant('adopt' as const), value: fc.uint8Array({ maxLength: 100 }) }),
);

/** Applies one op to buffer and model, checking refusals have the right code. */
function apply(
  buffer: ByteBuffer,
  model: number[],
  op: Op,
  maxCapacity: number,
  handedOff: [Uint8Array, number[]][],
): void {
  const fits = (n: number) => 8 + model.length + n <= maxCapacity;
  // Growing is refused past maxCapacity; an adopted chunk without prepend space may still fit.
  const write = (bytes: number[], act: () => void, room = bytes.length) => {
    try {
      act();
    } catch (error) {
      expect(fits(room)).toBe(false);
      expect((error as ByteBufferError).code).toBe('capacity-exceeded');
      return;
    }
    model.push(...bytes);
  };
  const readable = (n: number, act: () => void) => {
    if (n <= model.length) {
      act();
    } else {
      expectCode(act, 'insufficient-data');
    }
  };
  switch (op.kind) {
    case 'u8':
      write([op.value], () => buffer.writeU8(op.value));
      break;
    case 'u16':
      write(be(BigInt(op.value), 2), () => buffer.writeU16(op.value));
      break;
    case 'u32':
      write(be(BigInt(op.value), 4), () => buffer.writeU32(op.value));
      break;
    case 'i32':
      write(be(BigInt(op.value >>> 0), 4), () => buffer.writeI32(op.value));
      break;
    case 'u64':
      write(be((BigInt(op.high) << 32n) | BigInt(op.low), 8), () =>
        buffer.writeU64(op.high, op.low),
      );
      break;
    case 'u64big':
      write(be(op.value, 8), () => buffer.writeU64BigInt(op.value));
      break;
    case 'bytes':
      write([...op.value], () => buffer.writeBytes(op.value));
      break;
    case 'prepend32': {
      const act = () => buffer.prependU32(op.value);
      if (buffer.prependableBytes >= 4) {
        act();
        model.unshift(...be(BigInt(op.value), 4));
      } else {
        expectCode(act, 'insufficient-prepend');
      }
      return;
    }
    case 'read':
      readable(op.width, () => {
        const expected = fromBe(model.slice(0, op.width));
        const got =
          op.width === 1
            ? BigInt(buffer.readU8())
            : op.width === 2
              ? BigInt(buffer.readU16())
              : op.width === 4
                ? BigInt(buffer.readU32())
                : buffer.readU64BigInt();
        expect(got).toBe(expected);
        model.splice(0, op.width);
      });
      break;
    case 'readI32':
      readable(4, () => {
        expect(buffer.readI32()).toBe(Number(fromBe(model.slice(0, 4))) | 0);
        model.splice(0, 4);
      });
      break;
    case 'peek':
      readable(op.offset + op.width, () => {
        const expected = Number(fromBe(model.slice(op.offset, op.offset + op.width)));
        const got =
          op.width === 1
            ? buffer.peekU8(op.offset)
            : op.width === 2
              ? buffer.peekU16(op.offset)
              : buffer.peekU32(op.offset);
        expect(got).toBe(expected);
      });
      break;
    case 'retrieve':
      readable(op.length, () => {
        buffer.retrieve(op.length);
        model.splice(0, op.length);
      });
      break;
    case 'take':
      readable(op.length, () => {
        expect([...buffer.take(op.length)]).toEqual(model.splice(0, op.length));
      });
      break;
    case 'readView':
      readable(op.length, () => {
        expect([...buffer.readView(op.length)]).toEqual(model.splice(0, op.length));
      });
      break;
    case 'reserve': {
      const length = op.length;
      const commit = Math.min(op.fill, length);
      const act = () => {
        const space = buffer.reserve(length);
        expect(space.length).toBe(length);
        for (let i = 0; i < commit; i++) space[i] = (i * 7) & 0xff;
        buffer.commit(commit);
      };
      write(
        Array.from({ length: commit }, (_, i) => (i * 7) & 0xff),
        act,
        length,
      );
      return;
    }
    case 'compact':
      buffer.compact();
      return;
    case 'shrink':
      buffer.shrink();
      return;
    case 'handOff': {
      const view = buffer.handOff();
      expect([...view]).toEqual(model);
      handedOff.push([view, model.splice(0, model.length)]);
      return;
    }
    case 'readOwned':
      readable(op.length, () => {
        const view = buffer.readOwned(op.length);
        const bytes = model.splice(0, op.length);
        expect([...view]).toEqual(bytes);
        handedOff.push([view, bytes]);
      });
      break;
    case 'adopt':
      if (model.length === 0) {
        const bytes = [...op.value];
        buffer.adopt(op.value);
        model.push(...bytes);
      } else {
        write([...op.value], () => buffer.adopt(op.value));
      }
      return;
  }
}

describe('ByteBuffer', () => {
  it('behaves like a byte array model under random operations', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 60 }),
        fc.integer({ min: 0, max: 64 }),
        fc.integer({ min: 80, max: 4096 }),
        (ops, initialCapacity, maxCapacity) => {
          const buffer = new ByteBuffer({ initialCapacity, prependSize: 8, maxCapacity });
          const model: number[] = [];
          const handedOff: [Uint8Array, number[]][] = [];
          for (const op of ops) {
            apply(buffer, model, op, maxCapacity, handedOff);
            // Bytes handed off are never written over.
            for (const [view, bytes] of handedOff) expect([...view]).toEqual(bytes);
            expect(buffer.readableBytes).toBe(model.length);
            expect([...buffer.view()]).toEqual(model);
            expect(buffer.capacity).toBeLessThanOrEqual(maxCapacity);
            expect(buffer.readerIndex + buffer.readableBytes + buffer.writableBytes).toBe(
              buffer.capacity,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips every integer form', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -128, max: 127 }),
        fc.integer({ min: -32768, max: 32767 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (i8, i16, i32, i64, safe) => {
          const buffer = new ByteBuffer({ initialCapacity: 4 });
          buffer.writeI8(i8);
          buffer.writeI16(i16);
          buffer.writeI32(i32);
          buffer.writeI64BigInt(i64);
          buffer.writeU64(Math.floor(safe / 2 ** 32), safe >>> 0);
          expect(buffer.peekI8()).toBe(i8);
          expect(buffer.readI8()).toBe(i8);
          expect(buffer.readI16()).toBe(i16);
          expect(buffer.readI32()).toBe(i32);
          expect(buffer.peekI64BigInt()).toBe(i64);
          expect(buffer.readI64BigInt()).toBe(i64);
          expect(buffer.peekU64High()).toBe(Math.floor(safe / 2 ** 32));
          expect(buffer.peekU64Low()).toBe(safe >>> 0);
          expect(buffer.readU64Number()).toBe(safe);
          expect(buffer.readableBytes).toBe(0);
        },
      ),
    );
  });

  it('round-trips UTF-8 text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const buffer = new ByteBuffer({ initialCapacity: 0 });
        const written = buffer.writeUtf8(text);
        expect(written).toBe(Buffer.byteLength(text));
        expect(buffer.readUtf8(written)).toBe(text);
      }),
    );
  });

  it('encodes a header in front of an already-written body without moving it', () => {
    const buffer = new ByteBuffer({ prependSize: 19 });
    buffer.writeBytes(new Uint8Array([0xaa, 0xbb]));
    const bodyStart = buffer.readerIndex;
    buffer.prependU32(2);
    buffer.prependU16(0xcafe);
    buffer.prependU8(1);
    buffer.prependU64(0x01020304, 0x05060708);
    expect(buffer.readerIndex).toBe(bodyStart - 15);
    expect([...buffer.view()]).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 1, 0xca, 0xfe, 0, 0, 0, 2, 0xaa, 0xbb,
    ]);
    buffer.prependI32(-1);
    expect(buffer.prependableBytes).toBe(0);
    buffer.prependBytes(new Uint8Array(0));
    expectCode(() => buffer.prependU8(0), 'insufficient-prepend');
  });

  it('compacts instead of growing when unread data has moved forward', () => {
    const buffer = new ByteBuffer({ initialCapacity: 16, prependSize: 4, maxCapacity: 20 });
    buffer.writeBytes(new Uint8Array(16));
    buffer.retrieve(12);
    buffer.writeU32(0xdeadbeef);
    buffer.writeU32(7);
    expect(buffer.capacity).toBe(20);
    expect(buffer.readableBytes).toBe(12);
    expect(buffer.peekU32(4)).toBe(0xdeadbeef);
  });

  it('doubles when it grows and never beyond maxCapacity', () => {
    const buffer = new ByteBuffer({ initialCapacity: 8, prependSize: 0, maxCapacity: 100 });
    buffer.writeBytes(new Uint8Array(9));
    expect(buffer.capacity).toBe(16);
    buffer.writeBytes(new Uint8Array(40));
    expect(buffer.capacity).toBe(64);
    buffer.writeBytes(new Uint8Array(40));
    expect(buffer.capacity).toBe(100);
    expectCode(() => buffer.ensureWritable(12), 'capacity-exceeded');
    expectCode(() => buffer.ensureWritable(2 ** 40), 'capacity-exceeded');
    expect(buffer.readableBytes).toBe(89);
  });

  it('returns to its initial size on shrink, keeping unread bytes', () => {
    const buffer = new ByteBuffer({ initialCapacity: 8, prependSize: 2 });
    buffer.writeBytes(new Uint8Array(1000).fill(3));
    buffer.retrieve(996);
    buffer.shrink();
    expect(buffer.capacity).toBe(10);
    expect([...buffer.view()]).toEqual([3, 3, 3, 3]);
  });

  it('hands over bytes with take and handOff that later writes do not touch', () => {
    const buffer = new ByteBuffer({ initialCapacity: 8, prependSize: 0 });
    buffer.writeU32(0x01020304);
    const taken = buffer.take(2);
    const handed = buffer.handOff();
    const capacity = buffer.capacity;
    buffer.writeU16(0xffff);
    expect(buffer.capacity).toBe(capacity);
    buffer.compact();
    buffer.retrieveAll();
    buffer.writeU32(0xffffffff);
    expect([...taken]).toEqual([1, 2]);
    expect([...handed]).toEqual([3, 4]);
  });

  it('adopts a chunk without copying when empty, and reuses its grown array on overflow', () => {
    const buffer = new ByteBuffer({ initialCapacity: 4, prependSize: 0 });
    buffer.writeBytes(new Uint8Array(64));
    buffer.retrieveAll();
    const grown = buffer.bytes;
    const chunk = Buffer.from([1, 2, 3]);
    buffer.adopt(chunk);
    expect(buffer.bytes).toBe(chunk);
    buffer.adopt(Buffer.from([4]));
    expect([...buffer.view()]).toEqual([1, 2, 3, 4]);
    expect(buffer.bytes).toBe(grown);
  });

  it('copies a range of another array with writeBytes(source, start, end)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(200), fc.nat(200), (source, x, y) => {
        const start = Math.min(x, y, source.length);
        const end = Math.min(Math.max(x, y), source.length);
        const buffer = new ByteBuffer({ initialCapacity: 8 });
        buffer.writeBytes(source, start, end);
        expect([...buffer.view()]).toEqual([...source.subarray(start, end)]);
      }),
    );
    expectCode(() => new ByteBuffer().writeBytes(new Uint8Array(4), 3, 5), 'invalid-value');
    expectCode(() => new ByteBuffer().writeBytes(new Uint8Array(4), 3, 2), 'invalid-value');
  });

  it('rejects values out of range for their type and bad lengths', () => {
    const buffer = new ByteBuffer();
    expectCode(() => buffer.writeU8(256), 'invalid-value');
    expectCode(() => buffer.writeU8(1.5), 'invalid-value');
    expectCode(() => buffer.writeI8(-129), 'invalid-value');
    expectCode(() => buffer.writeU16(-1), 'invalid-value');
    expectCode(() => buffer.writeI16(40000), 'invalid-value');
    expectCode(() => buffer.writeU32(2 ** 32), 'invalid-value');
    expectCode(() => buffer.writeI32(2 ** 31), 'invalid-value');
    expectCode(() => buffer.writeU64(-1, 0), 'invalid-value');
    expectCode(() => buffer.writeU64BigInt(-1n), 'invalid-value');
    expectCode(() => buffer.writeI64BigInt(2n ** 63n), 'invalid-value');
    expectCode(() => buffer.commit(buffer.writableBytes + 1), 'invalid-value');
    expectCode(() => buffer.view(-1), 'invalid-value');
    expectCode(() => buffer.peekU8(Number.NaN), 'invalid-value');
    expectCode(() => buffer.ensureWritable(Number.NaN), 'invalid-value');
    expect(buffer.readableBytes).toBe(0);
    buffer.writeU64(0xffffffff, 0);
    expectCode(() => buffer.readU64Number(), 'invalid-value');
    expect(buffer.readableBytes).toBe(8);
  });

  it('refuses to read past the readable bytes', () => {
    const buffer = new ByteBuffer();
    buffer.writeU16(1);
    expectCode(() => buffer.readU32(), 'insufficient-data');
    expectCode(() => buffer.peekU8(2), 'insufficient-data');
    expectCode(() => buffer.take(3), 'insufficient-data');
    expect(buffer.readU16()).toBe(1);
  });

  it('validates its options', () => {
    expectCode(() => new ByteBuffer({ initialCapacity: -1 }), 'invalid-value');
    expectCode(() => new ByteBuffer({ prependSize: 1.5 }), 'invalid-value');
    expectCode(() => new ByteBuffer({ initialCapacity: 10, maxCapacity: 5 }), 'invalid-value');
  });
});
