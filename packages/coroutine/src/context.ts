import { call } from './call.js';
import { type ContextValues, currentCoroutine, requireCoroutine } from './coroutine.js';
import { immediate } from './immediate.js';
import type { Operation, OperationFactory } from './operation.js';

function derive(values: ContextValues | null, key: symbol, value: unknown): ContextValues {
  const next = Object.create(values) as ContextValues;
  next[key] = value;
  return next;
}

/**
 * A value scoped to a coroutine and inherited by the children it spawns afterwards (a child sees
 * the values its parent had at spawn time; later changes on either side are not shared). The
 * poller keeps deadlines in one, the rpc layer call metadata.
 */
export class Context<T> {
  /** The identity of this context among a coroutine's values. */
  readonly key: symbol;

  constructor(
    /** A name for debugging. */
    readonly name: string,
    /** What `get` returns where no value was set. */
    readonly defaultValue: T,
  ) {
    this.key = Symbol(name);
  }

  /** The value for the running coroutine, as an operation: `const v = yield* ctx.get()`. */
  get(): Operation<T> {
    return immediate(() => this.current());
  }

  /**
   * The value for the running coroutine, synchronously: for code that runs inside a coroutine
   * step without yielding (a park function, a helper called from a generator). Outside any
   * coroutine it returns the default value.
   */
  current(): T {
    const co = currentCoroutine();
    const values = co === null ? null : co.values;
    if (values !== null && this.key in values) return values[this.key] as T;
    return this.defaultValue;
  }

  /** Sets the value for the rest of the running coroutine and the children it spawns later. */
  set(value: T): Operation<T> {
    return immediate(() => {
      const co = requireCoroutine(`context ${this.name}: set`);
      co.values = derive(co.values, this.key, value);
      return value;
    });
  }

  /** Runs `op` with the value set, then restores the previous value. */
  with<R>(value: T, op: OperationFactory<R>): Operation<R> {
    const key = this.key;
    const name = this.name;
    return {
      *[Symbol.iterator]() {
        const co = requireCoroutine(`context ${name}: with`);
        const saved = co.values;
        co.values = derive(saved, key, value);
        try {
          return yield* call(op);
        } finally {
          co.values = saved;
        }
      },
    };
  }
}

/** Creates a {@link Context} with a name (for debugging) and a default value. */
export function createContext<T>(name: string, defaultValue: T): Context<T> {
  return new Context(name, defaultValue);
}
