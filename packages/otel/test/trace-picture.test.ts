import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderTraceSvg, traceRows } from '../scripts/trace-svg.js';
import { recordTwoHopTrace } from './helpers/two-hop-trace.js';

describe("the README's trace picture", () => {
  it('names, in order and nesting, the spans the two-hop call makes now', async () => {
    const trace = await recordTwoHopTrace();
    const rows = traceRows(trace.spans, trace.sideOf);
    expect(rows.map((row) => [row.depth, row.label, row.side, row.status])).toEqual([
      [0, 'CLIENT yrpc.otel.test.Relay/Forward', 'client', 'OK'],
      [1, 'SERVER yrpc.otel.test.Relay/Forward', 'server A', 'OK'],
      [2, 'CLIENT yrpc.otel.test.Relay/Say', 'server A', 'OK'],
      [3, 'SERVER yrpc.otel.test.Relay/Say', 'server B', 'OK'],
    ]);
    const committed = await readFile(new URL('../docs/two-hop-trace.svg', import.meta.url), 'utf8');
    // The committed picture (scripts/trace-picture.ts) draws the same rows; only times differ.
    const labels = (svg: string) =>
      [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+">([A-Z]+ [^<]+)<\/text>/g)].map(
        (match) => match[1],
      );
    expect(labels(committed)).toEqual(rows.map((row) => row.label));
    expect(labels(renderTraceSvg(rows, 'now'))).toEqual(labels(committed));
    expect(committed).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
