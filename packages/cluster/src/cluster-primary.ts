import cluster, { type Worker } from 'node:cluster';
import { type BoundEndpoint, type ServerStats, sumStats } from '@yrpc/rpc';
import {
  isClusterMessage,
  type PrimaryMessage,
  TAG,
  WORKER_INDEX_ENV,
  type WorkerMessage,
} from './cluster-messages.js';
import type { ResolvedClusterOptions } from './cluster-options.js';
import { ClusterStartError } from './cluster-start-error.js';
import { RestartBackoff } from './restart-backoff.js';

/** One worker of the cluster, as the primary reports it. */
export interface WorkerInfo {
  /** The worker's number, 0 to `workers - 1`; a restarted worker keeps it. */
  readonly index: number;
  /** Its process id; undefined while it waits to be restarted. */
  readonly pid: number | undefined;
  /** Whether its server listens now. */
  readonly listening: boolean;
  /** Times this worker was started again after it exited. */
  readonly restarts: number;
}

/** One worker's stats: undefined when it did not answer in time (it is restarting, say). */
export interface WorkerStats {
  readonly index: number;
  readonly pid: number | undefined;
  readonly stats: ServerStats | undefined;
}

/** What {@link ClusterPrimary.stats} gathers: each worker's stats and their sum. */
export interface ClusterStats {
  readonly workers: readonly WorkerStats[];
  /** The sum over the workers that answered. */
  readonly total: ServerStats;
}

/** A worker place: the process in it now, and how it fared. */
interface Slot {
  readonly index: number;
  readonly backoff: RestartBackoff;
  worker: Worker | undefined;
  listeningAt: number | undefined;
  restarts: number;
  restartTimer: NodeJS.Timeout | undefined;
}

/** Extra time, over the drain, before a worker that does not exit is killed. */
const KILL_MARGIN_MS = 5_000;

/**
 * The primary process of a cluster: forks the workers, restarts those that exit (with backoff),
 * gathers their stats over IPC and shuts them all down (each drains its calls) on
 * {@link ClusterPrimary.shutdown} or on a signal.
 */
export class ClusterPrimary {
  readonly isPrimary = true as const;
  readonly #options: ResolvedClusterOptions;
  readonly #slots: Slot[];
  readonly #statsWaiting = new Map<number, (message: WorkerMessage & { type: 'stats' }) => void>();
  readonly #signalHandlers = new Map<NodeJS.Signals, () => void>();
  #endpoint: BoundEndpoint | undefined;
  #nextStatsId = 1;
  #shutdown: Promise<void> | undefined;
  #allExited: (() => void) | undefined;
  #startFailed: ((error: Error) => void) | undefined;

