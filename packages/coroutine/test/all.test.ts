import { describe, expect, it } from 'vitest';
import { all, type Operation, run, spawn, suspend, yieldNow } from '../src/index.js';

describe('all', () => {
  it('returns every value in order, typed per position', async () => {
    const [n, s] = await run(
      all([
        function* (): Operation<number> {
          yield* yieldNow();
          yield* yieldNow();
          return 1;
        },
        function* (): Operation<string> {
          yield* yieldNow();
          return 'two';
        },
      ]),
    );
    const typed: [number, string] = [n, s];
    expect(typed).toEqual([1, 'two']);
  });

  it("fails on the first error, halting the rest, without touching the caller's other children", async () => {
    const log: string[] = [];
    const outcome = await run(function* () {
      const bystander = yield* spawn(function* () {
        yield* yieldNow();
        yield* yieldNow();
        yield* yieldNow();
        return 'bystander ok';
      });
      try {
        yield* all([
          function* () {
            try {
              yield* suspend(() => {});
            } finally {
              log.push('sibling halted');
            }
          },
          function* () {
            yield* yieldNow();
            throw new Error('one failed');
          },
        ]);
      } catch (error) {
        log.push((error as Error).message);
      }
      return yield* bystander;
    });
    expect(outcome).toBe('bystander ok');
    expect(log).toEqual(['sibling halted', 'one failed']);
  });
});
