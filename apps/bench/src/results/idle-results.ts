import type { IdlePlan, OpenFileLimits } from '../plan/idle-scenario.js';
import type { MemorySnapshot } from '../process/idle-messages.js';
import type { BenchResults } from './bench-results.js';

/** What one idle connection costs, bytes: (after − before) ÷ connections, per figure. */
export interface PerConnectionMemory {
  readonly rss: number;
  readonly heapUsed: number;
  /** Includes `arrayBuffers`. */
  readonly external: number;
  readonly arrayBuffers: number;
}

/** One target's measurement: its server's memory without and with the idle connections. */
export interface IdleMeasurement {
  /** Connections held open during the second measurement. */
  readonly connections: number;
  /** Why fewer connections than asked for were opened (the open-file limit), if so. */
  readonly capNote?: string;
  readonly openFileLimits: OpenFileLimits;
  /** After two full collections, with no connection open (after the warm-up ones closed). */
  readonly before: MemorySnapshot;
  /** After two full collections, the connections open and idle for `idleMs`. */
  readonly after: MemorySnapshot;
  readonly perConnection: PerConnectionMemory;
  /** TCP sockets the server process had open at the second measurement. */
  readonly serverSockets: number;
  /** How long the client took to open every connection (yrpc: and have its call answered), ms. */
  readonly connectMs: number;
}

export interface IdleTargetResult {
  readonly target: string;
  readonly description: string;
  /** Absent when the target failed. */
  readonly measurement?: IdleMeasurement;
  readonly failure?: string;
}

/** The goal, checked on yrpc − bare RSS per connection. */
export interface IdleGoalCheck {
  readonly title: string;
  readonly thresholdBytes: number;
  /** yrpc − bare, RSS bytes per connection. */
  readonly measuredBytes?: number;
  readonly status: 'met' | 'missed' | 'not measured';
}

/** A `--scenario idle-connections` run as written to results.json. */
export interface IdleResults {
  readonly schemaVersion: 1;
  readonly mode: 'idle-connections';
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly environment: BenchResults['environment'];
  readonly plan: IdlePlan;
  readonly targets: readonly IdleTargetResult[];
  /** yrpc − bare per connection, when both were measured. */
  readonly difference?: PerConnectionMemory;
  readonly goal: IdleGoalCheck;
}
