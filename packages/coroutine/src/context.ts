import { call } from './call.js';
import { type ContextValues, currentCoroutine, requireCoroutine } from './coroutine.js';
import { immediate } from './immediate.js';
import type { Operation, OperationFactory } from './operation.js';

const depthKey = Symbol('context depth');
/** Longest prototype chain of values before `derive` flattens it into one object. */
const MAX_DEPTH = 16;

/**
 * A new values object: `values` plus `key`. Values are immutable once shared with a child, so
 * every change derives a new object whose prototype is the old one (cheap, and children keep the
 * values they were spawned with). A coroutine that sets values in a loop would grow the chain
 * without end; past MAX_DEPTH levels it is flattened, which keeps lookups short and lets the old
 * levels be collected.
 */
function derive(values: ContextValues | null, key: symbol, value: unknown): ContextValues {
  const depth = values === null ? 1 : ((values[depthKey] as number) ?? 0) + 1;
  let next: ContextValues;
  if (depth > MAX_DEPTH) {
    next = Object.create(null) as ContextValues;
    const levels: ContextValues[] = [];
    for (let level = values; level !== null; level = Object.getPrototypeOf(level)) {
      levels.push(level);
    }
    for (let i = levels.length - 1; i >= 0; i--) {
      const level = levels[i] as ContextValues;
      for (const own of Object.getOwnPropertySymbols(level)) next[own] = level[own];
    }
    next[depthKey] = 1;
  } else {
    next = Object.create(values) as ContextValues;
    next[depthKey] = depth;
  }
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
