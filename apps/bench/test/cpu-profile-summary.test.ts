import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CpuProfile,
  summarizeCpuProfile,
  writeCpuProfileSummaries,
} from '../src/report/cpu-profile-summary.js';

const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
    { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    {
      id: 3,
      callFrame: { functionName: 'push', url: 'file:///x/dist/frame-reader.js', lineNumber: 9 },
    },
    { id: 4, callFrame: { functionName: '', url: 'file:///x/dist/raw-server.js', lineNumber: 0 } },
    { id: 5, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
  ],
  samples: [2, 3, 3, 4, 5, 2, 3],
  timeDeltas: [5000, 1000, 1000, 500, 500, 5000, 1000],
};

let dir: string | undefined;

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('summarizeCpuProfile', () => {
  it('adds up self time per function, leaving idle time out of the busy share', () => {
    const summary = summarizeCpuProfile(PROFILE);
    expect(summary.busyMs).toBe(4);
    expect(summary.idleMs).toBe(10);
    expect(summary.hottest).toEqual([
      { frame: 'push (dist/frame-reader.js:10)', selfMs: 3, percent: 75 },
      { frame: '(anonymous) (dist/raw-server.js:1)', selfMs: 0.5, percent: 12.5 },
      { frame: '(garbage collector)', selfMs: 0.5, percent: 12.5 },
    ]);
    expect(summarizeCpuProfile(PROFILE, 1).hottest).toHaveLength(1);
  });
});

describe('writeCpuProfileSummaries', () => {
  it('writes one section per profile file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'yrpc-bench-prof-'));
    await writeFile(join(dir, 'raw-c1-server.cpuprofile'), JSON.stringify(PROFILE));
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    const markdown = await readFile(await writeCpuProfileSummaries(dir), 'utf8');
    expect(markdown).toContain('## raw-c1-server');
    expect(markdown).toContain('| 3.0 | 75.0 | push (dist/frame-reader.js:10) |');
    expect(markdown).not.toContain('notes');
  });
});
