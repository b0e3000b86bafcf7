import { randomFillSync } from 'node:crypto';
import { BenchError } from '../bench-error.js';
import { formatSize } from '../plan/bench-configuration.js';
import type { EchoClientFactory, EchoConnection } from '../targets/echo-target.js';
import { LatencyHistogram, type LatencySummary } from './latency-histogram.js';

/** What one client process runs against one server. */
export interface EchoWorkloadSpec {
  readonly host: string;
  readonly port: number;
  /** Client connections opened to the server. */
  readonly connections: number;
  /** Calls kept in flight on each connection: a reply immediately issues the next call. */
  readonly concurrency: number;
  /** Request payload size in bytes. */
  readonly payloadSize: number;
  /**
   * Calls run but are not measured for at least this long first, until every call slot has
   * completed one call (first calls pay for connection set-up), for at most `MAX_WARMUP_MS`,
   * and then until the rate is steady (see {@link waitForSteadyRate}).
   */
  readonly warmupMs: number;
  /** Length of the measured window. */
  readonly durationMs: number;
  /**
   * The window stays open past `durationMs` until this many calls completed in it, for at most
   * `stallTimeoutMs` more (slow 15 MiB calls still give a few repetitions). Default 0.
   */
  readonly minCalls?: number;
  /**
   * Longest wait for calls that do not come back: for the first calls in warm-up (when none has
   * completed by then the run fails with `STALLED`) and for `minCalls`. Default `MAX_WARMUP_MS`.
   */
  readonly stallTimeoutMs?: number;
  /**
   * How long the calls in flight when the window closes may take to finish; those still
   * unanswered then are counted in `unfinishedCalls`. Default `DRAIN_TIMEOUT_MS`.
   */
  readonly drainTimeoutMs?: number;
  /** Compare every reply with the payload sent (self-check); otherwise only lengths are checked. */
  readonly verifyBytes: boolean;
}

/** What one client process measured. */
export interface EchoWorkloadResult {
  /** Calls completed successfully inside the measured window. */
  readonly calls: number;
  /** Calls that failed inside the measured window (a failing slot stops issuing calls). */
  readonly errors: number;
  /** Replies whose bytes differ from the request payload. */
  readonly mismatches: number;
  readonly measuredMs: number;
  readonly connectMs: number;
  /** How long the warm-up lasted: the given time, the first calls, and until the rate was steady. */
  readonly warmupMs: number;
  readonly latency: LatencySummary;
  /** Client process CPU time (user + system) spent inside the measured window. */
  readonly cpuUs: number;
  /** Peak resident set size of the client process, KiB. */
  readonly maxRssKiB: number;
  readonly firstError: string | undefined;
  /**
   * Calls still unanswered `drainTimeoutMs` after the window closed: a reply that never came
   * (0 for a healthy target).
   */
  readonly unfinishedCalls: number;
}

/** Hooks the client process uses to tell the parent when the measured window opens and closes. */
export interface EchoWorkloadHooks {
  onMeasureStart?(): void;
  onMeasureEnd?(): void;
}

const CONNECT_BATCH = 100;
/** Default of {@link EchoWorkloadSpec.drainTimeoutMs}. */
export const DRAIN_TIMEOUT_MS = 10_000;
/** Longest wait for the connections to close; a stalled one may never answer a graceful close. */
const CLOSE_TIMEOUT_MS = 2_000;
/** Longest the warm-up waits for every slot to complete a first call. */
export const MAX_WARMUP_MS = 30_000;
/** The warm-up compares the calls completed in consecutive slices of this length… */
const STEADY_SLICE_MS = 500;
/** …and ends when two consecutive slices differ by at most this fraction of the larger… */
const STEADY_TOLERANCE = 0.1;
/** …or after this long: a rate that never settles (a loaded machine) is measured as it is. */
const MAX_STEADY_WAIT_MS = 10_000;

type Phase = 'warmup' | 'measure' | 'drain';

