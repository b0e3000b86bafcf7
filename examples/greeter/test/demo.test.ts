import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';

describe('runDemo', () => {
  it('calls in all three styles, shows a deadline and a cancel reaching the server, and exits', async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    expect(lines[0]).toMatch(/^server: {4}listening on 127\.0\.0\.1:\d+$/);
    expect(lines).toContain('await:     Hello, Ada!');
    expect(lines).toContain('callback:  Hello, Grace!');
    expect(lines).toContain('coroutine: Hello, Barbara!');
    const deadline = lines.find((line) => line.startsWith('deadline:'));
    expect(deadline).toMatch(
      /DEADLINE_EXCEEDED: \/greeter\.v1\.Greeter\/SayHelloSlowly on 127\.0\.0\.1:\d+/,
    );
    const cancel = lines.find((line) => line.startsWith('cancel:'));
    expect(cancel).toMatch(/CANCELLED: .*changed my mind/);
    expect(lines).toContain('server:    the call for Edsger was stopped, its finally ran');
    expect(lines).toContain('server:    the call for Alan was stopped, its finally ran');
    expect(lines.at(-1)).toBe('done:      client and server closed');
  });
});
