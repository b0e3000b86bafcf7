import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop } from './fixtures/shop-server.js';
import { fixtures, type Run, startYrpc, TEST_LIMIT, yrpc } from './helpers/run-yrpc.js';

const protoFlags = ['--proto', 'shop.proto', '-I', fixtures];

/** Runs the command to its end with `input` (bytes) on its stdin. */
function yrpcWithBytes(input: Uint8Array, ...args: string[]): Promise<Run> {
  const { child, ended } = startYrpc(args);
  child.stdin.end(input);
  return ended;
}

/** Starts `yrpc capture` in front of the shop; resolves with its port once it listens. */
function startCapture(...flags: string[]) {
  return startCaptureOf(address, ...flags);
}

/** Starts `yrpc capture` in front of `target`; resolves once it listens. */
async function startCaptureOf(target: string, ...flags: string[]) {
  const { child, output, ended } = startYrpc([
    'capture',
    '--listen',
    '127.0.0.1:0',
    '--target',
    target,
    ...flags,
  ]);
  child.stdin.end();
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', () => {
      const match = /capturing on 127\.0\.0\.1:(\d+)/.exec(output().stderr);
      if (match !== null) resolve(Number(match[1]));
    });
    void ended.then((end) => reject(new Error(`capture ended first: ${JSON.stringify(end)}`)));
  });
  return { child, done: ended, port };
}

type FrameRecord = Record<string, unknown> & { from: string; type?: string };
const records = (stdout: string): FrameRecord[] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as FrameRecord);
/** The frames one side sent, in order, reduced to what the assertions look at. */
const sentBy = (all: FrameRecord[], side: string) =>
  all
    .filter((r) => r.from === side)
    .map(({ type, id, flags, method, payload, violations }) => ({
      type,
      id,
      flags,
      ...(method === undefined ? {} : { method }),
      ...(payload === undefined ? {} : { payload }),
      violations,
    }));

let shop: { port: number; server: Server };
let address: string;
let dir: string;

beforeAll(async () => {
  shop = await startShop();
  address = `127.0.0.1:${shop.port}`;
  dir = mkdtempSync(join(tmpdir(), 'yrpc-capture-'));
});