/** Shared state of one workload run; every in-flight slot reports into it. */
class WorkloadRun {
  phase: Phase = 'warmup';
  /** Calls completed successfully in every phase (the warm-up's rate is taken from it). */
  completed = 0;
  calls = 0;
  errors = 0;
  mismatches = 0;
  inFlight = 0;
  /** Slots whose first call has completed (successfully or not). */
  settledSlots = 0;
  firstError: string | undefined;
  readonly histogram = new LatencyHistogram();
  onIdle: (() => void) | undefined;
  onAllSettled: (() => void) | undefined;
  /** Called when `calls` reaches `callTarget` (used to hold the window open for `minCalls`). */
  callTarget = 0;
  onCallTarget: (() => void) | undefined;

  constructor(
    readonly payload: Uint8Array,
    readonly verifyBytes: boolean,
    readonly totalSlots: number,
  ) {}

  slotStopped(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.onIdle?.();
  }

  slotSettled(): void {
    this.settledSlots++;
    if (this.settledSlots === this.totalSlots) this.onAllSettled?.();
  }
}

/**
 * One call slot: exactly one call in flight at a time. The reply callback is bound once, so the
 * steady state allocates nothing per call on the harness side.
 */
class CallSlot {
  #startedAt = 0;
  #settled = false;
  readonly #run: WorkloadRun;
  readonly #connection: EchoConnection;

  constructor(run: WorkloadRun, connection: EchoConnection) {
    this.#run = run;
    this.#connection = connection;
  }

  issue(): void {
    this.#startedAt = performance.now();
    this.#connection.call(this.#run.payload, this.#onReply);
  }

  readonly #onReply = (error: Error | undefined, reply: Uint8Array | undefined): void => {
    const run = this.#run;
    const measuring = run.phase === 'measure';
    if (!this.#settled) {
      this.#settled = true;
      run.slotSettled();
    }
    if (error !== undefined || reply === undefined) {
      if (measuring) run.errors++;
      run.firstError ??= error?.message ?? 'empty reply';
      run.slotStopped();
      return;
    }
    run.completed++;
    if (measuring) {
      run.histogram.recordMilliseconds(performance.now() - this.#startedAt);
      if (++run.calls === run.callTarget) run.onCallTarget?.();
      if (!sameBytes(run, reply)) run.mismatches++;
    }
    if (run.phase === 'drain') run.slotStopped();
    else this.issue();
  };
}

function sameBytes(run: WorkloadRun, reply: Uint8Array): boolean {
  if (reply.length !== run.payload.length) return false;
  return !run.verifyBytes || Buffer.compare(reply, run.payload) === 0;
}

async function openConnections(
  connect: EchoClientFactory,
  spec: EchoWorkloadSpec,
): Promise<EchoConnection[]> {
  const connections: EchoConnection[] = [];
  const options = {
    host: spec.host,
    port: spec.port,
    payloadSize: spec.payloadSize,
    concurrency: spec.concurrency,
  };
  try {
    while (connections.length < spec.connections) {
      const batch = Math.min(CONNECT_BATCH, spec.connections - connections.length);
      connections.push(
        ...(await Promise.all(Array.from({ length: batch }, () => connect(options)))),
      );
    }
  } catch (error) {
    await Promise.allSettled(connections.map((connection) => connection.close()));
    throw error;
  }
  return connections;
}

