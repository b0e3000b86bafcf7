import { describe, expect, it } from 'vitest';
import { buildBenchPlan } from '../src/plan/bench-plan.js';
import type { ProgressReporter } from '../src/report/progress-reporter.js';
import { runBenchPlan, targetStatuses } from '../src/run/bench-runner.js';
import type { RoundRequest } from '../src/run/round-runner.js';
import type { BenchTarget } from '../src/targets/target-registry.js';
import { sampleRound } from './sample-results.js';

function recordingProgress() {
  const notes: string[] = [];
  const steps: string[] = [];
  let total = 0;
  let advanced = 0;
  const progress: ProgressReporter = {
    start: (count) => {
      total = count;
    },
    step: (label) => steps.push(label),
    advance: () => {
      advanced++;
    },
    note: (message) => notes.push(message),
    stop: () => {},
  };
  return { progress, notes, steps, counts: () => ({ total, advanced }) };
}

const SILENT = recordingProgress().progress;

const unusedLoader = async () => {
  throw new Error('the runner must not load targets itself');
};

/** A fixed registry: a planned `future` target and the two baselines. */
const REGISTRY: readonly BenchTarget[] = [
  { kind: 'planned', name: 'future', description: 'not yet', note: 'skipped: waits for @yrpc/rpc' },
  {
    kind: 'ready',
    name: 'raw',
    description: 'raw',
    loadServer: unusedLoader,
    loadClient: unusedLoader,
  },
  {
    kind: 'ready',
    name: 'grpc-js',
    description: 'grpc-js',
    loadServer: unusedLoader,
    loadClient: unusedLoader,
  },
];

describe('targetStatuses', () => {
  it('marks planned targets skipped with their note, in registry order', () => {
    const statuses = targetStatuses(['grpc-js', 'future', 'raw'], REGISTRY);
    expect(statuses.map((status) => [status.name, status.status])).toEqual([
      ['future', 'skipped'],
      ['raw', 'measured'],
      ['grpc-js', 'measured'],
    ]);
    expect(statuses[0]?.note).toContain('@yrpc/rpc');
  });
});

describe('runBenchPlan', () => {
  it('interleaves targets round by round, records failures, and pairs ratios by round', async () => {
    const plan = buildBenchPlan(true, { concurrency: [64], payloads: [16] }, { rounds: 3 });
    const calls: string[] = [];
    const execute = async (request: RoundRequest) => {
      calls.push(`${request.target}#${request.round}`);
      if (request.target === 'grpc-js' && request.round === 1) throw new Error('server crashed');
      const base = request.target === 'raw' ? 100_000 : 1_000;
      const unfinishedCalls = request.target === 'raw' && request.round === 2 ? 3 : 0;
      return { ...sampleRound(request.round, base * (request.round + 1), 100), unfinishedCalls };
    };
    const { progress, notes, counts } = recordingProgress();
    const results = await runBenchPlan(plan, ['future', 'raw', 'grpc-js'], 'pnpm bench', progress, {
      executeRound: execute,
      registry: REGISTRY,
    });
    expect(calls).toEqual(['raw#0', 'grpc-js#0', 'raw#1', 'grpc-js#1', 'raw#2', 'grpc-js#2']);
    expect(counts()).toEqual({ total: 6, advanced: 6 });
    expect(notes[0]).toBe('future: skipped: waits for @yrpc/rpc');
    expect(notes.some((note) => note.includes('round 2 failed: server crashed'))).toBe(true);
    expect(notes).toContain(
      'raw · 64 in flight · 16 B · 1 conn · round 3: 3 call(s) still unanswered after the window',
    );
    const [configuration] = results.configurations;
    const raw = configuration?.targets.find((entry) => entry.target === 'raw');
    const grpc = configuration?.targets.find((entry) => entry.target === 'grpc-js');
    expect(grpc?.failures).toEqual(['round 2: server crashed']);
    expect(grpc?.rounds).toHaveLength(2);
    // Rounds 0 and 2 pair up: 100k/1k and 300k/3k, both 100×.
    expect(raw?.ratios.throughputVsGrpc).toMatchObject({ median: 100, min: 100, max: 100, n: 2 });
    expect(results.targets.map((target) => target.status)).toEqual([
      'skipped',
      'measured',
      'measured',
    ]);
    expect(results.command).toBe('pnpm bench');
    expect(results.environment.nodeFlags).toBeUndefined();
  });

  it('gives every round the Node flags and records them in the environment', async () => {
    const plan = buildBenchPlan(true, { concurrency: [1], payloads: [16] }, { rounds: 2 });
    const seen: (readonly string[] | undefined)[] = [];
    const execute = async (request: RoundRequest) => {
      seen.push(request.nodeFlags);
      return sampleRound(request.round, 1_000, 100);
    };
    const nodeFlags = ['--min-semi-space-size=16'];
    const results = await runBenchPlan(plan, ['raw', 'grpc-js'], 'pnpm bench', SILENT, {
      executeRound: execute,
      registry: REGISTRY,
      nodeFlags,
    });
    expect(seen).toEqual([nodeFlags, nodeFlags, nodeFlags, nodeFlags]);
    expect(results.environment.nodeFlags).toEqual(nodeFlags);
  });
});
