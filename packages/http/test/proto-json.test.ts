import { fileURLToPath } from 'node:url';
import { type GatewayMethod, isRpcError, Status } from '@yrpc/rpc';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { binaryToJson, jsonSchema, jsonToBinary } from '../src/json/proto-json.js';

const root = protobuf.loadSync(
  fileURLToPath(new URL('./fixtures/connect-json.proto', import.meta.url)),
);
root.resolveAll();
const Scalars = root.lookupType('yrpc.test.connectjson.Scalars');
const WellKnown = root.lookupType('yrpc.test.connectjson.WellKnown');

const text = new TextEncoder();
const utf8 = new TextDecoder();

/** JSON text → binary → JSON value, as a call's request and response would go. */
function roundTrip(type: protobuf.Type, json: string): unknown {
  return JSON.parse(utf8.decode(binaryToJson(type, jsonToBinary(type, text.encode(json)))));
}

/** The RpcError `fn` throws. */
function thrown(fn: () => unknown): { code: number; message: string; stack?: string } {
  try {
    fn();
  } catch (error) {
    if (isRpcError(error)) return error;
    throw error;
  }
  throw new Error('expected an RpcError');
}

describe('proto3 JSON of scalars', () => {
  it('writes 64-bit integers as strings and reads strings and numbers', () => {
    expect(
      roundTrip(
        Scalars,
        '{"fInt64":"-9223372036854775808","fUint64":"18446744073709551615","fSint64":-5,"fFixed64":1e3,"fSfixed64":"7"}',
      ),
    ).toEqual({
      fInt64: '-9223372036854775808',
      fUint64: '18446744073709551615',
      fSint64: '-5',
      fFixed64: '1000',
      fSfixed64: '7',
    });
  });

  it('accepts the proto field name as well as the lowerCamelCase JSON name, and writes the JSON name', () => {
    expect(roundTrip(Scalars, '{"f_int32":3,"f_string":"x"}')).toEqual({ fInt32: 3, fString: 'x' });
  });

  it('writes bytes as padded standard base64 and reads the URL-safe alphabet too', () => {
    expect(roundTrip(Scalars, '{"fBytes":"-_8"}')).toEqual({ fBytes: '+/8=' });
    expect(roundTrip(Scalars, '{"fBytes":"AQL6"}')).toEqual({ fBytes: 'AQL6' });
  });

  it('writes enums by name, reads names and numbers, and keeps an unknown number as a number', () => {
    expect(roundTrip(Scalars, '{"color":"COLOR_RED","colors":[2,"COLOR_RED",9]}')).toEqual({
      color: 'COLOR_RED',
      colors: ['COLOR_GREEN', 'COLOR_RED', 9],
    });
  });

  it('writes NaN and the infinities as strings', () => {
    expect(roundTrip(Scalars, '{"fDouble":"NaN","fFloat":"-Infinity"}')).toEqual({
      fDouble: 'NaN',
      fFloat: '-Infinity',
    });
    expect(roundTrip(Scalars, '{"fDouble":"Infinity"}')).toEqual({ fDouble: 'Infinity' });
  });

  it('leaves out implicit defaults and null, keeps a present optional zero', () => {
    expect(
      roundTrip(Scalars, '{"fInt32":0,"fString":"","fBool":false,"inner":null,"maybe":0}'),
    ).toEqual({ maybe: 0 });
  });

  it('writes maps as objects with string keys, and oneofs by their member', () => {
    expect(
      roundTrip(Scalars, '{"counts":{"a":1},"byId":{"-3":{"id":1}},"choiceText":"t"}'),
    ).toEqual({
      counts: { a: 1 },
      byId: { '-3': { id: 1 } },
      choiceText: 't',
    });
  });

  it('reads an int64 sent as a JSON number past 2^53 as JavaScript does, rounded (a known limit: send strings)', () => {
    expect(roundTrip(Scalars, '{"fInt64":9007199254740993}')).toEqual({
      fInt64: '9007199254740992',
    });
  });

  it('reads an empty body as the default message', () => {
    expect(jsonToBinary(Scalars, new Uint8Array()).length).toBe(0);
  });
});

