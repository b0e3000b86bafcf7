import type { Coroutine } from './coroutine.js';
import { RingQueue } from './ring-queue.js';

/** Options of a {@link Scheduler}. */
export interface SchedulerOptions {
  /** Most coroutine steps run in one batch before the event loop gets its turn. Default 512. */
  readonly batchSize?: number;
  /**
   * Most milliseconds one batch may take (checked every 32 steps), on top of `batchSize`.
   * Default: no time budget.
   */
  readonly batchTimeMs?: number;
  /**
   * Never drain on its own: the owner calls {@link Scheduler.flush}. For deterministic tests and
   * for embedding in another loop.
   */
  readonly manual?: boolean;
  /**
   * Capture the spawn site of every coroutine, so a failure's stack says where the task began.
   * Costs a stack capture per spawn. Default: on when the environment variable
   * `YRPC_COROUTINE_TRACE` is `1`.
   */
  readonly traceSpawns?: boolean;
}

const IDLE = 0;
const MICROTASK = 1;
const IMMEDIATE = 2;

const traceByDefault = typeof process !== 'undefined' && process.env.YRPC_COROUTINE_TRACE === '1';

/**
 * The main coroutine of the original design: the only thing that resumes coroutines. Ready
 * coroutines wait in a ring-buffer run queue and run in bounded batches.
 *
 * When work arrives while the scheduler is idle (a socket callback resumes a reader), a drain is
 * queued as a microtask: it runs as soon as the current callback returns, in the same event-loop
 * phase, so an idle loop adds no extra turn per hop. While draining, new work joins the running
 * batch. When a batch uses up its budget with work left, the next batch is scheduled with
 * `setImmediate`, so timers and I/O callbacks run between batches and are never starved.
 */
export class Scheduler {
  /** Steps per batch. */
  readonly batchSize: number;
  /** Time budget per batch in milliseconds (0: none). */
  readonly batchTimeMs: number;
  /** Whether spawns capture their site. */
  readonly traceSpawns: boolean;
  private readonly manual: boolean;
  private readonly queue = new RingQueue<Coroutine<unknown>>(256);
  private draining = false;
  private scheduled = IDLE;
  private steps = 0;
  private batchStart = 0;
  /** Steps run in microtask drains since the event loop last reached its check phase. */
  private turnSteps = 0;
  private turnMarked = false;
  private readonly drainCallback = (): void => this.drain();
  private readonly turnCallback = (): void => {
    this.turnSteps = 0;
    this.turnMarked = false;
  };

  constructor(options: SchedulerOptions = {}) {
    const batchSize = options.batchSize ?? 512;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    const batchTimeMs = options.batchTimeMs ?? 0;
    if (!(batchTimeMs >= 0)) {
      throw new RangeError(`batchTimeMs must be a non-negative number, got ${batchTimeMs}`);
    }
    this.batchSize = batchSize;
    this.batchTimeMs = batchTimeMs;
    this.manual = options.manual ?? false;
    this.traceSpawns = options.traceSpawns ?? traceByDefault;
  }

  /** Number of coroutines waiting in the run queue. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues a coroutine to run; schedules a drain if none is running or scheduled. */
  enqueue(co: Coroutine<unknown>): void {
    if (co.queued) return;
    co.queued = true;
    this.queue.push(co);
    if (this.draining || this.scheduled !== IDLE || this.manual) return;
    if (this.turnSteps >= this.batchSize) {
      // Microtask drains already used a batch in this event-loop turn: let I/O run first.
      this.scheduled = IMMEDIATE;
      setImmediate(this.drainCallback);
    } else {
      this.scheduled = MICROTASK;
      queueMicrotask(this.drainCallback);
    }
  }

  /**
   * Counts one step against the running batch; true when the batch budget is used up and the
   * caller should go back to the run queue instead of continuing.
   */
  spend(): boolean {
    const steps = ++this.steps;
    if (steps >= this.batchSize) return true;
    return (
      this.batchTimeMs > 0 &&
      (steps & 31) === 0 &&
      performance.now() - this.batchStart >= this.batchTimeMs
    );
  }

  /**
   * Runs queued coroutines until the queue is empty or `maxSteps` steps ran; returns the number of
   * steps run. For manual schedulers and tests; must not be called from inside a coroutine.
   */
  flush(maxSteps = Number.POSITIVE_INFINITY): number {
    if (this.draining) throw new Error('Scheduler.flush called from inside a coroutine step');
    const queue = this.queue;
    let total = 0;
    this.draining = true;
    try {
      while (queue.length > 0 && total < maxSteps) {
        if (this.steps >= this.batchSize) this.steps = 0;
        (queue.shift() as Coroutine<unknown>).step();
        total++;
      }
    } finally {
      this.draining = false;
    }
    return total;
  }

  private drain(): void {
    const trigger = this.scheduled;
    this.scheduled = IDLE;
    if (this.draining) return;
    this.draining = true;
    // Microtask drains in one event-loop turn share one batch budget, so a chain of promise
    // resumptions cannot starve I/O either; a marker immediate resets it once the loop moves on.
    if (trigger === IMMEDIATE) this.turnSteps = 0;
    else if (!this.turnMarked) {
      this.turnMarked = true;
      setImmediate(this.turnCallback);
    }
    this.steps = this.turnSteps;
    if (this.batchTimeMs > 0) this.batchStart = performance.now();
    const queue = this.queue;
    try {
      while (queue.length > 0) {
        (queue.shift() as Coroutine<unknown>).step();
        if (this.spend()) break;
      }
    } finally {
      this.draining = false;
      this.turnSteps = this.steps;
      if (queue.length > 0 && !this.manual) {
        this.scheduled = IMMEDIATE;
        setImmediate(this.drainCallback);
      }
    }
  }
}

let defaultInstance: Scheduler | undefined;

/** The process-wide scheduler used by `run` when no scheduler is given. */
export function defaultScheduler(): Scheduler {
  if (defaultInstance === undefined) defaultInstance = new Scheduler();
  return defaultInstance;
}
