import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const read = (file: string) => readFileSync(new URL(`./readme/${file}`, import.meta.url), 'utf8');

afterEach(() => {
  vi.restoreAllMocks();
});

/** The lines of the plain block after "It prints:". */
function printed(): string[] {
  const block = /It prints:\n\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('the README shows no "It prints:" block');
  return block.split('\n');
}

describe('README', () => {
  it('shows the example and its .proto exactly as they are tested', () => {
    expect(readme).toContain(`\`\`\`proto\n${read('hello.proto')}\`\`\``);
    expect(readme).toContain(`\`\`\`ts\n${read('example.ts')}\`\`\``);
  });

  it('runs its example, which prints what the README says', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(format(...args));
    });
    await import('./readme/example.js');
    expect(lines).toEqual(printed());
  });
});