describe('proto3 JSON of the well-known types', () => {
  it('Timestamp: RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits; offsets accepted', () => {
    expect(roundTrip(WellKnown, '{"at":"2020-02-29T10:00:00.120+01:00"}')).toEqual({
      at: '2020-02-29T09:00:00.120Z',
    });
    expect(roundTrip(WellKnown, '{"at":"1969-12-31T23:59:59.5Z"}')).toEqual({
      at: '1969-12-31T23:59:59.500Z',
    });
    expect(roundTrip(WellKnown, '{"at":"9999-12-31T23:59:59.999999999Z"}')).toEqual({
      at: '9999-12-31T23:59:59.999999999Z',
    });
    expect(roundTrip(WellKnown, '{"at":"0001-01-01T00:00:00Z"}')).toEqual({
      at: '0001-01-01T00:00:00Z',
    });
    expect(thrown(() => roundTrip(WellKnown, '{"at":"2021-02-29T00:00:00Z"}')).code).toBe(
      Status.INVALID_ARGUMENT,
    );
  });

  it('Duration: seconds with an "s", the sign on both parts', () => {
    expect(roundTrip(WellKnown, '{"took":"-0.5s"}')).toEqual({ took: '-0.500s' });
    expect(roundTrip(WellKnown, '{"took":"1.000000001s"}')).toEqual({ took: '1.000000001s' });
    expect(roundTrip(WellKnown, '{"took":"0s"}')).toEqual({ took: '0s' });
    expect(thrown(() => roundTrip(WellKnown, '{"took":"3"}')).message).toMatch(/invalid duration/);
    expect(thrown(() => roundTrip(WellKnown, '{"took":"315576000001s"}')).message).toMatch(
      /out of range/,
    );
  });

  it('Struct, Value and ListValue: plain JSON', () => {
    const json = {
      attributes: { a: [1, 'x', null, true, { b: {} }] },
      value: null,
      list: [1, 'two'],
    };
    expect(roundTrip(WellKnown, JSON.stringify(json))).toEqual(json);
    expect(roundTrip(WellKnown, '{"value":{"k":[false]}}')).toEqual({ value: { k: [false] } });
  });

  it('wrappers: the wrapped value itself, defaults kept (presence is the point)', () => {
    expect(
      roundTrip(
        WellKnown,
        '{"big":"0","small":0,"text":"","flag":false,"blob":"AA==","ratio":"NaN"}',
      ),
    ).toEqual({ big: '0', small: 0, text: '', flag: false, blob: 'AA==', ratio: 'NaN' });
  });

  it('FieldMask: one string of lowerCamelCase paths, snake_case paths refused', () => {
    expect(roundTrip(WellKnown, '{"mask":"fooBar,baz.quxQuux"}')).toEqual({
      mask: 'fooBar,baz.quxQuux',
    });
    expect(thrown(() => roundTrip(WellKnown, '{"mask":"foo_bar"}')).code).toBe(
      Status.INVALID_ARGUMENT,
    );
  });

  it('Any: "@type" with the fields inline, or "value" for a well-known type', () => {
    const inline = {
      any: { '@type': 'type.googleapis.com/yrpc.test.connectjson.Inner', id: 4, label: 'x' },
    };
    expect(roundTrip(WellKnown, JSON.stringify(inline))).toEqual(inline);
    const wrapped = {
      any: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1s' },
    };
    expect(roundTrip(WellKnown, JSON.stringify(wrapped))).toEqual(wrapped);
    expect(
      thrown(() => roundTrip(WellKnown, '{"any":{"@type":"type.googleapis.com/nope.Nope"}}')).code,
    ).toBe(Status.INVALID_ARGUMENT);
  });
});

describe('bad request JSON is INVALID_ARGUMENT with a message a person understands', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['malformed JSON', '{"fInt32":1,}', /invalid yrpc\.test\.connectjson\.Scalars JSON: .*JSON/],
    ['a wrong field type', '{"fInt64":true}', /Scalars\.fInt64: expected integer/],
    ['an unknown field', '{"nope":1}', /unknown field: "nope"/],
    ['a duplicate key', '{"fInt32":1,"fInt32":2}', /duplicate key/],
    ['an out-of-range number', '{"fInt32":2147483648}', /out of range for int32/],
    ['a fraction for an integer', '{"fUint32":1.5}', /not an integer/],
    ['an unknown enum name', '{"color":"PURPLE"}', /unknown enum value: "PURPLE"/],
    ['bad base64', '{"fBytes":"%%%"}', /not valid base64/],
    ['not an object', '[1]', /expected object/],
    ['two members of a oneof', '{"choiceText":"a","choiceInner":{}}', /oneof choice/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), /not valid UTF-8/],
  ];
  for (const [what, body, message] of cases) {
    it(what, () => {
      const error = thrown(() =>
        jsonToBinary(Scalars, typeof body === 'string' ? text.encode(body) : body),
      );
      expect(error.code).toBe(Status.INVALID_ARGUMENT);
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/\n\s+at |node_modules|protojson/);
    });
  }

  it('a response that does not decode is INTERNAL', () => {
    expect(thrown(() => binaryToJson(Scalars, new Uint8Array([0x0a, 0x05]))).code).toBe(
      Status.INTERNAL,
    );
  });
});

describe('jsonSchema', () => {
  const method = (schema: protobuf.Type | undefined): GatewayMethod => ({
    path: '/yrpc.test.S/M' as GatewayMethod['path'],
    service: 'yrpc.test.S',
    name: 'M',
    requestStream: false,
    responseStream: false,
    sideEffectFree: false,
    requestSchema: schema,
    responseSchema: schema,
  });

  it("gives the method's reflected types", () => {
    expect(jsonSchema(method(Scalars), 'request')).toBe(Scalars);
    expect(jsonSchema(method(Scalars), 'response')).toBe(Scalars);
  });

  it('refuses JSON for a method without one (static code) with UNIMPLEMENTED', () => {
    const error = thrown(() => jsonSchema(method(undefined), 'request'));
    expect(error.code).toBe(Status.UNIMPLEMENTED);
    expect(error.message).toBe(
      'yrpc.test.S/M has no reflected schema; use binary (application/proto)',
    );
  });
});

