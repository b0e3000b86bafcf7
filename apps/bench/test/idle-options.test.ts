import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import { KNOWN_SCENARIOS, parseBenchOptions } from '../src/cli/bench-options.js';
import { resolveOutDir } from '../src/cli/output-dir.js';

const BASE = '/home/user/project';

function invalid(args: readonly string[]): string {
  try {
    parseBenchOptions(args, BASE);
  } catch (error) {
    if (error instanceof BenchError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
}

describe('--scenario idle-connections', () => {
  it('is a known scenario whose reports go to results/latest/idle-connections/', () => {
    expect(KNOWN_SCENARIOS).toContain('idle-connections');
    const options = parseBenchOptions(['--scenario', 'idle-connections'], BASE);
    expect(options.scenario).toBe('idle-connections');
    expect(resolveOutDir(options, 'idle-connections', '/repo/apps/bench')).toBe(
      '/repo/apps/bench/results/latest/idle-connections',
    );
    const flags = parseBenchOptions(
      ['--scenario', 'idle-connections', '--node-flags', '--max-semi-space-size=1'],
      BASE,
    );
    expect(flags.nodeFlags).toEqual(['--max-semi-space-size=1']);
  });

  it('refuses the options that mean nothing to it, naming each', () => {
    expect(invalid(['--scenario', 'idle-connections', '--targets', 'yrpc'])).toBe(
      '--scenario: cannot be combined with --targets: idle-connections measures yrpc and a bare ' +
        'socket once each',
    );
    const message = invalid(['--scenario', 'idle-connections', '--rounds', '2', '--cpu-prof']);
    expect(message).toContain('cannot be combined with --rounds');
    expect(message).toContain('cannot be combined with --cpu-prof');
    expect(invalid(['--scenario', 'idle-connections', '--quick'])).toContain(
      'cannot be combined with --quick',
    );
  });
});
