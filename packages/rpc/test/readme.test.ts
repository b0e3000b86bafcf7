import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const read = (file: string) => readFileSync(new URL(`./readme/${file}`, import.meta.url), 'utf8');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README', () => {
  it('shows the example and its .proto exactly as they are tested', () => {
    expect(readme).toContain(read('greeter.proto'));
    expect(readme).toContain(read('example.ts'));
  });

  it('runs its complete example: three call styles, a deadline reaching the server', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    await import('./readme/example.js');
    expect(lines.slice(0, 3)).toEqual(['Hello, promise!', 'Hello, callback!', 'Hello, coroutine!']);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^DEADLINE_EXCEEDED \/demo\.Greeter\/SayHelloSlowly on 127\.0\.0\.1:\d+: /,
      ),
    );
    expect(lines).toContain('server: SayHelloSlowly(late) finished or was stopped');
  });
});