afterAll(async () => {
  await shop?.server.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('yrpc capture', () => {
  it(
    'shows every frame of a unary call and of a server stream, payloads as JSON through reflection, and saves them for yrpc decode',
    async () => {
      const dump = join(dir, 'calls.dump');
      const [unary, stream] = await Promise.all([
        startCapture('--json', '--once', '--save', dump),
        startCapture('--json', '--once'),
      ]);
      const [buy, watch] = await Promise.all([
        yrpc(
          'call',
          `127.0.0.1:${unary.port}`,
          'demo.Shop/Buy',
          '-d',
          '{"item":"tea","quantity":"3"}',
          '-H',
          'customer:ada',
          ...protoFlags,
        ),
        yrpc(
          'call',
          `127.0.0.1:${stream.port}`,
          'demo.Shop/Watch',
          '-d',
          '{"count":2}',
          ...protoFlags,
        ),
      ]);
      expect(buy).toMatchObject({ code: 0, stderr: '' });
      expect(watch).toMatchObject({ code: 0, stderr: '' });
      const [unaryRun, streamRun] = await Promise.all([unary.done, stream.done]);
      expect(unaryRun.code).toBe(0);
      expect(streamRun.code).toBe(0);

      const at = '2026-01-02T03:04:05Z';
      const unaryFrames = records(unaryRun.stdout);
      expect(sentBy(unaryFrames, 'client')).toEqual([
        { type: 'HANDSHAKE', id: 0, flags: [], violations: [] },
        {
          type: 'REQUEST',
          id: 1,
          flags: ['END_STREAM'],
          method: 'demo.Shop/Buy',
          payload: { json: { item: 'tea', quantity: '3' }, type: 'demo.BuyRequest' },
          violations: [],
        },
      ]);
      expect(unaryFrames.find((r) => r.type === 'REQUEST')?.meta).toEqual({
        method: 'demo.Shop/Buy',
        metadata: [{ key: 'customer', value: 'ada' }],
      });
      expect(sentBy(unaryFrames, 'server')).toEqual([
        { type: 'HANDSHAKE', id: 0, flags: ['ACK'], violations: [] },
        {
          type: 'RESPONSE',
          id: 1,
          flags: ['END_STREAM'],
          method: 'demo.Shop/Buy',
          payload: {
            json: { item: 'tea', quantity: '3', at, customer: 'ada' },
            type: 'demo.Receipt',
          },
          violations: [],
        },
      ]);

      const streamFrames = records(streamRun.stdout);
      expect(sentBy(streamFrames, 'client').map((r) => [r.type, r.payload])).toEqual([
        ['HANDSHAKE', undefined],
        ['REQUEST', { json: { count: 2 }, type: 'demo.WatchRequest' }],
      ]);
      const receipt = (n: number) => ({
        json: { item: `tea ${n}`, quantity: `${n}`, at },
        type: 'demo.Receipt',
      });
      expect(sentBy(streamFrames, 'server')).toEqual([
        { type: 'HANDSHAKE', id: 0, flags: ['ACK'], violations: [] },
        { type: 'RESPONSE', id: 1, flags: [], method: 'demo.Shop/Watch', violations: [] },
        {
          type: 'STREAM_DATA',
          id: 1,
          flags: [],
          method: 'demo.Shop/Watch',
          payload: receipt(1),
          violations: [],
        },
        {
          type: 'STREAM_DATA',
          id: 1,
          flags: [],
          method: 'demo.Shop/Watch',
          payload: receipt(2),
          violations: [],
        },
        { type: 'STREAM_END', id: 1, flags: [], method: 'demo.Shop/Watch', violations: [] },
      ]);

      // The dump holds both directions: decode prints the same records, from --proto this time.
      const [decoded, text] = await Promise.all([
        yrpc('decode', dump, '--json', ...protoFlags),
        yrpc('decode', dump, ...protoFlags),
      ]);
      expect(decoded).toEqual({ code: 0, stdout: unaryRun.stdout, stderr: '' });
      expect(text.code).toBe(0);
      expect(
        text.stdout
          .split('\n')
          .filter((line) => line.includes(' REQUEST ') || line.includes(' RESPONSE ')),
      ).toEqual([
        '#1 client→server REQUEST id=1 END_STREAM meta={"method":"demo.Shop/Buy","metadata":[{"key":"customer","value":"ada"}]} demo.BuyRequest={"item":"tea","quantity":"3"}',
        // The response meta (headers, trailers) is whatever the shop sends: its fields if any.
        expect.stringMatching(
          /^#1 server→client RESPONSE id=1 END_STREAM (meta=\{[^\n]*\} )?demo\.Receipt=\{"item":"tea","quantity":"3","at":"2026-01-02T03:04:05Z","customer":"ada"\}$/,
        ),
      ]);
    },
    TEST_LIMIT,
  );

  it(
    'flags a malformed frame, keeps forwarding, serves the next connection and exits 0 on SIGINT',
    async () => {
      const capture = await startCapture();
      const socket = connect(capture.port, '127.0.0.1');
      await once(socket, 'connect');
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
      // A valid HANDSHAKE (PROTOCOL.md's vector), then a PING with the undefined flag bit 0x0010.
      socket.write(
        hex(
          '5952 01 01 0000 0016 00000000 00000000 0801 1080808008 18808001 2064 28904e 3204 79727063',
        ),
      );
      socket.write(hex('5952 01 06 0010 0000 00000007 00000000'));
      await once(socket, 'close');
      // The server saw the PING through the proxy: it answered the handshake, then GOAWAY.
      expect(Buffer.concat(received).subarray(0, 4).toString('hex')).toBe('59520101');

      const call = await yrpc(
        'call',
        `127.0.0.1:${capture.port}`,
        'demo.Shop/Buy',
        '-d',
        '{"item":"tea"}',
        ...protoFlags,
      );
      expect(call).toMatchObject({ code: 0, stderr: '' });
      capture.child.kill('SIGINT');
      const run = await capture.done;
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      // What the client sent, in order (the server's answers may come between them).
      expect(lines.filter((line) => line.includes('#1 client→server'))).toEqual([
        '#1 client→server HANDSHAKE id=0 meta={"version":1,"maxFrameSize":16777216,"maxMetaSize":16384,"maxConcurrentCalls":100,"heartbeatIntervalMs":10000,"agent":"yrpc"}',
        '#1 client→server PING id=7 0x0010',
        '!! #1 client→server at byte 38: reserved-flags: flags 0x0010 are not allowed on a PING frame',
      ]);
      expect(lines).toContainEqual(
        expect.stringMatching(/^#1 server→client GOAWAY id=0 meta=\{"code":13,/),
      );
      expect(lines).toContainEqual(
        '#2 client→server REQUEST id=1 END_STREAM meta={"method":"demo.Shop/Buy"} demo.BuyRequest={"item":"tea"}',
      );
      expect(lines.filter((line) => line.startsWith('!!'))).toHaveLength(1);
    },
    TEST_LIMIT,
  );

  it(
    'passes a half-close on: the server answers the call in flight, then both directions end',
    async () => {
      const capture = await startCapture();
      try {
        const socket = connect(capture.port, '127.0.0.1');
        await once(socket, 'connect');
        const received: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => received.push(chunk));
        const ended = once(socket, 'end');
        // PROTOCOL.md's request vector (pkg.Echo/Say, which the shop does not serve), then FIN.
        socket.end(
          Buffer.from(
            '5952 01 02 0001 0011 00000001 00000004 0a0c706b672e4563686f2f536179 10dc0b 0a026869'.replace(
              / /g,
              '',
            ),
            'hex',
          ),
        );
        // The server saw the end through the proxy: it answered (ERROR, type 0x04) and closed.
        // Without the half-close passed on, the connection would stay open until the capture
        // stops: a bound far above a loaded machine's few ms tells the two apart.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          ended,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('the connection did not end')), 15_000);
          }),
        ]).finally(() => clearTimeout(timer));
        const answer = Buffer.concat(received);
        expect(answer.subarray(0, 4).toString('hex')).toBe('59520104');
        expect(answer.readUInt32BE(8)).toBe(1);
        socket.destroy();
      } finally {
        capture.child.kill('SIGINT');
        await capture.done;
      }
    },
    TEST_LIMIT,
  );

  it(
    'shows payloads in hex, with one note, when the target has no reflection and no --proto is given',
    async () => {
      const bare = await startShop({ reflection: false });
      try {
        const capture = await startCaptureOf(`127.0.0.1:${bare.port}`, '--once');
        const call = await yrpc(
          'call',
          `127.0.0.1:${capture.port}`,
          'demo.Shop/Buy',
          '-d',
          '{"item":"tea"}',
          ...protoFlags,
        );
        expect(call).toMatchObject({ code: 0, stderr: '' });
        const run = await capture.done;
        expect(run.code).toBe(0);
        const notes = run.stderr.split('\n').filter((line) => line.includes('no schema'));
        expect(notes).toHaveLength(1);
        expect(notes[0]).toMatch(
          /^yrpc: no schema for demo\.Shop \(the server has no reflection service .*; give --proto\): its payloads are shown in hex$/,
        );
        // "tea" as protobuf: field 1, 3 bytes.
        expect(run.stdout).toContain(
          '#1 client→server REQUEST id=1 END_STREAM meta={"method":"demo.Shop/Buy"} payload=5 bytes 0a03746561\n',
        );
      } finally {
        await bare.server.close();
      }
    },
    TEST_LIMIT,
  );

  it(
    'stops after --count frames, closing the connections it carries',
    async () => {
      const capture = await startCapture('--count', '1');
      const call = await yrpc('call', `127.0.0.1:${capture.port}`, 'demo.Shop/Buy', ...protoFlags);
      const run = await capture.done;
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^#1 client→server HANDSHAKE id=0 meta=\{[^\n]*\}\n$/);
      // The call lost its connection (or got its answer, if quicker than the stop): it ended.
      expect(call.code).not.toBeNull();
    },
    TEST_LIMIT,
  );

  it(
    "decodes one direction's raw bytes from stdin, flags what breaks the protocol, stops at bytes it cannot frame",
    async () => {
      const raw = Buffer.from(
        [
          '5952 01 02 0001 0011 00000001 00000004 0a0c 706b672e4563686f2f536179 10dc0b 0a026869',
          // PROTOCOL.md's stream-data-compressed vector: shown inflated.
          '5952 01 09 0008 0000 00000007 00000018 1f8b0800000000000003 e362cac80400 45d337d4 04000000',
          '5952 02 06 0000 0000 01020304 00000000',
          '5952 01 06 0000 0000 01020304 00000000',
        ]
          .join('')
          .replace(/\s+/g, ''),
        'hex',
      );
      const run = await yrpcWithBytes(raw, 'decode', '-');
      expect(run).toEqual({
        code: 0,
        stdout: [
          '#1 client→server REQUEST id=1 END_STREAM meta={"method":"pkg.Echo/Say","timeoutMs":1500} payload=4 bytes 0a026869',
          '#1 client→server STREAM_DATA id=7 COMPRESSED payload(gzip 24 bytes)=4 bytes 0a026869',
          '!! #1 client→server at byte 77: unsupported-version: protocol version 2 (this implementation speaks 1); the rest of this direction is not decoded',
          '.. #1 client→server: 32 bytes not decoded (the stream lost sync)',
          '',
        ].join('\n'),
        stderr: '',
      });
    },
    TEST_LIMIT,
  );

  it(
    'refuses usage mistakes with INVALID_ARGUMENT (exit 3), a missing dump with NOT_FOUND (exit 5), a taken port with UNAVAILABLE (exit 14)',
    async () => {
      const [noTarget, badCount, badListen, missing, taken] = await Promise.all([
        yrpc('capture', '--listen', '127.0.0.1:0'),
        yrpc('capture', '--listen', '127.0.0.1:0', '--target', address, '--count', '0'),
        yrpc('capture', '--listen', 'nowhere', '--target', address),
        yrpc('decode', join(dir, 'no-such.dump')),
        // The shop's own port is taken.
        yrpc('capture', '--listen', address, '--target', address),
      ]);
      expect(taken).toEqual({
        code: 14,
        stdout: '',
        stderr: `yrpc: UNAVAILABLE: cannot listen on ${address}: listen EADDRINUSE: address already in use ${address}\n`,
      });
      expect(noTarget).toEqual({
        code: 3,
        stdout: '',
        stderr:
          "yrpc: INVALID_ARGUMENT: required option '--target <host:port>' not specified (yrpc help for usage)\n",
      });
      expect(badCount).toEqual({
        code: 3,
        stdout: '',
        stderr: 'yrpc: INVALID_ARGUMENT: --count 0 is not a positive number of frames\n',
      });
      expect(badListen).toEqual({
        code: 3,
        stdout: '',
        stderr: 'yrpc: INVALID_ARGUMENT: --listen nowhere is not HOST:PORT\n',
      });
      expect(missing).toMatchObject({ code: 5, stdout: '' });
      expect(missing.stderr).toMatch(/^yrpc: NOT_FOUND: cannot read .*no-such\.dump/);
    },
    TEST_LIMIT,
  );
});