const delay = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Waits until `event` resolves or `timeoutMs` passes, whichever comes first. */
async function waitAtMost(event: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    event,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/** Waits (bounded) until every slot has completed a first call or stopped. */
async function waitForFirstCalls(run: WorkloadRun, timeoutMs: number): Promise<void> {
  if (run.settledSlots >= run.totalSlots) return;
  await waitAtMost(
    new Promise<void>((resolve) => {
      run.onAllSettled = resolve;
    }),
    timeoutMs,
  );
  run.onAllSettled = undefined;
}

/** Waits (bounded) until `count` calls have completed in the measured window. */
async function waitForCalls(run: WorkloadRun, count: number, timeoutMs: number): Promise<void> {
  if (run.calls >= count) return;
  run.callTarget = count;
  await waitAtMost(
    new Promise<void>((resolve) => {
      run.onCallTarget = resolve;
    }),
    timeoutMs,
  );
  run.onCallTarget = undefined;
}

/** Closes every connection, giving up (the process exits next) after `CLOSE_TIMEOUT_MS`. */
async function closeAll(connections: readonly EchoConnection[]): Promise<void> {
  await waitAtMost(
    Promise.allSettled(connections.map((connection) => connection.close())),
    CLOSE_TIMEOUT_MS,
  );
}

/**
 * Opens the connections, keeps `concurrency` calls in flight on each through warm-up and the
 * measured window, then lets the calls in flight finish (bounded) and closes everything.
 */
export async function runEchoWorkload(
  connect: EchoClientFactory,
  spec: EchoWorkloadSpec,
  hooks: EchoWorkloadHooks = {},
): Promise<EchoWorkloadResult> {
  const payload = randomFillSync(Buffer.allocUnsafe(spec.payloadSize));
  const connectStart = performance.now();
  const connections = await openConnections(connect, spec);
  const connectMs = performance.now() - connectStart;
  const run = new WorkloadRun(payload, spec.verifyBytes, connections.length * spec.concurrency);
  for (const connection of connections) {
    for (let index = 0; index < spec.concurrency; index++) {
      run.inFlight++;
      new CallSlot(run, connection).issue();
    }
  }
  const stallTimeoutMs = spec.stallTimeoutMs ?? MAX_WARMUP_MS;
  const warmupStart = performance.now();
  await delay(spec.warmupMs);
  await waitForFirstCalls(run, stallTimeoutMs);
  if (run.settledSlots === 0) {
    await closeAll(connections);
    throw new BenchError(
      'STALLED',
      `stalled: no reply to any of the ${run.totalSlots} calls in flight (${formatSize(spec.payloadSize)} ` +
        `each) within ${stallTimeoutMs} ms`,
    );
  }
  await waitForSteadyRate(run);
  const warmupMs = performance.now() - warmupStart;
  run.histogram.reset();
  run.phase = 'measure';
  const measureStart = performance.now();
  const cpuStart = process.cpuUsage();
  hooks.onMeasureStart?.();
  await delay(spec.durationMs);
  if (spec.minCalls !== undefined && spec.minCalls > 0) {
    await waitForCalls(run, spec.minCalls, stallTimeoutMs);
  }
  run.phase = 'drain';
  const measuredMs = performance.now() - measureStart;
  const cpu = process.cpuUsage(cpuStart);
  hooks.onMeasureEnd?.();
  if (run.inFlight > 0) {
    await waitAtMost(
      new Promise<void>((resolve) => (run.onIdle = resolve)),
      spec.drainTimeoutMs ?? DRAIN_TIMEOUT_MS,
    );
  }
  const unfinishedCalls = run.inFlight;
  await closeAll(connections);
  return {
    calls: run.calls,
    errors: run.errors,
    mismatches: run.mismatches,
    measuredMs,
    connectMs,
    warmupMs,
    latency: run.histogram.summary(),
    cpuUs: cpu.user + cpu.system,
    maxRssKiB: process.resourceUsage().maxRSS,
    firstError: run.firstError,
    unfinishedCalls,
  };
}

/**
 * Waits until the completion rate is steady: a runtime warms up for a while (JIT tiers, the
 * garbage collector sizing its heap), and a window opened before that measures the warm-up, not
 * the steady state. Two consecutive slices of {@link STEADY_SLICE_MS} must differ by at most
 * {@link STEADY_TOLERANCE}; gives up after {@link MAX_STEADY_WAIT_MS}. Returns as soon as a
 * slice completes no call (calls too slow for a rate, or stalled: the window's own bounds deal
 * with those) or no call slot is running any more.
 */
async function waitForSteadyRate(run: WorkloadRun): Promise<void> {
  const started = performance.now();
  let mark = run.completed;
  await delay(STEADY_SLICE_MS);
  let previous = run.completed - mark;
  // A slice without a completed call: calls too slow (or stalled) for a rate to settle.
  while (previous > 0 && run.inFlight > 0 && performance.now() - started < MAX_STEADY_WAIT_MS) {
    mark = run.completed;
    await delay(STEADY_SLICE_MS);
    const current = run.completed - mark;
    if (Math.abs(current - previous) <= STEADY_TOLERANCE * Math.max(current, previous)) return;
    previous = current;
    if (previous === 0) return;
  }
}
