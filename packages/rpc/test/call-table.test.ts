import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallTable } from '../src/call/call-table.js';

const MAX_ID = 0xffff_ffff;

describe('CallTable', () => {
  it('behaves as a Map of ids through any sequence of sets and deletes', () => {
    // Ids from a small range collide and run into each other; large ones test the 32-bit range.
    const id = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: MAX_ID }));
    const step = fc.oneof(
      fc.record({ op: fc.constant('set' as const), id, value: fc.integer() }),
      fc.record({ op: fc.constant('delete' as const), id }),
      fc.record({ op: fc.constant('clear' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const table = new CallTable<{ value: number }>();
        const model = new Map<number, { value: number }>();
        for (const s of steps) {
          if (s.op === 'set') {
            const value = { value: s.value };
            table.set(s.id, value);
            model.set(s.id, value);
          } else if (s.op === 'delete') {
            expect(table.delete(s.id)).toBe(model.delete(s.id));
          } else {
            table.clear();
            model.clear();
          }
          expect(table.size).toBe(model.size);
        }
        for (const [key, value] of model) {
          expect(table.get(key)).toBe(value);
          expect(table.has(key)).toBe(true);
        }
        const values = table.values();
        expect(values.length).toBe(model.size);
        expect(new Set(values)).toEqual(new Set(model.values()));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a window of consecutive ids, as a connection hands them out, through many wraps of its slots', () => {
    const table = new CallTable<number>();
    const inFlight: number[] = [];
    for (let id = 1; id <= 100_000; id++) {
      table.set(id, id);
      inFlight.push(id);
      if (inFlight.length > 64) expect(table.delete(inFlight.shift() as number)).toBe(true);
    }
    expect(table.size).toBe(64);
    expect(inFlight.every((id) => table.get(id) === id)).toBe(true);
    expect(table.get(100_000 - 64)).toBeUndefined();
  });

  it('grows past thousands of calls and shrinks back, losing none', () => {
    const table = new CallTable<number>();
    for (let id = 1; id <= 5_000; id++) table.set(id * 7919, id);
    expect(table.size).toBe(5_000);
    for (let id = 1; id <= 4_990; id++) expect(table.delete(id * 7919)).toBe(true);
    expect(table.size).toBe(10);
    expect(table.values().sort((a, b) => a - b)).toEqual([
      4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000,
    ]);
    expect(table.delete(1)).toBe(false);
  });
});
