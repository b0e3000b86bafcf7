import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProtoSync, type MessageCodec, MessageConversionError } from '../src/index.js';
import { convertingCodec } from '../src/message/converting-codec.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

/** The request codec of the conversion fixture's Echo (its Everything message). */
function everythingCodec(): MessageCodec {
  const service = loadProtoSync('conversion.proto', { includeDirs: [fixtures] }).service(
    'yrpc.test.conversion.Conversion',
  );
  return service.methods.get('Echo')?.requestType as MessageCodec;
}

const everything = everythingCodec();

function roundTrip(codec: MessageCodec, input: unknown): Record<string, unknown> {
  return codec.decode(codec.encode(input).finish()) as Record<string, unknown>;
}

function problem(codec: MessageCodec, input: unknown): MessageConversionError {
  try {
    codec.encode(input);
  } catch (error) {
    if (MessageConversionError.is(error)) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('input conversion', () => {
  it('takes every accepted form of each kind of field', () => {
    const out = roundTrip(everything, {
      color: 2,
      colors: ['RED', 1, 7],
      an_int32: 12n,
      aUint64: '18446744073709551615',
      aFixed64: 42,
      some_bytes: new Uint8Array([9]).buffer,
      took: '-1.25s',
      anything: [1, 'two', { three: null }],
      list: [false],
      maybeString: 'x',
      maybeBool: null,
      maybeBytes: Buffer.from('hi'),
      maybeUint32: { value: 3 },
      counts: new Map([['k', 1n]]),
      namesById: new Map<bigint, string>([[-9223372036854775808n, 'min']]),
      flags: new Map<boolean, string>([[false, 'GREEN']]),
      places: { 7: { latitude: 1 } },
    });
    expect(out).toMatchObject({
      color: 'GREEN',
      colors: ['RED', 'RED', 7],
      anInt32: 12,
      aUint64: 18446744073709551615n,
      aFixed64: 42n,
      took: { seconds: -1n, nanos: -250_000_000 },
      anything: [1, 'two', { three: null }],
      list: [false],
      maybeString: 'x',
      maybeBool: null,
      maybeUint32: 3,
      counts: { k: 1n },
      namesById: { '-9223372036854775808': 'min' },
      flags: { false: 'GREEN' },
      places: { 7: { latitude: 1, longitude: 0 } },
    });
    expect([...(out.someBytes as Uint8Array)]).toEqual([9]);
    expect(Buffer.from(out.maybeBytes as Uint8Array).toString()).toBe('hi');
  });

  it('encodes a message already in protobufjs form as it is, and converts one that is not', () => {
    const native = { aString: 'x', location: { latitude: 1 }, int64s: [1, 2], counts: { a: 3 } };
    expect(roundTrip(everything, native)).toMatchObject({
      aString: 'x',
      location: { latitude: 1, longitude: 0 },
      int64s: [1n, 2n],
      counts: { a: 3n },
    });
    // Instances of classes and objects with extra keys go through the checked conversion.
    class Located {
      latitude = 5;
    }
    expect(roundTrip(everything, { location: new Located() }).location).toEqual({
      latitude: 5,
      longitude: 0,
    });
    expect(roundTrip(everything, undefined).aString).toBe('');
  });

  it('names the field and the problem for each wrong value', () => {
    const cases: [unknown, string, string][] = [
      [{ anInt32: 2 ** 31 }, 'anInt32', 'expected int32, got number 2147483648: out of range'],
      [{ aUint32: -1 }, 'aUint32', 'expected uint32, got number -1: out of range'],
      [{ anInt64: '12abc' }, 'anInt64', 'expected int64, got string "12abc"'],
      [{ anInt64: 2n ** 63n }, 'anInt64', 'out of range'],
      [{ aFloat: 1e39 }, 'aFloat', 'expected float, got number 1e+39: out of range'],
      [{ aBool: 'true' }, 'aBool', 'expected bool, got string "true"'],
      [{ someBytes: 'aGk=' }, 'someBytes', 'expected bytes, got string "aGk="'],
      [{ colors: ['RED', 'BLUE'] }, 'colors[1]', 'name or number'],
      [{ locations: 'x' }, 'locations', 'expected an array, got string "x"'],
      [{ places: { x: {} } }, 'places["x"]', 'expected a uint32 map key'],
      [{ flags: { yes: 1 } }, 'flags["yes"]', 'expected a bool map key'],
      [
        { child: { child: { at: 5 } } },
        'child.child.at',
        'expected a google.protobuf.Timestamp message (an object), got number 5',
      ],
      [{ took: '90m' }, 'took', 'expected a Duration such as "1.5s"'],
      [{ attributes: [1] }, 'attributes', 'expected a Struct (a plain JSON object), got an array'],
      [{ list: { a: 1 } }, 'list', 'expected a ListValue (an array), got an object'],
      [{ maybeInt64: 1.5 }, 'maybeInt64', 'expected int64, got number 1.5'],
      [{ at: new Date('0000-06-01T00:00:00Z') }, 'at', 'outside years 1 to 9999'],
      [{ aString: 'a', a_string: 'b' }, 'a_string', 'given twice, as aString and as a_string'],
      [
        { location: [] },
        'location',
        'expected a yrpc.test.wk.Location message (an object), got an array',
      ],
    ];
    for (const [input, path, what] of cases) {
      const error = problem(everything, input);
      expect(error.fieldPath, JSON.stringify(String(path))).toBe(path);
      expect(error.message).toContain(what);
      expect(error.code).toBe('INVALID_MESSAGE');
    }
  });

  it('takes only the numbers a closed (proto2) enum names, and requires required fields', () => {
    const reading = loadProtoSync('closed.proto', { includeDirs: [fixtures] });
    const codec = convertingCodec(reading.root.lookupType('yrpc.test.closed.Reading'), undefined);
    expect(roundTrip(codec, { level: 'HIGH', history: [1, 'LOW'] })).toEqual({
      level: 'HIGH',
      history: ['LOW', 'LOW'],
    });
    const signed = convertingCodec(reading.root.lookupType('yrpc.test.closed.Signed'), undefined);
    expect(roundTrip(signed, { by: 'ada' })).toEqual({ by: 'ada' });
    expect(problem(signed, { reading: {} }).message).toBe(
      'by: required by yrpc.test.closed.Signed, not given',
    );
    expect(problem(codec, { level: 3 }).message).toContain(
      'level: expected a yrpc.test.closed.Level name or number (LOW, HIGH), got number 3',
    );
  });

  it('keeps the well-known types as messages when asked, and takes them that way', () => {
    const asMessages = everything.forEndpoint?.({ wellKnownTypes: 'message' }) ?? everything;
    const out = roundTrip(asMessages, {
      attributes: { fields: { a: { stringValue: 'b' } } },
      anything: { nullValue: 'NULL_VALUE' },
      maybeInt64: { value: 5n },
      at: new Date(2000),
    });
    expect(out).toMatchObject({
      attributes: { fields: { a: { stringValue: 'b' } } },
      anything: { nullValue: 'NULL_VALUE' },
      maybeInt64: { value: 5n },
      at: { seconds: 2n, nanos: 0 },
    });
  });
});
