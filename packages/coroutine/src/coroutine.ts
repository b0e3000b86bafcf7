import { CoroutineError } from './coroutine-error.js';
import {
  CALL,
  type Instruction,
  iterate,
  type OperationFactory,
  SUSPEND,
  YIELD,
} from './operation.js';
import type { Scheduler } from './scheduler.js';
import { PARKED, RESUMED, SETTLED, Suspension } from './suspension.js';
import type { Halting, Task, TaskState } from './task.js';
import { yieldIterator } from './yield-now.js';

type Frame = Iterator<Instruction, unknown, unknown>;

/** Context values of a coroutine: an object whose prototype chain is its inherited values. */
export type ContextValues = Record<symbol, unknown>;

// How a coroutine continues on its next step.
const RESUME_NONE = 0;
const RESUME_NEXT = 1;
const RESUME_THROW = 2;
/** Throw the pending interrupt error (read at delivery time, so a halt can upgrade a failure). */
const RESUME_INTERRUPT = 3;
/** Continue after `yieldNow()`. */
const RESUME_YIELDED = 4;

// Lifecycle phases; the order matters (>= DONE means finished).
const READY = 0;
const RUNNING = 1;
const SUSPENDED = 2;
const DONE = 3;
const FAILED = 4;
const HALTED = 5;
const NO_OUTCOME = -1;

const stateNames: readonly TaskState[] = [
  'ready',
  'running',
  'suspended',
  'done',
  'failed',
  'halted',
];

const NO_ERROR: unknown = Symbol('no error');

let current: Coroutine<unknown> | null = null;

/** The coroutine whose step is executing right now, or `null` outside any coroutine. */
export function currentCoroutine(): Coroutine<unknown> | null {
  return current;
}

/** The running coroutine; throws `no-coroutine` (naming `what`) outside one. */
export function requireCoroutine(what: string): Coroutine<unknown> {
  if (current === null) {
    throw new CoroutineError('no-coroutine', `${what} must run inside a coroutine`);
  }
  return current;
}

