import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIdlePlan } from '../src/plan/idle-scenario.js';
import type { MemorySnapshot } from '../src/process/idle-messages.js';
import {
  formatBytes,
  idleHeadline,
  idleRows,
  renderIdleMarkdown,
  renderIdleTable,
  writeIdleReports,
} from '../src/report/idle-report.js';
import type { IdleMeasurement, IdleResults } from '../src/results/idle-results.js';
import { checkIdleGoal, differenceOf, perConnection } from '../src/run/idle-runner.js';

const MiB = 1024 * 1024;

function memory(rssMiB: number, heapUsedMiB: number, externalMiB: number): MemorySnapshot {
  return {
    rss: rssMiB * MiB,
    heapUsed: heapUsedMiB * MiB,
    heapTotal: 2 * heapUsedMiB * MiB,
    external: externalMiB * MiB,
    arrayBuffers: externalMiB * MiB,
  };
}

function measurement(
  before: MemorySnapshot,
  after: MemorySnapshot,
  capNote?: string,
): IdleMeasurement {
  const connections = 2_048;
  return {
    connections,
    ...(capNote !== undefined && { capNote }),
    openFileLimits: { server: 20_000, client: undefined },
    before,
    after,
    perConnection: perConnection(before, after, connections),
    serverSockets: connections,
    connectMs: 4_531,
  };
}

/** yrpc: 24 KiB RSS, 10 KiB heap, 0.5 KiB external per connection; bare: 6 KiB RSS, 1 KiB heap. */
function sampleResults(): IdleResults {
  const yrpc = measurement(memory(60, 5, 1), memory(108, 25, 2));
  const bare = measurement(memory(50, 4, 1), memory(62, 6, 1), 'fewer connections: test note');
  const difference = differenceOf(yrpc.perConnection, bare.perConnection);
  const loads = { start: [0.83, 1.87, 1.95], end: [1.2, 1.9, 1.96] };
  return {
    schemaVersion: 1,
    mode: 'idle-connections',
    command: 'pnpm bench --scenario idle-connections',
    startedAt: '2026-12-05T13:46:03.000Z',
    finishedAt: '2026-12-05T13:46:15.000Z',
    environment: {
      node: 'v20.20.2',
      platform: 'linux x64',
      cpuModel: 'Test CPU',
      cpuCount: 2,
      totalMemoryMiB: 7_940,
      loadAverage: [0.83, 1.2],
      loadAverages: loads,
    },
    plan: buildIdlePlan({ connections: 2_048 }),
    targets: [
      { target: 'yrpc', description: 'yrpc', measurement: yrpc },
      { target: 'bare', description: 'bare', measurement: bare },
    ],
    difference,
    goal: checkIdleGoal(difference),
  };
}

describe('formatBytes', () => {
  it('rounds, groups thousands and signs differences', () => {
    expect(formatBytes(24_576.4)).toBe('24,576 B');
    expect(formatBytes(18_432, true)).toBe('+18,432 B');
    expect(formatBytes(-96.2, true)).toBe('−96 B');
    expect(formatBytes(0, true)).toBe('0 B');
  });
});

describe('idle-connections report', () => {
  it('gives each target per connection, then yrpc − bare, and checks the goal on RSS', () => {
    const results = sampleResults();
    expect(idleRows(results)).toEqual([
      ['yrpc', '2,048', '24,576 B', '10,240 B', '512 B', '512 B', '60.0 MiB → 108.0 MiB', '4.53 s'],
      ['bare', '2,048', '6,144 B', '1,024 B', '0 B', '0 B', '50.0 MiB → 62.0 MiB', '4.53 s'],
      ['yrpc − bare', '', '+18,432 B', '+9,216 B', '+512 B', '+512 B', '', ''],
    ]);
    expect(idleHeadline(results)).toEqual([
      'yrpc: RSS 24,576 B, heap used 10,240 B, external 512 B (ArrayBuffers 512 B) per idle ' +
        'connection (2,048 connections)',
      'bare: RSS 6,144 B, heap used 1,024 B, external 0 B (ArrayBuffers 0 B) per idle connection ' +
        '(2,048 connections)',
      'yrpc − bare: RSS +18,432 B, heap used +9,216 B, external +512 B (ArrayBuffers +512 B) per ' +
        'connection',
      'server memory per idle connection: at most 4 KiB above a bare socket: missed (yrpc − bare ' +
        'RSS per connection +18,432 B > 4,096 B)',
    ]);
  });

  it('says met when the RSS difference is within 4 KiB, and not measured without both targets', () => {
    const results = sampleResults();
    const close = { rss: 4_096, heapUsed: 3_000, external: 0, arrayBuffers: 0 };
    const met = { ...results, difference: close, goal: checkIdleGoal(close) };
    expect(idleHeadline(met).at(-1)).toBe(
      'server memory per idle connection: at most 4 KiB above a bare socket: met (yrpc − bare ' +
        'RSS per connection +4,096 B ≤ 4,096 B)',
    );
    const { difference: _, ...withoutDifference } = results;
    const failed: IdleResults = {
      ...withoutDifference,
      targets: [
        { target: 'yrpc', description: 'yrpc', failure: 'yrpc idle server exited (code 1)' },
        results.targets[1] as IdleResults['targets'][number],
      ],
      goal: checkIdleGoal(undefined),
    };
    const [name, failure, ...figures] = idleRows(failed)[0] ?? [];
    expect([name, failure]).toEqual(['yrpc', 'FAILED: yrpc idle server exited (code 1)']);
    expect(figures).toEqual(['—', '—', '—', '—', '—', '—']);
    expect(idleRows(failed)).toHaveLength(2);
    expect(idleHeadline(failed)).toContain(
      'server memory per idle connection: at most 4 KiB above a bare socket: not measured',
    );
  });

  it('renders the terminal table with the load average and the notes', () => {
    const text = renderIdleTable(sampleResults());
    expect(text).toContain('yrpc − bare');
    expect(text).toContain('+18,432 B');
    expect(text).toContain('bare: fewer connections: test note');
    expect(text).toContain('yrpc: open-file limit (ulimit -n) server 20,000, client unknown');
    expect(text).toContain(
      'load average: 0.83 / 1.87 / 1.95 at start → 1.20 / 1.90 / 1.96 at end (1 / 5 / 15 min)',
    );
  });

  it('writes summary.md with the command, the machine, the table and the goal, and results.json', async () => {
    const results = sampleResults();
    const dir = await mkdtemp(join(tmpdir(), 'bench-idle-'));
    try {
      const written = await writeIdleReports(results, join(dir, 'idle-connections'));
      const markdown = await readFile(written.markdown, 'utf8');
      expect(markdown).toBe(renderIdleMarkdown(results));
      expect(markdown).toContain('# yrpc benchmark: idle-connections scenario');
      expect(markdown).toContain(
        'Command: `pnpm bench --scenario idle-connections` · 2026-12-05 13:46 UTC',
      );
      expect(markdown).toContain(
        'Machine: 2 × Test CPU, 7940 MiB, linux x64, Node v20.20.2. Load average: 0.83 / 1.87 / ' +
          '1.95 at start → 1.20 / 1.90 / 1.96 at end (1 / 5 / 15 min).',
      );
      expect(markdown).toContain(
        '| yrpc − bare |  | +18,432 B | +9,216 B | +512 B | +512 B |  |  |',
      );
      expect(markdown).toContain('## Goal\n\nserver memory per idle connection: at most 4 KiB');
      expect(markdown).toContain('- bare: fewer connections: test note');
      expect(JSON.parse(await readFile(written.json, 'utf8'))).toEqual(results);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
