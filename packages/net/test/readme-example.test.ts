import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first ```ts block after the heading `heading`. */
function codeBlockAfter(heading: string): string {
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading ${heading} in the README`);
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (match === null) throw new Error(`no ts block after ${heading}`);
  return match[1] as string;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README', () => {
  it('shows the epoll-style example exactly as test/fixtures/epoll-example.ts has it', () => {
    const fixture = readFileSync(new URL('./fixtures/epoll-example.ts', import.meta.url), 'utf8');
    expect(codeBlockAfter('### Many connections in one coroutine (epoll-style)')).toBe(
      fixture.replace("'../../src/index.js'", "'@yrpc/net'"),
    );
  });

  it('the epoll-style example runs and prints what the README says', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    await import('./fixtures/epoll-example.js');
    expect(lines).toEqual(['hello 0, hello 1, hello 2', 'served 3 connections in one coroutine']);
  });
});
