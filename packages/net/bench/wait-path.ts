import { existsSync } from 'node:fs';
import { Duplex } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Interest, Poller } from '@yrpc/poller';
import type { Connection, Operation } from '../src/index.js';
import type { Net } from './echo-servers.js';

/**
 * The cost of one wait: a coroutine parked in a read for a 24-byte frame, woken by a 'data'
 * event on a stub socket (no syscalls), consuming the frame, parking again. CPU time per
 * wait + wake + resume, median of interleaved rounds, all variants in one process:
 *
 * - `before read(min)`: @yrpc/net built from `--baseline` (bench/build-baseline.sh);
 * - `after read(min)`: the current sources (direct wait);
 * - `after, through Poller.wait`: every read waits in the runtime's Poller on a registration
 *   made once, with `expectInput(min)` as the threshold (what routing reads costs);
 * - `after read(min), watched`: the direct wait while a Poller registration also watches the
 *   connection (what a watcher adds to the data path).
 *
 * With `--expose-gc`, it also says how much memory a Poller registration of a Connection holds.
 *
 * `node --expose-gc dist-bench/bench/wait-path.js [--rounds 7] [--waits 100000] [--baseline path]`.
 */
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}
const rounds = Number(option('rounds') ?? 7);
const waits = Number(option('waits') ?? 100_000);
const baselinePath = option('baseline') ?? here('../baseline/index.js');

const FRAME = Buffer.alloc(24, 1);

function stubSocket(): Duplex {
  return new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

type Reader = (connection: Connection, min: number) => Operation<boolean>;

function* directRead(connection: Connection, min: number): Operation<boolean> {
  return yield* connection.read(min);
}

/** CPU µs per wait for `waits` waits of a coroutine reading through `makeReader`. */
async function measure(
  net: Net,
  makeReader: (connection: Connection) => { read: Reader; done(): void },
): Promise<number> {
  const socket = stubSocket();
  const connection = new net.Connection(socket);
  const reader = makeReader(connection);
  const emit = (): void => {
    socket.emit('data', FRAME);
  };
  const started = process.cpuUsage();
  await net.run(function* () {
    for (let i = 0; i < waits; i++) {
      // Arrives once the coroutine is parked in its read.
      queueMicrotask(emit);
      if (!(yield* reader.read(connection, FRAME.length))) throw new Error('ended');
      connection.input.retrieve(FRAME.length);
    }
  });
  const used = process.cpuUsage(started);
  reader.done();
  connection.abort();
  return (used.user + used.system) / waits;
}

const current = (await import(pathToFileURL(here('../src/index.js')).href)) as Net;
const baseline = existsSync(baselinePath)
  ? ((await import(pathToFileURL(baselinePath).href)) as Net)
  : undefined;

const variants: [string, () => Promise<number>][] = [
  ['after read(min)', () => measure(current, () => ({ read: directRead, done() {} }))],
  [
    'after, through Poller.wait',
    () =>
      measure(current, (connection) => {
        const poller = current.currentRuntime().poller;
        const registration = poller.register(connection, Interest.Readable);
        const wanted = Interest.Readable | Interest.Closed;
        return {
          *read(c: Connection, min: number): Operation<boolean> {
            while (c.input.readableBytes < min) {
              if (c.ended || c.state === 'closed') return false;
              c.expectInput(min);
              yield* poller.wait(registration, wanted);
            }
            return true;
          },
          done: () => registration.deregister(),
        };
      }),
  ],
  [
    'after read(min), watched',
    () =>
      measure(current, (connection) => {
        const registration = new Poller().register(connection, Interest.Readable);
        return { read: directRead, done: () => registration.deregister() };
      }),
  ],
];
if (baseline !== undefined) {
  variants.unshift([
    'before read(min)',
    () => measure(baseline, () => ({ read: directRead, done() {} })),
  ]);
} else {
  console.log(`no baseline build at ${baselinePath}: 'before' left out`);
}

const samples = new Map<string, number[]>();
// One unmeasured round warms every path up.
for (const [, run] of variants) await run();
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < variants.length; i++) {
    const [name, run] = variants[(i + round) % variants.length] as [string, () => Promise<number>];
    samples.set(name, [...(samples.get(name) ?? []), await run()]);
  }
}
console.log(
  `one wait + wake + resume (${waits} per round, ${rounds} rounds, CPU time), node ${process.version}`,
);
for (const [name] of variants) {
  const values = [...(samples.get(name) ?? [])].sort((a, b) => a - b);
  const median = values[values.length >> 1] as number;
  console.log(
    `  ${name.padEnd(30)} ${(median * 1000).toFixed(0).padStart(6)} ns  (rounds ${(values[0] as number).toFixed(2)}–${(values.at(-1) as number).toFixed(2)} µs)`,
  );
}

// What a registration holds: memory of `count` connections before and after registering each.
function heldBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
if (typeof (globalThis as { gc?: unknown }).gc === 'function') {
  const count = 5000;
  const connections = Array.from({ length: count }, () => new current.Connection(stubSocket()));
  const poller = new Poller();
  const before = heldBytes();
  for (const connection of connections) poller.register(connection, Interest.Readable);
  const perRegistration = (heldBytes() - before) / count;
  console.log(`  a Poller registration of a Connection holds ${perRegistration.toFixed(0)} bytes`);
  poller.close();
  for (const connection of connections) connection.abort();
}
process.exit(0);
