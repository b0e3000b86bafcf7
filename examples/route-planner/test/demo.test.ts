import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';

describe('runDemo', () => {
  it('makes a call of each kind in each style, stops two streams on the server, and exits', async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    expect(lines[0]).toMatch(/^server: {4}listening on 127\.0\.0\.1:\d+$/);
    // Unary.
    expect(lines).toContain('unary:     Central Station, a station at (400, 300)');
    // Server streaming with for await, in order, then the response header.
    const forAwait = lines.filter((line) => line.startsWith('for await:'));
    expect(forAwait).toEqual([
      'for await: Bean There at (100, -100)',
      'for await: The Daily Grind at (-200, 200)',
      'for await: Harbour Café at (-500, -300)',
      'for await: that was all, the header x-matches said 3',
    ]);
    // Server streaming with events: data for each place, then end.
    expect(lines.filter((line) => line.startsWith('events:'))).toEqual([
      'events:    data: Town Museum at (300, -200)',
      'events:    data: Maritime Museum at (-600, -200)',
      'events:    end',
    ]);
    // Client streaming, from an async generator and from a coroutine.
    expect(lines).toContain('upload:    4 positions, 800 m from Town Hall to Harbour Café');
    expect(lines).toContain('coroutine: 4 positions, 1300 m from Town Museum to Maritime Museum');
    // Bidi: an instruction for each position sent, until the traveller arrives.
    expect(lines.filter((line) => line.startsWith('bidi:'))).toEqual([
      'bidi:      at (0, 0): head east 400 m, 700 m to go',
      'bidi:      at (300, 0): head east 100 m, 400 m to go',
      'bidi:      at (400, 0): head north 300 m, 300 m to go',
      'bidi:      at (400, 300): arrived at Central Station',
    ]);
    // A deadline and a cancel, each stopping the server's coroutine.
    expect(lines.find((line) => line.startsWith('deadline:'))).toMatch(
      /^deadline: {2}got Town Hall, then DEADLINE_EXCEEDED: \/routeplanner\.v1\.RoutePlanner\/ListPlaces on 127\.0\.0\.1:\d+: /,
    );
    expect(lines).toContain(
      'server:    ListPlaces(all, 1000 ms apart) stopped after 1 of 8 places, its finally ran',
    );
    expect(lines).toContain('cancel:    got Town Hall, Central Station, then left the loop');
    expect(lines).toContain(
      'server:    ListPlaces(all, 200 ms apart) stopped after 2 of 8 places, its finally ran',
    );
    expect(lines.at(-1)).toBe('done:      client and server closed');
    expect(lines).toHaveLength(20);
  });
});
