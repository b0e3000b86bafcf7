import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { methodPathOf, toMethodPath, wireMethodName } from '../src/service/method-path.js';

const identifier = fc.stringMatching(/^[A-Za-z_]\w{0,11}$/);
const packageName = fc.array(identifier, { minLength: 0, maxLength: 3 });

describe('toMethodPath', () => {
  it('keeps the slash form and turns the dotted form into it', () => {
    fc.assert(
      fc.property(packageName, identifier, identifier, (pkg, service, method) => {
        const qualified = [...pkg, service].join('.');
        const expected = methodPathOf(qualified, method);
        expect(toMethodPath(expected)).toBe(expected);
        expect(toMethodPath(`${qualified}.${method}`)).toBe(expected);
        expect(toMethodPath(`${qualified}/${method}`)).toBe(expected);
        expect(toMethodPath(wireMethodName(expected))).toBe(expected);
        expect(toMethodPath(`.${qualified}.${method}`)).toBe(expected);
        expect(methodPathOf(`.${qualified}`, method)).toBe(`/${qualified}/${method}`);
      }),
    );
  });

  it('rejects names that are neither form', () => {
    for (const bad of [
      '',
      'Method',
      '/pkg.Service',
      '/pkg.Service/',
      'a b.c',
      '/x/y/z',
      '1pkg.S.M',
    ]) {
      expect(toMethodPath(bad)).toBeUndefined();
    }
  });
});
