import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../src/report/progress-reporter.js';

describe('createProgressReporter', () => {
  it('writes plain numbered lines when not on a terminal', () => {
    const lines: string[] = [];
    const progress = createProgressReporter(false, (line) => lines.push(line));
    progress.start(2);
    progress.step('raw · round 1');
    progress.advance();
    progress.note('grpc-js failed');
    progress.step('raw · round 2');
    progress.advance();
    progress.stop();
    expect(lines).toEqual([
      'bench: 2 rounds to run',
      '[1/2] raw · round 1',
      'grpc-js failed',
      '[2/2] raw · round 2',
    ]);
  });
});
