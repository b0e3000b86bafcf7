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

  it('grows into an array given back with recycleHandedOff instead of a fresh one', () => {
    const buffer = new ByteBuffer({ initialCapacity: 0, prependSize: 0 });
    // Exactly the array's size (growth doubles from 1): no room left after the hand-off.
    buffer.writeBytes(new Uint8Array(128 * 1024).fill(1));
    const first = buffer.handOff();
    // Past the end of the handed-off array: a fresh array, the first one still untouched.
    buffer.writeBytes(new Uint8Array(10).fill(2));
    const second = buffer.bytes;
    expect(second.buffer === first.buffer).toBe(false);
    buffer.recycleHandedOff(first);
    buffer.handOff();
    buffer.writeBytes(new Uint8Array(120 * 1024).fill(3));
    // The recycled array is large enough: written into again, from its start.
    expect(buffer.bytes.buffer === first.buffer).toBe(true);
    expect(first[0]).toBe(3);
    // Small arrays, foreign arrays and arrays smaller than the one kept are not taken.
    const small = new ByteBuffer({ initialCapacity: 0, prependSize: 0 });
    small.writeBytes(new Uint8Array(1000));
    const smallHanded = small.handOff();
    small.writeBytes(new Uint8Array(70 * 1024));
    small.recycleHandedOff(smallHanded);
    small.handOff();
    small.writeBytes(new Uint8Array(80 * 1024));
    expect(small.bytes.buffer === smallHanded.buffer).toBe(false);
  });

  it('writes over handed-off bytes again only once they are reclaimed, and only when empty', () => {
    const buffer = new ByteBuffer({ initialCapacity: 8, prependSize: 0 });
    buffer.writeU32(0x01020304);
    const handed = buffer.handOff();
    buffer.writeU16(0x0506);
    // Bytes are readable: nothing is reclaimed, the handed-off ones stay untouched.
    buffer.reclaimHandedOff();
    buffer.retrieveAll();
    buffer.writeU16(0x0708);
    expect([...handed]).toEqual([1, 2, 3, 4]);
    buffer.handOff();
    const array = buffer.bytes;
    buffer.reclaimHandedOff();
    // The same array, written from its start again.
    buffer.writeU32(0x0a0b0c0d);
    expect(buffer.bytes).toBe(array);
    expect(buffer.readerIndex).toBe(0);
    expect([...handed]).toEqual([0x0a, 0x0b, 0x0c, 0x0d]);
    expect(buffer.prependableBytes).toBe(0);
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

// ── takeOwned and ensureReadableCapacity ────────────────────────────────

/** `length` bytes derived from `seed`, so content mix-ups show. */
function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (seed + i * 31 + (i >>> 8)) & 0xff;
  return bytes;
}

type ChunkKind = 'buffer' | 'pooled' | 'uint8' | 'offset';
/** A byte count, or a share (per thousand) of what is readable at the time. */
type Amount = number | { readonly part: number };

type OwnedOp =
  | { kind: 'write'; length: number; seed: number }
  | { kind: 'adopt'; length: number; seed: number; chunk: ChunkKind }
  | { kind: 'takeOwned'; amount: Amount }
  | { kind: 'take'; amount: Amount }
  | { kind: 'retrieve'; amount: Amount }
  | { kind: 'readOwned'; amount: Amount }
  | { kind: 'prepend32'; value: number }
  | { kind: 'reserve'; length: number; seed: number }
  | { kind: 'ensureReadableCapacity'; extra: number }
  | { kind: 'compact' }
  | { kind: 'shrink' };

// Sizes around the copy threshold (16 KiB) and well above it, and small ones.
const ownedLength = fc.oneof(
  fc.nat(64),
  fc.integer({ min: 15 * 1024, max: 18 * 1024 }),
  fc.integer({ min: 18 * 1024, max: 160 * 1024 }),
);
const amount: fc.Arbitrary<Amount> = fc.oneof(
  ownedLength,
  fc.integer({ min: 0, max: 1000 }).map((part) => ({ part })),
  fc.constant({ part: 1000 }),
);
const ownedOpArb: fc.Arbitrary<OwnedOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      length: ownedLength,
      seed: fc.nat(255),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('adopt' as const),
      length: ownedLength,
      seed: fc.nat(255),
      chunk: fc.constantFrom<ChunkKind>('buffer', 'pooled', 'uint8', 'offset'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('takeOwned' as const), amount }) },
  {
    // Most of what is readable: the frame-sized takes that go without copying.
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('takeOwned' as const),
      amount: fc.integer({ min: 500, max: 1000 }).map((part) => ({ part })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('takeOwned' as const), amount: fc.constant(-1) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('take' as const), amount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retrieve' as const), amount }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('readOwned' as const), amount }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prepend32' as const), value: u32 }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      length: fc.nat(300),
      seed: fc.nat(255),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('ensureReadableCapacity' as const),
      extra: ownedLength,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'shrink' as const }) },
);

