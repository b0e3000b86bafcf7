import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NetError } from '../src/net-error.js';
import { parseOptions } from '../src/parse-options.js';

const RealFunction = globalThis.Function;

/** Replaces the global Function constructor with one that counts how often code is compiled. */
function countCompiledFunctions(): { readonly count: number } {
  const counter = { count: 0 };
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args) {
      counter.count++;
      return Reflect.construct(target, args);
    },
    apply(target, thisArg, args) {
      counter.count++;
      return Reflect.apply(target, thisArg, args);
    },
  });
  return counter;
}

describe('parseOptions', () => {
  afterEach(() => {
    globalThis.Function = RealFunction;
  });

  it('validates without compiling code from strings (zod JIT off)', () => {
    // A fresh schema: zod compiles an object schema's fast path on its first parse.
    const schema = z.strictObject({ size: z.number().int().optional(), name: z.string() });
    const compiled = countCompiledFunctions();
    expect(parseOptions(schema, { size: 3, name: 'a' }, 'test')).toEqual({ size: 3, name: 'a' });
    expect(parseOptions(schema, { name: 'b' }, 'test')).toEqual({ name: 'b' });
    expect(compiled.count).toBe(0);
  });

  it('names each offending option in an invalid-option NetError', () => {
    const schema = z.strictObject({ size: z.number().int().optional(), name: z.string() });
    let caught: unknown;
    try {
      parseOptions(schema, { size: 1.5, name: 2 }, 'test');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NetError);
    const error = caught as NetError;
    expect(error.code).toBe('invalid-option');
    expect(error.message).toContain('invalid test options');
    expect(error.message).toContain('option "size"');
    expect(error.message).toContain('option "name"');
  });

  it('lists every problem, an unknown key at its own path, nested ones too', () => {
    const schema = z.strictObject({
      size: z.number().int().optional(),
      tls: z.strictObject({ cert: z.string().optional() }).optional(),
    });
    let caught: unknown;
    try {
      parseOptions(
        schema,
        { size: 1.5, colour: 'red', sise: 2, tls: { cert: 1, kee: 'x' } },
        'test',
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NetError);
    const message = (caught as NetError).message;
    expect(message).toMatch(/^invalid test options: /);
    expect(message).not.toMatch(/more\)/);
    const problems = message.slice('invalid test options: '.length).split('; ');
    expect(problems.map((problem) => /^option "([^"]+)": /.exec(problem)?.[1]).toSorted()).toEqual([
      'colour',
      'sise',
      'size',
      'tls.cert',
      'tls.kee',
    ]);
    expect(problems).toContain('option "colour": not a known option');
    expect(problems).toContain('option "tls.kee": not a known option');
  });

  it('treats missing options as an empty object', () => {
    const schema = z.strictObject({ size: z.number().optional() });
    expect(parseOptions(schema, undefined, 'test')).toEqual({});
  });
});
