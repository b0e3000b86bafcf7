import { describe, expect, it } from 'vitest';
import { CoroutineError, createContext, run, spawn, suspend, yieldNow } from '../src/index.js';

describe('Context', () => {
  const deadline = createContext<number>('deadline', Number.POSITIVE_INFINITY);

  it('returns the default outside any value and outside coroutines', async () => {
    expect(deadline.current()).toBe(Number.POSITIVE_INFINITY);
    expect(await run(deadline.get())).toBe(Number.POSITIVE_INFINITY);
  });

  it('is inherited at spawn and not shared afterwards', async () => {
    const seen = await run(function* () {
      yield* deadline.set(10);
      const child = yield* spawn(function* () {
        yield* yieldNow();
        const inherited = yield* deadline.get();
        yield* deadline.set(99);
        return inherited;
      });
      yield* deadline.set(20);
      const fromChild = yield* child;
      return [fromChild, yield* deadline.get()];
    });
    expect(seen).toEqual([10, 20]);
  });

  it('with() scopes the value and restores it, also on failure', async () => {
    const seen = await run(function* () {
      const inner = yield* deadline.with(5, function* () {
        return yield* deadline.get();
      });
      try {
        yield* deadline.with(6, function* () {
          yield* yieldNow();
          throw new Error('x');
        });
      } catch {}
      return [inner, deadline.current()];
    });
    expect(seen).toEqual([5, Number.POSITIVE_INFINITY]);
  });

  it('is readable synchronously inside a park function', async () => {
    const seen = await run(function* () {
      yield* deadline.set(42);
      return yield* suspend<number>((resumer) => resumer.resume(deadline.current()));
    });
    expect(seen).toBe(42);
  });

  it('keeps every value right through many set and spawn cycles (the chain is flattened)', async () => {
    const other = createContext<string>('other', 'none');
    const seen = await run(function* () {
      yield* other.set('kept');
      const children = [];
      for (let i = 0; i < 100; i++) {
        yield* deadline.set(i);
        children.push(
          yield* spawn(function* () {
            yield* yieldNow();
            return `${yield* deadline.get()} ${other.current()}`;
          }),
        );
      }
      const results: string[] = [];
      for (const child of children) results.push(yield* child);
      return results;
    });
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => `${i} kept`));
  });

  it('set outside a coroutine throws no-coroutine', () => {
    const it = deadline.set(1)[Symbol.iterator]();
    expect(() => it.next()).toThrowError(CoroutineError);
  });
});
