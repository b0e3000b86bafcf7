import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The lines of the README's "Expected output" block. */
function expectedOutput(): string[] {
  const block = /## Expected output\n[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no "Expected output" text block');
  return block.trimEnd().split('\n');
}

/** The port is the one thing that differs from run to run. */
const withoutPort = (line: string) => line.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');

describe('README', () => {
  it('shows the output the demo prints (in an order it may print it)', async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    const expected = expectedOutput().map(withoutPort);
    const actual = lines.map(withoutPort);
    expect(actual[0]).toBe(expected[0]);
    expect(actual.at(-1)).toBe(expected.at(-1));
    expect([...actual].sort()).toEqual([...expected].sort());
  });

  it('names the command that runs the demo, and the root package.json has it', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { packageManager: string; scripts: Record<string, string> };
    expect(readme).toContain(`npx --yes ${manifest.packageManager} demo`);
    expect(manifest.scripts.demo).toContain('@yrpc/example-route-planner');
  });
});