/** A halt error without a stack: capturing one per halt would cost more than the halt itself. */
function haltError(message: string): CoroutineError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new CoroutineError('halted', message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Where a coroutine was started: a few stack frames, captured only when tracing is on. */
export interface SpawnSite {
  readonly stack?: string;
}

/** Frames kept per spawn site: the caller and a little context, not the scheduler below it. */
const SITE_FRAMES = 4;

/**
 * Captures the stack of the code that called `below` (which, with everything it called, is left
 * out), or nothing when the scheduler does not trace spawns.
 */
// biome-ignore lint/complexity/noBannedTypes: Error.captureStackTrace takes any function.
export function captureSpawnSite(scheduler: Scheduler, below: Function): SpawnSite | undefined {
  if (!scheduler.traceSpawns) return undefined;
  const site: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = SITE_FRAMES;
  try {
    Error.captureStackTrace(site, below);
  } finally {
    Error.stackTraceLimit = limit;
  }
  return site;
}

const annotated = new WeakSet<object>();

/** Appends the spawn site to an error's stack, once, so async failures say where they began. */
function annotate(error: unknown, site: SpawnSite | undefined): void {
  if (site === undefined || !(error instanceof Error) || annotated.has(error)) return;
  annotated.add(error);
  const frames = site.stack?.split('\n').slice(1).join('\n'); // drop the "Error" line
  if (frames !== undefined && frames !== '' && error.stack !== undefined) {
    try {
      error.stack = `${error.stack}\n    --- coroutine spawned at ---\n${frames}`;
    } catch {
      // a frozen error keeps its stack as it is
    }
  }
}

/** Waits for a task to finish: the suspension behind `yield* task` and `yield* task.halt()`. */
class JoinSuspension<T> extends Suspension<T> {
  constructor(
    readonly target: Coroutine<T>,
    private readonly forHalt: boolean,
  ) {
    super();
  }

  park(): void {
    if (this.target.finished) this.deliver();
    else this.target.addJoiner(this as JoinSuspension<unknown>);
  }

  cancel(): void {
    this.target.removeJoiner(this as JoinSuspension<unknown>);
  }

  deliver(): void {
    const target = this.target;
    const phase = target.phase;
    if (phase === FAILED) this.fail(target.result);
    else if (this.forHalt || phase === DONE) this.resume(target.result as T);
    else this.fail(new CoroutineError('halted', 'the joined task was halted'));
  }

  protected copy(): Suspension<T> {
    return new JoinSuspension(this.target, this.forHalt);
  }
}

class HaltRequest implements Halting {
  constructor(private readonly target: Coroutine<unknown>) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return new JoinSuspension(this.target, true) as Iterator<Instruction, never, unknown>;
  }

  // biome-ignore lint/suspicious/noThenProperty: Halting is deliberately awaitable.
  then<R1 = void, R2 = never>(
    // biome-ignore lint/suspicious/noConfusingVoidType: mirrors PromiseLike<void>.
    onfulfilled?: ((value: void) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.target.settled().then(onfulfilled, onrejected);
  }
}

/**
 * The coroutine: a stack of frames (iterators) run by a {@link Scheduler}, living in a tree of
 * scopes. This class is the implementation behind the public {@link Task} interface.
 */
export class Coroutine<T> implements Task<T> {
  /** Lifecycle phase, one of the constants above. */
  phase = READY;
  /** True while queued in the scheduler's run queue. */
  queued = false;
  /** Context values visible to this coroutine (inherited from its parent at spawn). */
  values: ContextValues | null;
  /** The value or error the task finished with. */
  result: unknown = undefined;

  private top: Frame | null;
  private below: Frame[] | null = null;
  private mode = RESUME_NEXT;
  private resumeValue: unknown = undefined;
  private suspension: Suspension<unknown> | null = null;
  private parking = false;

  readonly parent: Coroutine<unknown> | null;
  private firstChild: Coroutine<unknown> | null = null;
  private lastChild: Coroutine<unknown> | null = null;
  prevSibling: Coroutine<unknown> | null = null;
  nextSibling: Coroutine<unknown> | null = null;

  private halting = false;
  private interruptPending = false;
  /** Depth of `critical` sections: interrupts wait until it is back to zero. */
  critical = 0;
  private interruptError: unknown = NO_ERROR;
  private failure: unknown = NO_ERROR;
  private waitingForChildren = false;
  private outcome = NO_OUTCOME;

  private joiners: JoinSuspension<unknown>[] | null = null;
  private deferred: {
    promise: Promise<T>;
    resolve: (value: T) => void;
    reject: (error: unknown) => void;
  } | null = null;
  private readonly site: SpawnSite | undefined;

  constructor(
    readonly scheduler: Scheduler,
    parent: Coroutine<unknown> | null,
    op: OperationFactory<T>,
    site?: SpawnSite,
  ) {
    this.parent = parent;
    this.values = parent === null ? null : parent.values;
    this.site = site;
    this.top = iterate(op) as Frame;
    if (parent !== null) parent.adopt(this as Coroutine<unknown>);
    scheduler.enqueue(this as Coroutine<unknown>);
  }

  get state(): TaskState {
    return stateNames[this.phase] as TaskState;
  }

  /** True once the task reached done, failed or halted. */
  get finished(): boolean {
    return this.phase >= DONE;
  }

  get promise(): Promise<T> {
    let deferred = this.deferred;
    if (deferred === null) {
      let resolve!: (value: T) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      deferred = { promise, resolve, reject };
      this.deferred = deferred;
      if (this.finished) this.settleDeferred();
    }
    return deferred.promise;
  }

  // biome-ignore lint/suspicious/noThenProperty: a Task is deliberately awaitable.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.promise.then(onfulfilled, onrejected);
  }

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    return new JoinSuspension<T>(this, false);
  }

  halt(): Halting {
    if (this.phase < DONE && !this.halting) this.interrupt(haltError('coroutine halted'), true);
    return new HaltRequest(this as Coroutine<unknown>);
  }

  /** A promise that settles when the task finishes: resolves unless it failed. */
  settled(): Promise<void> {
    return this.promise.then(
      () => undefined,
      (error: unknown) => {
        if (this.phase === FAILED) throw error;
      },
    );
  }

  /** Runs this coroutine until it parks, finishes or uses up the scheduler's batch. */
  step(): void {
    this.queued = false;
    let mode = this.mode;
    if (mode === RESUME_NONE) return;
    let value = this.resumeValue;
    this.mode = RESUME_NONE;
    this.resumeValue = undefined;
    if (mode === RESUME_INTERRUPT) {
      value = this.interruptError;
      this.interruptError = NO_ERROR;
      mode = RESUME_THROW;
    } else if (mode === RESUME_YIELDED) {
      yieldIterator.resuming = true;
      mode = RESUME_NEXT;
    }
    const suspension = this.suspension;
    if (suspension !== null) {
      suspension.status = SETTLED;
      this.suspension = null;
    }
    const previous = current;
    current = this as Coroutine<unknown>;
    this.phase = RUNNING;
    try {
      this.loop(mode, value);
    } finally {
      current = previous;
    }
  }

  private loop(mode: number, value: unknown): void {
    for (;;) {
      const frame = this.top as Frame;
      let step: IteratorResult<Instruction, unknown>;
      try {
        if (mode === RESUME_NEXT) step = frame.next(value);
        else if (typeof frame.throw === 'function') step = frame.throw(value);
        else {
          frame.return?.();
          throw value;
        }
      } catch (error) {
        if (!this.popFrame()) {
          this.bodyEnded(FAILED, error);
          return;
        }
        mode = RESUME_THROW;
        value = error;
        continue;
      }
      if (step.done === true) {
        if (!this.popFrame()) {
          this.bodyEnded(DONE, step.value);
          return;
        }
        mode = RESUME_NEXT;
        value = step.value;
        continue;
      }
      if (this.interruptPending && this.critical === 0) {
        if (!this.deliverInterrupt()) return;
        mode = RESUME_THROW;
        value = this.interruptError;
        this.interruptError = NO_ERROR;
        continue;
      }
      const instruction = step.value;
      const kind = instruction?.kind;
      if (kind === SUSPEND) {
        const suspension = instruction as Suspension<unknown>;
        suspension.co = this as Coroutine<unknown>;
        suspension.status = PARKED;
        this.suspension = suspension;
        this.parking = true;
        try {
          suspension.park();
        } catch (error) {
          this.parking = false;
          suspension.status = SETTLED;
          this.suspension = null;
          mode = RESUME_THROW;
          value = error;
          continue;
        }
        this.parking = false;
        if (this.interruptPending && this.critical === 0) {
          if (!this.deliverInterrupt()) return;
          mode = RESUME_THROW;
          value = this.interruptError;
          this.interruptError = NO_ERROR;
          continue;
        }
        if (this.mode === RESUME_NONE) {
          this.phase = SUSPENDED;
          return;
        }
        // Resumed synchronously while parking: continue at once, within the batch budget.
        if (this.scheduler.spend()) {
          this.phase = READY;
          this.scheduler.enqueue(this as Coroutine<unknown>);
          return;
        }
        suspension.status = SETTLED;
        this.suspension = null;
        mode = this.mode;
        value = this.resumeValue;
        this.mode = RESUME_NONE;
        this.resumeValue = undefined;
        continue;
      }
      if (kind === YIELD) {
        this.mode = RESUME_YIELDED;
        this.phase = READY;
        this.scheduler.enqueue(this as Coroutine<unknown>);
        return;
      }
      if (kind === CALL) {
        try {
          const callee = iterate((instruction as unknown as { op: OperationFactory<unknown> }).op);
          if (this.below === null) this.below = [];
          this.below.push(frame);
          this.top = callee as Frame;
          mode = RESUME_NEXT;
          value = undefined;
        } catch (error) {
          mode = RESUME_THROW;
          value = error;
        }
        continue;
      }
      mode = RESUME_THROW;
      value = new CoroutineError(
        'invalid-yield',
        `a coroutine yielded ${String(instruction)}; use yield* with an operation, not yield`,
      );
    }
  }

  /** Drops the top frame; false when it was the last one. */
  private popFrame(): boolean {
    const below = this.below;
    if (below === null || below.length === 0) {
      this.top = null;
      return false;
    }
    this.top = below.pop() as Frame;
    return true;
  }

  /** Called by a suspension's resumer. */
  wake(mode: number, value: unknown): void {
    this.mode = mode;
    this.resumeValue = value;
    if (!this.parking) {
      this.phase = READY;
      this.scheduler.enqueue(this as Coroutine<unknown>);
    }
  }

  /**
   * Interrupts the coroutine: a halt (`isHalt`), or the failure of a child it was not joining.
   * Children are halted first; then the error is thrown in at the suspension point.
   */
  interrupt(error: unknown, isHalt: boolean): void {
    if (this.phase >= DONE) return;
    if (this.outcome !== NO_OUTCOME) {
      // The body already ended; only a failure can still change the outcome.
      if (!isHalt && this.outcome !== FAILED) {
        this.outcome = FAILED;
        this.result = error;
      }
      return;
    }
    if (isHalt) {
      if (this.halting) return;
      this.halting = true;
      if (this.interruptError !== NO_ERROR) {
        // A failure interrupt is on its way in: let the halt take its place.
        if (this.failure === NO_ERROR) this.failure = this.interruptError;
        this.interruptError = error;
        return;
      }
    } else if (this.halting) {
      // A failure during a halt (a child's finally threw): the halt goes on, the error is kept.
      if (this.failure === NO_ERROR) this.failure = error;
      return;
    } else if (this.interruptError !== NO_ERROR) {
      return; // the first failure wins; the later one belongs to a sibling it is halting
    }
    this.interruptError = error;
    if (current === this || this.critical > 0) {
      this.interruptPending = true; // delivered at its next suspension point outside `critical`
      return;
    }
    this.detach();
    if (this.firstChild !== null) {
      this.waitingForChildren = true;
      this.phase = SUSPENDED;
      this.haltChildren();
      return;
    }
    this.mode = RESUME_INTERRUPT;
    this.phase = READY;
    this.scheduler.enqueue(this as Coroutine<unknown>);
  }

  /** Delivers an interrupt requested while running; false when it must wait for children. */
  private deliverInterrupt(): boolean {
    this.interruptPending = false;
    this.detach();
    if (this.firstChild === null) return true;
    this.waitingForChildren = true;
    this.phase = SUSPENDED;
    this.haltChildren();
    return false;
  }

  /** Leaves the current suspension point, letting its primitive take back anything handed over. */
  private detach(): void {
    const suspension = this.suspension;
    this.mode = RESUME_NONE;
    this.resumeValue = undefined;
    if (suspension === null) return;
    this.suspension = null;
    const status = suspension.status;
    suspension.status = SETTLED;
    if (status === PARKED || status === RESUMED) suspension.cancel(status === RESUMED);
  }

  private haltChildren(): void {
    let child = this.lastChild;
    while (child !== null) {
      const previous = child.prevSibling;
      child.interrupt(haltError('parent scope halted'), true);
      child = previous;
    }
  }

  private bodyEnded(kind: number, result: unknown): void {
    this.top = null;
    this.below = null;
    this.interruptPending = false;
    if (!this.halting && this.interruptError !== NO_ERROR && kind !== FAILED) {
      // A child's failure was on its way in when the body ended: it still fails the task.
      kind = FAILED;
      result = this.interruptError;
    }
    if (this.halting) {
      if (kind === DONE || CoroutineError.isHalt(result)) {
        kind = HALTED;
        result = undefined;
      }
    }
    if (this.failure !== NO_ERROR && kind !== FAILED) {
      kind = FAILED;
      result = this.failure;
    }
    this.outcome = kind;
    this.result = result;
    if (this.firstChild !== null) {
      this.waitingForChildren = true;
      this.phase = SUSPENDED;
      this.haltChildren();
      return;
    }
    this.finalize();
  }

  private finalize(): void {
    this.phase = this.outcome;
    this.interruptError = NO_ERROR;
    if (this.phase === FAILED) annotate(this.result, this.site);
    let joinedByParent = false;
    const joiners = this.joiners;
    if (joiners !== null) {
      this.joiners = null;
      for (const joiner of joiners) {
        if (joiner.co === this.parent) joinedByParent = true;
        joiner.deliver();
      }
    }
    if (this.deferred !== null) this.settleDeferred();
    const parent = this.parent;
    if (parent !== null) parent.childFinished(this as Coroutine<unknown>, joinedByParent);
    else if (this.phase === FAILED && this.deferred === null && joiners === null) {
      // Nobody observes this top-level failure: surface it as an unhandled rejection.
      void this.promise;
    }
  }

  private settleDeferred(): void {
    const deferred = this.deferred;
    if (deferred === null) return;
    if (this.phase === DONE) deferred.resolve(this.result as T);
    else if (this.phase === FAILED) deferred.reject(this.result);
    else if (this.phase === HALTED) {
      deferred.reject(new CoroutineError('halted', 'the task was halted'));
    }
  }

  private adopt(child: Coroutine<unknown>): void {
    child.prevSibling = this.lastChild;
    if (this.lastChild === null) this.firstChild = child;
    else this.lastChild.nextSibling = child;
    this.lastChild = child;
  }

  private childFinished(child: Coroutine<unknown>, joinedByParent: boolean): void {
    const { prevSibling, nextSibling } = child;
    if (prevSibling === null) this.firstChild = nextSibling;
    else prevSibling.nextSibling = nextSibling;
    if (nextSibling === null) this.lastChild = prevSibling;
    else nextSibling.prevSibling = prevSibling;
    child.prevSibling = null;
    child.nextSibling = null;
    if (child.phase === FAILED && !joinedByParent) this.interrupt(child.result, false);
    if (this.waitingForChildren && this.firstChild === null) {
      this.waitingForChildren = false;
      if (this.outcome !== NO_OUTCOME) this.finalize();
      else {
        this.mode = RESUME_INTERRUPT;
        this.phase = READY;
        this.scheduler.enqueue(this as Coroutine<unknown>);
      }
    }
  }

  addJoiner(joiner: JoinSuspension<unknown>): void {
    if (this.joiners === null) this.joiners = [joiner];
    else this.joiners.push(joiner);
  }

  removeJoiner(joiner: JoinSuspension<unknown>): void {
    const joiners = this.joiners;
    if (joiners === null) return;
    const index = joiners.indexOf(joiner);
    if (index >= 0) joiners.splice(index, 1);
  }
}
