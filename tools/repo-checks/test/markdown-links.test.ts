import { describe, expect, test } from 'vitest';
import {
  githubSlug,
  isAbsoluteUrl,
  markdownAnchors,
  markdownLinks,
} from '../bin/markdown-links.mjs';

/** The markdown reader behind pack-check's link check and the documentation tests. */

describe('markdownLinks', () => {
  test('finds inline links, images, reference definitions and HTML attributes', () => {
    const markdown = [
      'See [the spec](PROTOCOL.md#2-frames "Frames") and ![chart](chart.svg).',
      '[repo]: https://github.com/yrpc/yrpc',
      '<a href="../../README.md">up</a>',
    ].join('\n');
    expect(markdownLinks(markdown)).toEqual([
      { target: 'PROTOCOL.md#2-frames', line: 1 },
      { target: 'chart.svg', line: 1 },
      { target: 'https://github.com/yrpc/yrpc', line: 2 },
      { target: '../../README.md', line: 3 },
    ]);
  });

  test('skips code: fenced blocks and inline spans', () => {
    const markdown = [
      '```ts',
      'const x = a[0](b);',
      '```',
      '| `{ [Symbol.iterator](): Iterator }` | [real](#real) |',
      '~~~',
      '[not](a-link)',
      '~~~',
    ].join('\n');
    expect(markdownLinks(markdown)).toEqual([{ target: '#real', line: 4 }]);
  });
});

describe('anchors', () => {
  test('are made the way GitHub makes them', () => {
    expect(githubSlug('10. Flow control')).toBe('10-flow-control');
    expect(githubSlug('Typed stubs from `static` code')).toBe('typed-stubs-from-static-code');
    expect(githubSlug('Vector: goaway-drain')).toBe('vector-goaway-drain');
    expect(githubSlug('[Links](x) & more')).toBe('links--more');
  });

  test('count repeated headings and ignore headings inside code', () => {
    const markdown = ['# Usage', '## Usage', '```sh', '# not a heading', '```'].join('\n');
    expect([...markdownAnchors(markdown)]).toEqual(['usage', 'usage-1']);
  });

  test('URLs are absolute, paths and anchors are not', () => {
    expect(isAbsoluteUrl('https://github.com/yrpc/yrpc')).toBe(true);
    expect(isAbsoluteUrl('mailto:a@b.c')).toBe(true);
    expect(isAbsoluteUrl('../../README.md')).toBe(false);
    expect(isAbsoluteUrl('#install')).toBe(false);
    expect(isAbsoluteUrl('PROTOCOL.md')).toBe(false);
  });
});