// ── Property tests: canonical binary → JSON → binary gives the same bytes ──

const nonZero = (value: number) => !Object.is(value, 0) && !Object.is(value, -0);
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const safeKey = fc.string().filter((key) => key !== '__proto__');
const inner = fc.record(
  { id: int32.filter(nonZero), label: fc.string({ unit: 'binary', minLength: 1 }) },
  { requiredKeys: [] },
);

/** Plain objects whose protobufjs encoding is canonical: no implicit default written. */
const scalars = fc
  .record(
    {
      fInt32: int32.filter(nonZero),
      fInt64: fc
        .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
        .filter((v) => v !== 0n)
        .map(String),
      fUint32: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
      fUint64: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String),
      fSint32: int32.filter(nonZero),
      fSint64: fc
        .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
        .filter((v) => v !== 0n)
        .map(String),
      fFixed32: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
      fFixed64: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String),
      fSfixed32: int32.filter(nonZero),
      fSfixed64: fc
        .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
        .filter((v) => v !== 0n)
        .map(String),
      fFloat: fc.float().filter(nonZero),
      fDouble: fc.double().filter(nonZero),
      fBool: fc.constant(true),
      fString: fc.string({ unit: 'binary', minLength: 1 }),
      fBytes: fc.uint8Array({ minLength: 1 }),
      color: fc.constantFrom(1, 2, 7),
      inner,
      numbers: fc.array(int32, { minLength: 1 }),
      names: fc.array(fc.string({ unit: 'binary' }), { minLength: 1 }),
      inners: fc.array(inner, { minLength: 1 }),
      counts: fc.dictionary(safeKey, int32, { noNullPrototype: true }),
      byId: fc.dictionary(fc.integer({ min: -1000, max: 1000 }).map(String), inner, {
        noNullPrototype: true,
      }),
      maybe: int32,
      colors: fc.array(fc.constantFrom(0, 1, 2, 9), { minLength: 1 }),
    },
    { requiredKeys: [] },
  )
  .chain((base) =>
    fc
      .oneof(
        fc.constant({}),
        fc.record({ choiceText: fc.string() }),
        fc.record({ choiceInner: inner }),
      )
      .map((choice) => ({ ...base, ...choice })),
  );

/** Valid Timestamp, Duration and JSON-shaped Struct values. */
const wellKnown = fc.record(
  {
    at: fc.record({
      seconds: fc.integer({ min: -62135596800, max: 253402300799 }),
      nanos: fc.integer({ min: 0, max: 999999999 }),
    }),
    took: fc
      .tuple(
        fc.integer({ min: 0, max: 315576000000 }),
        fc.integer({ min: 0, max: 999999999 }),
        fc.boolean(),
      )
      .map(([seconds, nanos, negative]) =>
        negative ? { seconds: -seconds, nanos: -nanos } : { seconds, nanos },
      ),
    attributes: fc
      .dictionary(safeKey, fc.jsonValue(), { noNullPrototype: true })
      .map((value) => JSON.parse(JSON.stringify(value)) as unknown),
    list: fc.array(fc.jsonValue()).map((value) => JSON.parse(JSON.stringify(value)) as unknown),
    big: fc.record({ value: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String) }),
    blob: fc.record({ value: fc.uint8Array({ minLength: 1 }) }),
  },
  { requiredKeys: [] },
);

/** binary → JSON → binary. */
function viaJson(type: protobuf.Type, binary: Uint8Array): Uint8Array {
  return jsonToBinary(type, binaryToJson(type, binary));
}

describe('binary → JSON → binary is the identity (fast-check)', () => {
  it('of every scalar kind, nesting, repeats, maps and oneofs', () => {
    fc.assert(
      fc.property(scalars, (value) => {
        const binary = Scalars.encode(Scalars.fromObject(value)).finish();
        expect(Buffer.from(viaJson(Scalars, binary)).equals(Buffer.from(binary))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('of Timestamp, Duration, Struct, ListValue and wrappers', () => {
    fc.assert(
      fc.property(wellKnown, (value) => {
        const message = WellKnown.fromObject(
          Object.fromEntries(
            Object.entries(value).map(([key, field]) => [
              key,
              key === 'attributes' || key === 'list' ? jsonToStruct(key, field) : field,
            ]),
          ),
        );
        const binary = WellKnown.encode(message).finish();
        expect(Buffer.from(viaJson(WellKnown, binary)).equals(Buffer.from(binary))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

/** A JSON value as the plain object of a Struct or ListValue message (through its own JSON form). */
function jsonToStruct(key: string, json: unknown): unknown {
  const type = WellKnown.fields[key]?.resolvedType as protobuf.Type;
  return type.toObject(type.decode(jsonToBinary(type, text.encode(JSON.stringify(json)))));
}