/** A chunk to adopt, of the kinds a buffer meets: socket Buffers, pool slices, plain views. */
function makeChunk(kind: ChunkKind, bytes: Uint8Array): Uint8Array {
  switch (kind) {
    case 'buffer': {
      const chunk = Buffer.allocUnsafeSlow(bytes.length);
      chunk.set(bytes);
      return chunk;
    }
    case 'pooled':
      // Small Buffer.from results are slices of Node's shared pool.
      return Buffer.from(bytes);
    case 'uint8':
      return bytes.slice();
    case 'offset': {
      const backing = new Uint8Array(bytes.length + 96);
      backing.set(bytes, 48);
      return backing.subarray(48, 48 + bytes.length);
    }
  }
}

describe('ByteBuffer.takeOwned', () => {
  it('gives arrays that keep their content, and leaves what a simple model says', () => {
    let zeroCopy = 0;
    let copied = 0;
    fc.assert(
      fc.property(
        fc.array(ownedOpArb, { minLength: 4, maxLength: 40, size: 'max' }),
        fc.integer({ min: 0, max: 2048 }),
        fc.integer({ min: 0, max: 40 }),
        (ops, initialCapacity, prependSize) => {
          const maxCapacity = 1024 * 1024;
          const buffer = new ByteBuffer({ initialCapacity, prependSize, maxCapacity });
          let model = Buffer.alloc(0);
          const kept: [Uint8Array, Buffer][] = [];
          const append = (bytes: Uint8Array, act: () => void) => {
            if (prependSize + model.length + bytes.length > maxCapacity) {
              expectCode(act, 'capacity-exceeded');
              return;
            }
            act();
            model = Buffer.concat([model, bytes]);
          };
          const consume = (length: number, act: () => Uint8Array | undefined) => {
            if (length > model.length || length < 0) {
              expect(act).toThrow(ByteBufferError);
              return;
            }
            const got = act();
            const expected = Buffer.from(model.subarray(0, length));
            model = model.subarray(length);
            if (got !== undefined) {
              expect(Buffer.from(got).equals(expected)).toBe(true);
              kept.push([got, expected]);
            }
          };
          const lengthOf = (value: Amount) =>
            typeof value === 'number' ? value : Math.floor((model.length * value.part) / 1000);
          for (const op of ops) {
            switch (op.kind) {
              case 'write': {
                const bytes = pattern(op.length, op.seed);
                append(bytes, () => buffer.writeBytes(bytes));
                break;
              }
              case 'adopt': {
                const bytes = pattern(op.length, op.seed);
                const chunk = makeChunk(op.chunk, bytes);
                // Adopting when empty needs no room beyond the chunk itself.
                if (model.length === 0 && chunk.length <= maxCapacity) {
                  buffer.adopt(chunk);
                  model = Buffer.from(bytes);
                } else {
                  append(bytes, () => buffer.adopt(chunk));
                }
                break;
              }
              case 'takeOwned': {
                const storage = buffer.bytes.buffer;
                const length = lengthOf(op.amount);
                consume(length, () => {
                  const owned = buffer.takeOwned(length);
                  if (owned.buffer === storage) zeroCopy++;
                  else copied++;
                  return owned;
                });
                break;
              }
              case 'take': {
                const length = lengthOf(op.amount);
                consume(length, () => buffer.take(length));
                break;
              }
              case 'readOwned': {
                const length = lengthOf(op.amount);
                consume(length, () => buffer.readOwned(length));
                break;
              }
              case 'retrieve': {
                const length = lengthOf(op.amount);
                consume(length, () => {
                  buffer.retrieve(length);
                  return undefined;
                });
                break;
              }
              case 'prepend32':
                if (buffer.prependableBytes >= 4) {
                  buffer.prependU32(op.value);
                  const head = Buffer.alloc(4);
                  head.writeUInt32BE(op.value);
                  model = Buffer.concat([head, model]);
                } else {
                  expectCode(() => buffer.prependU32(op.value), 'insufficient-prepend');
                }
                break;
              case 'reserve': {
                const bytes = pattern(op.length, op.seed);
                append(bytes, () => {
                  buffer.reserve(op.length).set(bytes);
                  buffer.commit(op.length);
                });
                break;
              }
              case 'ensureReadableCapacity': {
                const total = model.length + op.extra;
                if (prependSize + total > maxCapacity) {
                  expectCode(() => buffer.ensureReadableCapacity(total), 'capacity-exceeded');
                } else {
                  buffer.ensureReadableCapacity(total);
                  // The promised room: the rest arrives without a new array.
                  const storage = buffer.bytes;
                  const rest = pattern(op.extra, total);
                  buffer.writeBytes(rest);
                  model = Buffer.concat([model, rest]);
                  expect(buffer.bytes).toBe(storage);
                }
                break;
              }
              case 'compact':
                buffer.compact();
                break;
              case 'shrink':
                buffer.shrink();
                break;
            }
            expect(buffer.readableBytes).toBe(model.length);
            expect(Buffer.from(buffer.view()).equals(model)).toBe(true);
            for (const [array, content] of kept) {
              expect(
                Buffer.from(array.buffer, array.byteOffset, array.length).equals(content),
              ).toBe(true);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
    // Both ways were taken often enough for the property to mean something.
    expect(zeroCopy).toBeGreaterThan(30);
    expect(copied).toBeGreaterThan(30);
  });

  it('hands a large range over without copying and goes on in fresh storage', () => {
    const buffer = new ByteBuffer({ initialCapacity: 0, prependSize: 0 });
    const frame = pattern(100_000, 1);
    const next = pattern(10, 2);
    buffer.writeBytes(frame.subarray(0, 1000));
    buffer.ensureReadableCapacity(100_000);
    const storage = buffer.bytes;
    buffer.writeBytes(frame.subarray(1000));
    expect(buffer.bytes).toBe(storage);
    const owned = buffer.takeOwned(100_000);
    expect(owned.buffer).toBe(storage.buffer);
    expect(owned).not.toBeInstanceOf(Buffer);
    expect(buffer.bytes).not.toBe(storage);
    expect(buffer.readableBytes).toBe(0);
    buffer.writeBytes(next);
    expect([...buffer.view()]).toEqual([...next]);
    // Nothing the buffer does later touches the caller's bytes.
    buffer.writeBytes(pattern(200_000, 3));
    buffer.compact();
    buffer.retrieveAll();
    buffer.writeBytes(pattern(50_000, 4));
    expect(Buffer.from(owned).equals(Buffer.from(frame))).toBe(true);
  });

  it('copies small ranges and ranges of a much larger array', () => {
    const buffer = new ByteBuffer({ initialCapacity: 0, prependSize: 0 });
    buffer.writeBytes(pattern(40_000, 5));
    const storage = buffer.bytes;
    const small = buffer.takeOwned(16 * 1024 - 1);
    expect(small.buffer).not.toBe(storage.buffer);
    expect(buffer.bytes).toBe(storage);

    const big = new ByteBuffer({ initialCapacity: 0, prependSize: 0 });
    big.ensureReadableCapacity(1024 * 1024);
    big.writeBytes(pattern(20_000, 6));
    const bigStorage = big.bytes;
    const slice = big.takeOwned(20_000);
    // 20 KB of a 1 MiB array: copied, so it cannot pin the array.
    expect(slice.buffer).not.toBe(bigStorage.buffer);
    expect(slice.buffer.byteLength).toBe(20_000);
    expect(big.bytes).toBe(bigStorage);
    expect(Buffer.from(slice).equals(Buffer.from(pattern(20_000, 6)))).toBe(true);
  });

  it('hands over an adopted socket chunk without copying; later chunks never touch it', () => {
    const buffer = new ByteBuffer({ initialCapacity: 0, prependSize: 0 });
    const chunk = Buffer.allocUnsafeSlow(64 * 1024);
    chunk.set(pattern(chunk.length, 7));
    buffer.adopt(chunk);
    const owned = buffer.takeOwned(40 * 1024);
    expect(owned.buffer).toBe(chunk.buffer);
    expect(buffer.readableBytes).toBe(24 * 1024);
    expect(Buffer.from(buffer.view()).equals(chunk.subarray(40 * 1024))).toBe(true);
    for (let i = 0; i < 4; i++) buffer.adopt(Buffer.alloc(64 * 1024, 0xee));
    buffer.compact();
    expect(
      Buffer.from(owned).equals(Buffer.from(pattern(64 * 1024, 7).subarray(0, 40 * 1024))),
    ).toBe(true);
  });

  it('validates its length', () => {
    const buffer = new ByteBuffer();
    buffer.writeU32(1);
    expectCode(() => buffer.takeOwned(5), 'insufficient-data');
    expectCode(() => buffer.takeOwned(-1), 'invalid-value');
    expect([...buffer.takeOwned(0)]).toEqual([]);
    expect(buffer.readableBytes).toBe(4);
  });
});

describe('ByteBuffer.ensureReadableCapacity', () => {
  it('grows once for the total, so the rest is appended without moving it again', () => {
    const buffer = new ByteBuffer({ initialCapacity: 0, prependSize: 0, maxCapacity: 1 << 21 });
    buffer.adopt(Buffer.from(pattern(1000, 8)));
    buffer.ensureReadableCapacity(1024 * 1024);
    const storage = buffer.bytes;
    // Room for exactly the total: the array can be handed over whole once it is full.
    expect(buffer.capacity).toBe(1024 * 1024);
    let written = 1000;
    while (written < 1024 * 1024) {
      const length = Math.min(60_000, 1024 * 1024 - written);
      buffer.writeBytes(pattern(length, written));
      written += length;
    }
    expect(buffer.bytes).toBe(storage);
    expect(buffer.peekU8(0)).toBe(pattern(1, 8)[0]);
  });

  it('does nothing when the array holds the total, and refuses more than maxCapacity', () => {
    const buffer = new ByteBuffer({ initialCapacity: 4096, prependSize: 8, maxCapacity: 8192 });
    buffer.writeBytes(pattern(100, 9));
    const storage = buffer.bytes;
    buffer.ensureReadableCapacity(4000);
    expect(buffer.bytes).toBe(storage);
    expectCode(() => buffer.ensureReadableCapacity(8185), 'capacity-exceeded');
    expectCode(() => buffer.ensureReadableCapacity(-1), 'invalid-value');
    buffer.ensureReadableCapacity(8184);
    expect(buffer.capacity).toBe(8192);
    expect(Buffer.from(buffer.view()).equals(Buffer.from(pattern(100, 9)))).toBe(true);
  });
});
