import { describe, expect, it } from 'vitest';
import { type Operation, run, scoped, spawn, suspend, yieldNow } from '../src/index.js';

describe('scoped', () => {
  it('returns the value and halts children left running', async () => {
    const log: string[] = [];
    const value = await run(
      scoped(function* (): Operation<number> {
        yield* spawn(function* () {
          try {
            yield* suspend(() => {});
          } finally {
            log.push('child halted');
          }
        });
        yield* yieldNow();
        return 5;
      }),
    );
    expect(value).toBe(5);
    expect(log).toEqual(['child halted']);
  });

  it("turns a child failure into a catchable error without hurting the caller's children", async () => {
    const result = await run(function* () {
      const sibling = yield* spawn(function* () {
        for (let i = 0; i < 4; i++) yield* yieldNow();
        return 'sibling ok';
      });
      let caught = '';
      try {
        yield* scoped(function* () {
          yield* spawn(function* () {
            yield* yieldNow();
            throw new Error('inner');
          });
          yield* suspend(() => {});
        });
      } catch (error) {
        caught = (error as Error).message;
      }
      return `${caught} / ${yield* sibling}`;
    });
    expect(result).toBe('inner / sibling ok');
  });
});
