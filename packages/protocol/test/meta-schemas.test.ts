import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidMethodName,
  metadataEntrySchema,
  methodNameSchema,
  type RequestMeta,
  requestMetaSchema,
  validateRequestMeta,
  validateStatusMeta,
} from '../src/index.js';

const base: RequestMeta = {
  method: 'pkg.v1.Greeter/SayHello',
  timeoutMs: 0,
  idempotencyKey: new Uint8Array(0),
  metadata: [],
  traceparent: '',
  tracestate: '',
};

describe('meta validation', () => {
  it('agrees with the zod schema on method names', () => {
    const names = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.stringMatching(/^[A-Za-z_]\w{0,6}(\.[A-Za-z_]\w{0,6}){0,2}\/[A-Za-z_]\w{0,6}$/),
    );
    fc.assert(
      fc.property(names, (name) => {
        expect(isValidMethodName(name)).toBe(methodNameSchema.safeParse(name).success);
      }),
    );
  });

  it('agrees with the zod schema on whole request metas', () => {
    const meta = fc.record({
      method: fc.constantFrom('a.B/C', 'B/C', 'a.B/', '/C', 'a b/C'),
      timeoutMs: fc.constant(0),
      idempotencyKey: fc.uint8Array({ maxLength: 70 }),
      metadata: fc.array(
        fc.record({
          key: fc.constantFrom('ok-key', 'Bad', '', 'x.y_z'),
          value: fc.string({ maxLength: 4 }),
        }),
        { maxLength: 2 },
      ),
      traceparent: fc.constantFrom(
        '',
        '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'nope',
      ),
      tracestate: fc.constantFrom('', 'a=b'),
    });
    fc.assert(
      fc.property(meta, (m) => {
        let fast = true;
        try {
          validateRequestMeta(m);
        } catch (error) {
          expect(error).toMatchObject({ code: 'invalid-meta', status: 3 });
          fast = false;
        }
        expect(fast).toBe(requestMetaSchema.safeParse(m).success);
      }),
    );
  });

  it('names the offending field and value', () => {
    expect(() => validateRequestMeta({ ...base, method: 'nope' })).toThrow(
      expect.objectContaining({ code: 'invalid-meta', value: 'nope' }),
    );
    expect(() => validateRequestMeta({ ...base, metadata: [{ key: 'Upper', value: '' }] })).toThrow(
      expect.objectContaining({ value: 'Upper' }),
    );
    expect(validateRequestMeta(base)).toBe(base);
    expect(metadataEntrySchema.safeParse({ key: 'a', value: 'b' }).success).toBe(true);
  });

  it('accepts error statuses 1..16 only', () => {
    const status = { code: 5, message: '', details: [], trailers: [] };
    expect(validateStatusMeta(status)).toBe(status);
    expect(() => validateStatusMeta({ ...status, code: 0 })).toThrow(
      expect.objectContaining({ value: 0 }),
    );
    expect(() => validateStatusMeta({ ...status, code: 17 })).toThrow(
      expect.objectContaining({ value: 17 }),
    );
  });
});
