import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonValue, loadProtoSync, type MessageOptions, PreciseDate } from '../src/index.js';
import { convertingCodec } from '../src/message/converting-codec.js';
import { resolveMessageOptions } from '../src/message/message-options.js';
import { messageOutput, plainDecodeTarget } from '../src/message/message-output.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const echo = loadProtoSync('conversion.proto', { includeDirs: [fixtures] })
  .service('yrpc.test.conversion.Conversion')
  .methods.get('Echo');
if (echo === undefined) throw new Error('the fixture has no Echo');
const codec = echo.requestType;

/** Every combination of the output options. */
const MODES: MessageOptions[] = [];
for (const longs of ['bigint', 'string', 'number'] as const) {
  for (const enums of ['name', 'number'] as const) {
    for (const wellKnownTypes of ['native', 'message'] as const) {
      for (const defaults of [true, false]) MODES.push({ longs, enums, wellKnownTypes, defaults });
    }
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A 64-bit integer in each form input takes: bigint, safe number, decimal string. */
function int64(min: bigint, max: bigint): fc.Arbitrary<bigint | number | string> {
  return fc.bigInt({ min, max }).chain((value) => {
    const forms: fc.Arbitrary<bigint | number | string>[] = [
      fc.constant(value),
      fc.constant(value.toString()),
    ];
    if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
      forms.push(fc.constant(Number(value)));
    }
    return fc.oneof(...forms);
  });
}

const signed64 = int64(INT64_MIN, INT64_MAX);
const unsigned64 = int64(0n, UINT64_MAX);
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const color = fc.oneof(
  fc.constantFrom('COLOR_UNSPECIFIED', 'RED', 'GREEN'),
  fc.integer({ min: -3, max: 9 }),
);
const location = fc.record(
  {
    latitude: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
    longitude: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
  },
  { requiredKeys: [] },
);
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    text,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const instant = fc
  .tuple(
    fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
    fc.integer({ min: 0, max: 999_999 }),
    fc.boolean(),
  )
  .map(([ms, nanos, precise]) => (precise ? new PreciseDate(ms, nanos) : new Date(ms)));
const duration = fc
  .tuple(
    fc.integer({ min: -315_576_000, max: 315_576_000 }),
    fc.integer({ min: 0, max: 999_999_999 }),
  )
  .map(([seconds, nanos]) => (seconds < 0 ? { seconds, nanos: -nanos } : { seconds, nanos }));

/** A valid message of yrpc.test.conversion.Everything in the forms input accepts. */
const everything = fc
  .record(
    {
      aDouble: fc.double(),
      aFloat: fc.float(),
      anInt32: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
      aUint32: fc.integer({ min: 0, max: 4_294_967_295 }),
      aSint32: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
      aFixed32: fc.integer({ min: 0, max: 4_294_967_295 }),
      anSfixed32: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
      anInt64: signed64,
      aUint64: unsigned64,
      aSint64: signed64,
      aFixed64: unsigned64,
      anSfixed64: signed64,
      aBool: fc.boolean(),
      a_string: text,
      someBytes: fc.uint8Array({ maxLength: 8 }),
      color,
      location,
      int64s: fc.array(signed64, { maxLength: 4 }),
      colors: fc.array(color, { maxLength: 4 }),
      locations: fc.array(location, { maxLength: 3 }),
      counts: fc.dictionary(text, signed64, { maxKeys: 3 }),
      namesById: fc.dictionary(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).map(String), text, {
        maxKeys: 3,
      }),
      flags: fc.dictionary(fc.constantFrom('true', 'false'), color, { maxKeys: 2 }),
      places: fc.dictionary(fc.integer({ min: 0, max: 4_294_967_295 }).map(String), location, {
        maxKeys: 3,
      }),
      free_reason: text,
      at: instant,
      took: fc.oneof(
        duration,
        duration.map(
          ({ seconds, nanos }) =>
            `${seconds < 0 || nanos < 0 ? '-' : ''}${Math.abs(seconds)}.${String(Math.abs(nanos)).padStart(9, '0')}s`,
        ),
      ),
      attributes: fc.dictionary(text, json, { maxKeys: 3 }),
      anything: json,
      list: fc.array(json, { maxLength: 3 }),
      maybeInt64: signed64,
      maybeString: text,
      maybeBool: fc.boolean(),
      maybeBytes: fc.uint8Array({ maxLength: 4 }),
      maybeDouble: fc.double(),
      maybeUint32: fc.integer({ min: 0, max: 4_294_967_295 }),
      times: fc.array(instant, { maxLength: 2 }),
      child: fc.record({ anInt64: signed64, color, at: instant }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  )
  .chain((message) =>
    fc
      .oneof(
        fc.constant({}),
        text.map((chosenText) => ({ chosenText })),
        signed64.map((chosenNumber) => ({ chosenNumber })),
        location.map((chosenLocation) => ({ chosenLocation })),
      )
      .map((choice) => ({ ...message, ...choice })),
  );

const simpleType = loadProtoSync('conversion.proto', { includeDirs: [fixtures] }).root.lookupType(
  'yrpc.test.conversion.Simple',
);
const simple = fc.record(
  {
    text,
    data: fc.uint8Array({ maxLength: 6 }),
    numbers: fc.array(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), { maxLength: 4 }),
    ratio: fc.double(),
    flag: fc.boolean(),
    color: fc.integer({ min: 0, max: 5 }),
    words: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

describe('message conversion round trip', () => {
  it('decodes simple messages straight into plain objects, the same as the general way', () => {
    const modes = MODES.filter((mode) => mode.defaults);
    fc.assert(
      fc.property(simple, (input) => {
        for (const mode of modes) {
          const direct = convertingCodec(simpleType, mode);
          const bytes = direct.encode(input).finish();
          const resolved = resolveMessageOptions(mode);
          const general = messageOutput(simpleType, resolved)(simpleType.decode(bytes));
          const received = direct.decode(bytes);
          expect(received).toEqual(general);
          expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
          expect(Buffer.from(direct.encode(received).finish()).equals(Buffer.from(bytes))).toBe(
            true,
          );
        }
      }),
      { numRuns: 100 },
    );
    // Only with defaults and enums as numbers is the straight way taken.
    expect(plainDecodeTarget(simpleType, resolveMessageOptions({ enums: 'number' }))).toBeDefined();
    expect(plainDecodeTarget(simpleType, resolveMessageOptions({}))).toBeUndefined();
  });

  it('gives back exactly what it gave, in every output mode', () => {
    fc.assert(
      fc.property(everything, (input) => {
        const bytes = codec.encode(input).finish();
        for (const mode of MODES) {
          const modeCodec = codec.forEndpoint?.(mode) ?? codec;
          const received = modeCodec.decode(bytes);
          const again = modeCodec.encode(received).finish();
          // Nothing was lost: the same bytes, and the same object when decoded again.
          expect(Buffer.from(again).equals(Buffer.from(bytes)), JSON.stringify(mode)).toBe(true);
          expect(modeCodec.decode(again)).toEqual(received);
        }
      }),
      { numRuns: 150 },
    );
  });
});
