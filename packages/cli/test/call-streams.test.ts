import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop } from './fixtures/shop-server.js';
import {
  startYrpc,
  TEST_LIMIT,
  yrpc,
  yrpcOverEveryProtocol,
  yrpcWithInput,
} from './helpers/run-yrpc.js';

let shop: { port: number; server: Server };
let address: string;
let dir: string;

beforeAll(async () => {
  shop = await startShop();
  address = `127.0.0.1:${shop.port}`;
  dir = mkdtempSync(join(tmpdir(), 'yrpc-cli-streams-'));
});

afterAll(async () => {
  await shop?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (text: string): unknown[] =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('yrpc call with a request stream', () => {
  it(
    'sends stdin as newline-delimited JSON (blank lines skipped) to a client-streaming method, over yrpc, gRPC and Connect',
    async () => {
      const input = '{"item":"tea","quantity":"2"}\n\n{"item":"cake","quantity":"3"}\r\n';
      const runs = await yrpcOverEveryProtocol(['call', address, 'demo.Shop/Checkout'], input);
      for (const run of runs) {
        expect(run).toEqual({
          code: 0,
          stdout: '{"item":"tea, cake","quantity":"5","at":"2026-01-02T03:04:05Z"}\n',
          stderr: '',
        });
      }
    },
    TEST_LIMIT,
  );

  it(
    'takes the requests from -d text or an @FILE instead of stdin; an empty stream is a call with no requests',
    async () => {
      const file = join(dir, 'basket.ndjson');
      writeFileSync(file, '{"item":"jam"}\n{"item":"bread","quantity":"1"}\n');
      const [fromText, fromFile, empty, missing] = await Promise.all([
        yrpc('call', address, 'demo.Shop/Checkout', '-d', '{"item":"a"}\n{"item":"b"}'),
        yrpc('call', address, 'demo.Shop/Checkout', '-d', `@${file}`),
        yrpc('call', address, 'demo.Shop/Checkout'),
        yrpc('call', address, 'demo.Shop/Checkout', '-d', `@${join(dir, 'nothing.ndjson')}`),
      ]);
      expect(lines(fromText.stdout)).toEqual([{ item: 'a, b', at: '2026-01-02T03:04:05Z' }]);
      expect(lines(fromFile.stdout)).toEqual([
        { item: 'jam, bread', quantity: '1', at: '2026-01-02T03:04:05Z' },
      ]);
      expect(empty).toEqual({ code: 0, stdout: '{"at":"2026-01-02T03:04:05Z"}\n', stderr: '' });
      expect(missing).toMatchObject({ code: 3, stdout: '' });
      expect(missing.stderr).toBe(
        `yrpc: INVALID_ARGUMENT: -d: cannot read ${join(dir, 'nothing.ndjson')} (ENOENT)\n`,
      );
    },
    TEST_LIMIT,
  );

  it.for(['yrpc', 'connect'])(
    'answers each line of a bidi call while stdin is still open (--protocol %s)',
    { timeout: TEST_LIMIT },
    async (protocol) => {
      const { child, output, ended } = startYrpc([
        'call',
        address,
        'demo.Shop/Till',
        '-H',
        'customer:ada',
        '--protocol',
        protocol,
      ]);
      child.stdin.write('{"item":"tea"}\n');
      // The first receipt must arrive before the second request is even written.
      await waitFor(() => output().stdout.includes('\n'), ended);
      expect(lines(output().stdout)).toEqual([
        { item: 'tea', at: '2026-01-02T03:04:05Z', customer: 'ada' },
      ]);
      child.stdin.end('{"item":"cake","quantity":"2"}\n');
      const run = await ended;
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(lines(run.stdout)).toEqual([
        { item: 'tea', at: '2026-01-02T03:04:05Z', customer: 'ada' },
        { item: 'cake', quantity: '2', at: '2026-01-02T03:04:05Z', customer: 'ada' },
      ]);
    },
  );

  it(
    'ends the call with INVALID_ARGUMENT naming the line of a bad request, after the answers before it',
    async () => {
      const [bidi, clientStream, notJson] = await Promise.all([
        yrpcWithInput(
          '{"item":"tea"}\n{"item":5}\n{"item":"never sent"}\n',
          'call',
          address,
          'demo.Shop/Till',
          '--protocol',
          'grpc',
        ),
        yrpcWithInput(
          '{"item":"tea"}\n\n{"quantity":"lots"}\n',
          'call',
          address,
          'demo.Shop/Checkout',
        ),
        yrpcWithInput('{"item":"tea"\n', 'call', address, 'demo.Shop/Checkout'),
      ]);
      expect(bidi.code).toBe(3);
      expect(bidi.stderr).toMatch(
        /^yrpc: INVALID_ARGUMENT: request on line 2: .*demo\.BuyRequest\.item: expected string[^\n]*\n$/,
      );
      // What the server answered before the bad line is printed; nothing after it was sent.
      expect(bidi.stdout).not.toContain('never sent');
      expect(clientStream).toMatchObject({ code: 3, stdout: '' });
      expect(clientStream.stderr).toMatch(/^yrpc: INVALID_ARGUMENT: request on line 3: .*quantity/);
      expect(notJson).toMatchObject({ code: 3, stdout: '' });
      expect(notJson.stderr).toMatch(/^yrpc: INVALID_ARGUMENT: request on line 1: [^\n]*JSON/);
    },
    TEST_LIMIT,
  );

  it(
    'prints a status failing the stream mid-way, after the answers before it',
    async () => {
      const run = await yrpcWithInput(
        '{"item":"tea"}\n{"item":"unicorn"}\n',
        'call',
        address,
        'demo.Shop/Till',
      );
      expect(run.code).toBe(5);
      expect(lines(run.stdout)).toEqual([{ item: 'tea', at: '2026-01-02T03:04:05Z' }]);
      expect(run.stderr).toMatch(/^yrpc: NOT_FOUND: .*no unicorns today\n$/);
    },
    TEST_LIMIT,
  );
});

describe('yrpc call with one request', () => {
  it(
    'reads it from -d @- (stdin) or @FILE, and refuses a second one',
    async () => {
      const file = join(dir, 'one.json');
      writeFileSync(file, '\n{"item":"tea"}\n\n');
      const [fromStdin, fromFile, two] = await Promise.all([
        yrpcWithInput('{"item":"pie"}\n', 'call', address, 'demo.Shop/Buy', '-d', '@-'),
        yrpc('call', address, 'demo.Shop/Buy', '-d', `@${file}`),
        yrpc('call', address, 'demo.Shop/Buy', '-d', '{"item":"a"}\n{"item":"b"}'),
      ]);
      expect(fromStdin).toEqual({
        code: 0,
        stdout: '{"item":"pie","at":"2026-01-02T03:04:05Z"}\n',
        stderr: '',
      });
      expect(fromFile.stdout).toBe('{"item":"tea","at":"2026-01-02T03:04:05Z"}\n');
      expect(two).toMatchObject({ code: 3, stdout: '' });
      expect(two.stderr).toMatch(
        /^yrpc: INVALID_ARGUMENT: the method takes one request, but line 2/,
      );
    },
    TEST_LIMIT,
  );
});

/** Resolves once `condition` holds; fails if the command ends first. */
async function waitFor(condition: () => boolean, ended: Promise<unknown>): Promise<void> {
  let over = false;
  void ended.then(() => {
    over = true;
  });
  while (!condition()) {
    if (over) throw new Error('the command ended before the condition held');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