  private constructor(options: ResolvedClusterOptions) {
    this.#options = options;
    this.#slots = Array.from({ length: options.workers }, (_, index) => ({
      index,
      backoff: new RestartBackoff(options.restart),
      worker: undefined,
      listeningAt: undefined,
      restarts: 0,
      restartTimer: undefined,
    }));
  }

  /** Forks the workers; resolves once every one listens, rejects if one fails first. */
  static async start(options: ResolvedClusterOptions): Promise<ClusterPrimary> {
    // Read by node:cluster at its first fork.
    cluster.schedulingPolicy = options.scheduling === 'os' ? cluster.SCHED_NONE : cluster.SCHED_RR;
    const primary = new ClusterPrimary(options);
    try {
      await primary.#startAll();
    } catch (error) {
      await primary.shutdown();
      throw error;
    }
    for (const signal of options.signals) {
      const handler = (): void => {
        primary.shutdown().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      primary.#signalHandlers.set(signal, handler);
      process.on(signal, handler);
    }
    return primary;
  }

  /** Where the workers listen (with the port the first one bound). */
  get endpoint(): BoundEndpoint {
    if (this.#endpoint === undefined) throw new Error('the cluster has not started');
    return this.#endpoint;
  }

  /** Each worker: its process id, whether it listens, its restarts. */
  get workers(): readonly WorkerInfo[] {
    return this.#slots.map((slot) => ({
      index: slot.index,
      pid: slot.worker?.process.pid,
      listening: slot.listeningAt !== undefined,
      restarts: slot.restarts,
    }));
  }

  /** Restarts of all workers since the start. */
  get restarts(): number {
    return this.#slots.reduce((sum, slot) => sum + slot.restarts, 0);
  }

  /**
   * Asks every listening worker for its `server.stats()` over IPC; a worker that does not
   * answer within `timeoutMs` is listed with `stats: undefined` and left out of the total.
   */
  async stats(timeoutMs = 1_000): Promise<ClusterStats> {
    const workers = await Promise.all(
      this.#slots.map(async (slot): Promise<WorkerStats> => {
        const { worker } = slot;
        const pid = worker?.process.pid;
        if (worker === undefined || slot.listeningAt === undefined) {
          return { index: slot.index, pid, stats: undefined };
        }
        const id = this.#nextStatsId++;
        const stats = await new Promise<ServerStats | undefined>((resolve) => {
          const timer = setTimeout(() => {
            this.#statsWaiting.delete(id);
            resolve(undefined);
          }, timeoutMs);
          this.#statsWaiting.set(id, (reply) => {
            clearTimeout(timer);
            this.#statsWaiting.delete(id);
            resolve(reply.stats);
          });
          if (!sendTo(worker, { tag: TAG, type: 'stats', id })) {
            clearTimeout(timer);
            this.#statsWaiting.delete(id);
            resolve(undefined);
          }
        });
        return { index: slot.index, pid, stats };
      }),
    );
    return {
      workers,
      total: sumStats(workers.flatMap(({ stats }) => (stats === undefined ? [] : [stats]))),
    };
  }

  /**
   * Shuts the cluster down: no worker is restarted any more; each one's server shuts down
   * gracefully (GOAWAY; running calls have `drainTimeoutMs` to finish) and the worker exits.
   * Resolves once every worker has exited (one that is still there `drainTimeoutMs` + 5 s
   * later is killed).
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#stopAll();
    return this.#shutdown;
  }

  async #stopAll(): Promise<void> {
    for (const [signal, handler] of this.#signalHandlers) process.off(signal, handler);
    const drainTimeoutMs = this.#options.drainTimeoutMs;
    const exited = new Promise<void>((resolve) => {
      this.#allExited = resolve;
    });
    const kill = setTimeout(() => {
      for (const slot of this.#slots) slot.worker?.process.kill('SIGKILL');
    }, drainTimeoutMs + KILL_MARGIN_MS);
    for (const slot of this.#slots) {
      if (slot.restartTimer !== undefined) clearTimeout(slot.restartTimer);
      slot.restartTimer = undefined;
      const { worker } = slot;
      if (worker === undefined) continue;
      if (!sendTo(worker, { tag: TAG, type: 'shutdown', drainTimeoutMs })) {
        worker.process.kill('SIGTERM');
      }
    }
    this.#checkAllExited();
    await exited;
    clearTimeout(kill);
  }

  #checkAllExited(): void {
    if (this.#slots.every((slot) => slot.worker === undefined)) this.#allExited?.();
  }

  async #startAll(): Promise<void> {
    const started = new Promise<void>((resolve, reject) => {
      this.#startFailed = reject;
      const timer = setTimeout(
        () =>
          reject(
            new ClusterStartError(
              `the workers did not all listen within ${this.#options.startTimeoutMs} ms (option startTimeoutMs)`,
            ),
          ),
        this.#options.startTimeoutMs,
      );
      this.#onAllListening = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    // The first worker's listen makes node:cluster bind the socket; the others share it (for
    // port 0 too: the primary shares one socket per endpoint as asked, port 0 included).
    const [first, ...others] = this.#slots;
    if (first !== undefined) this.#fork(first);
    const firstListening = new Promise<void>((resolve) => {
      this.#onFirstListening = resolve;
    });
    await Promise.race([firstListening, started]);
    for (const slot of others) this.#fork(slot);
    await started;
    this.#startFailed = undefined;
  }

  #onAllListening: (() => void) | undefined;
  #onFirstListening: (() => void) | undefined;

  #fork(slot: Slot): void {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(slot.index) });
    slot.worker = worker;
    slot.listeningAt = undefined;
    worker.on('message', (message: unknown) => {
      if (!isClusterMessage(message)) return;
      this.#received(slot, message as WorkerMessage);
    });
    worker.on('exit', (code, signal) => this.#exited(slot, worker, code, signal));
    // A message to a worker that is just going fails with EPIPE; its exit tells the rest.
    worker.on('error', () => {});
  }

  #received(slot: Slot, message: WorkerMessage): void {
    switch (message.type) {
      case 'listening':
        slot.listeningAt = Date.now();
        this.#endpoint ??= message.endpoint;
        this.#onFirstListening?.();
        if (this.#slots.every((each) => each.listeningAt !== undefined)) this.#onAllListening?.();
        return;
      case 'failed':
        this.#startFailed?.(
          new ClusterStartError(`worker ${slot.index} could not start: ${message.message}`),
        );
        return;
      case 'stats':
        this.#statsWaiting.get(message.id)?.(message);
        return;
    }
  }

  #exited(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    const upMs = slot.listeningAt === undefined ? 0 : Date.now() - slot.listeningAt;
    slot.worker = undefined;
    slot.listeningAt = undefined;
    if (this.#shutdown !== undefined) {
      this.#checkAllExited();
      return;
    }
    if (this.#startFailed !== undefined) {
      this.#startFailed(
        new ClusterStartError(
          `worker ${slot.index} exited before it listened (${signal === null ? `code ${code}` : signal})`,
        ),
      );
      return;
    }
    const delay = slot.backoff.crashed(upMs);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      slot.restarts++;
      this.#fork(slot);
    }, delay);
  }
}

/** Sends `message` to `worker` if its IPC channel is still open. */
function sendTo(worker: Worker, message: PrimaryMessage): boolean {
  if (!worker.isConnected()) return false;
  try {
    worker.send(message);
    return true;
  } catch {
    return false;
  }
}
