import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEchoClient } from './echo-client.js';
import {
  type ClientMessage,
  type Scenario,
  type ServerCommand,
  type ServerMessage,
  VARIANTS,
  type Variant,
} from './echo-protocol.js';
import { type Net, startEchoServer } from './echo-servers.js';

/**
 * Coroutine-style echo over loopback TCP, server and client in separate processes, every server
 * variant in every round (order rotated per round), so "before" and "after" share one run:
 *
 * - `raw`: node:net, the limit;
 * - `callback`: @yrpc/net callback style (`onReadable`), current sources;
 * - `before`: the coroutine echo (`serve` + `read(min)`) on @yrpc/net built from `--baseline`
 *   (see build-baseline.sh), i.e. the code before a change;
 * - `after`: the same echo on the current sources;
 * - `poller-wait`: the same echo with every read waiting in the runtime's `Poller.wait`;
 * - `epoll`: one coroutine serving all connections through `Poller.poll`.
 *
 * The client is the same raw client for all. Calls/s is wall time, which on a machine shared
 * with other work mostly measures how soon the OS runs each process. With `--in-process`, client
 * and server share this process instead and the figure is its CPU time per call (client +
 * server), and the ratio is raw's CPU per call over the variant's: what the code costs,
 * whatever else the machine runs. `node dist-bench/bench/coroutine-echo.js [--in-process]
 * [--rounds 7] [--duration-ms 1000] [--warmup-ms 300] [--scenarios a,b] [--variants a,b]
 * [--baseline dist-bench/baseline/index.js]`.
 */
const SCENARIOS: readonly Scenario[] = [
  { name: 'pipelined', connections: 1, inFlight: 64, payload: 16 },
  { name: 'ping-pong', connections: 1, inFlight: 1, payload: 16 },
  { name: 'many', connections: 50, inFlight: 1, payload: 16 },
];

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

const rounds = Number(option('rounds') ?? 7);
const durationMs = Number(option('duration-ms') ?? 1000);
const warmupMs = Number(option('warmup-ms') ?? 300);
const baseline = option('baseline') ?? here('../baseline/index.js');
const current = here('../src/index.js');
const inProcess = process.argv.includes('--in-process');
const scenarioNames = option('scenarios')?.split(',');
const scenarios = SCENARIOS.filter((s) => scenarioNames?.includes(s.name) ?? true);
let variants = (option('variants')?.split(',') as Variant[] | undefined) ?? [...VARIANTS];
if (variants.includes('before') && !existsSync(baseline)) {
  console.log(`no baseline build at ${baseline} (bench/build-baseline.sh): 'before' left out`);
  variants = variants.filter((v) => v !== 'before');
}

interface Sample {
  readonly callsPerSecond: number;
  /** µs: the server process's CPU time per call; in-process, the process's (client + server). */
  readonly cpuPerCall: number;
}

function nextMessage<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { kind: string }): void => {
      if (message.kind !== kind) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null): void =>
      reject(new Error(`child exited (${code}) before '${kind}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function serverCpu(server: ChildProcess): Promise<number> {
  const reply = nextMessage<ServerMessage & { kind: 'cpu' }>(server, 'cpu');
  server.send({ kind: 'cpu' } satisfies ServerCommand);
  return (await reply).micros;
}

async function measure(variant: Variant, scenario: Scenario): Promise<Sample> {
  const module = variant === 'raw' ? [] : [variant === 'before' ? baseline : current];
  const server = fork(here('./echo-server-process.js'), [variant, ...module], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port } = await nextMessage<ServerMessage & { kind: 'listening' }>(server, 'listening');
    const client = fork(
      here('./echo-client-process.js'),
      [port, scenario.connections, scenario.inFlight, scenario.payload, warmupMs, durationMs].map(
        String,
      ),
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    await nextMessage<ClientMessage>(client, 'measuring');
    const cpuBefore = await serverCpu(server);
    const result = await nextMessage<ClientMessage & { kind: 'result' }>(client, 'result');
    const cpuAfter = await serverCpu(server);
    client.kill();
    return {
      callsPerSecond: result.calls / result.seconds,
      cpuPerCall: (cpuAfter - cpuBefore) / Math.max(1, result.calls),
    };
  } finally {
    server.send({ kind: 'stop' } satisfies ServerCommand);
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

const modules = new Map<string, Net>();
async function loadNet(path: string): Promise<Net> {
  let net = modules.get(path);
  if (net === undefined) {
    net = (await import(pathToFileURL(path).href)) as Net;
    modules.set(path, net);
  }
  return net;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Client and server in this process; CPU time of the process per call. */
async function measureInProcess(variant: Variant, scenario: Scenario): Promise<Sample> {
  const net =
    variant === 'raw' ? undefined : await loadNet(variant === 'before' ? baseline : current);
  const server = await startEchoServer(variant, net);
  const client = await startEchoClient({ port: server.port, ...scenario });
  try {
    await pause(warmupMs);
    client.startCounting();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await pause(durationMs);
    const calls = client.calls;
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    return {
      callsPerSecond: calls / seconds,
      cpuPerCall: (used.user + used.system) / Math.max(1, calls),
    };
  } finally {
    client.stop();
    await server.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function rate(value: number): string {
  return value >= 1e6 ? `${(value / 1e6).toFixed(2)}M` : `${(value / 1e3).toFixed(1)}k`;
}

const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
const startLoad = load();
console.log(
  `coroutine echo${inProcess ? ' in one process (CPU time)' : ''}, node ${process.version}, ${rounds} rounds of ${durationMs} ms (+${warmupMs} ms warm-up), load ${startLoad}`,
);

const results = new Map<string, Sample[]>();
for (const scenario of scenarios) {
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length] as Variant);
    for (const variant of order) {
      const sample = await (inProcess ? measureInProcess : measure)(variant, scenario);
      const key = `${scenario.name}/${variant}`;
      results.set(key, [...(results.get(key) ?? []), sample]);
      process.stdout.write(
        `  ${scenario.name} round ${round + 1} ${variant}: ${rate(sample.callsPerSecond)} calls/s, ${inProcess ? 'process' : 'server'} ${sample.cpuPerCall.toFixed(2)} µs/call\n`,
      );
    }
  }
}

console.log(`\nload at start ${startLoad}, at end ${load()} (1 / 5 / 15 min)\n`);
console.log(
  inProcess
    ? '| scenario | server | CPU µs/call, client + server (median) | raw ÷ this: CPU per call, median (min–max of rounds) | calls/s (median) |'
    : '| scenario | server | calls/s (median) | ÷ raw, median (min–max of rounds) | server CPU µs/call |',
);
console.log('|---|---|---|---|---|');
for (const scenario of scenarios) {
  const raw = results.get(`${scenario.name}/raw`);
  for (const variant of variants) {
    const samples = results.get(`${scenario.name}/${variant}`) ?? [];
    // Each round's ratio to raw in the same round; in-process, of CPU time per call.
    const ratios =
      raw === undefined
        ? []
        : samples.map((s, i) =>
            inProcess
              ? (raw[i] as Sample).cpuPerCall / s.cpuPerCall
              : s.callsPerSecond / (raw[i] as Sample).callsPerSecond,
          );
    const ratio =
      ratios.length === 0 || variant === 'raw'
        ? ''
        : `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
    const calls = rate(median(samples.map((s) => s.callsPerSecond)));
    const cpu = median(samples.map((s) => s.cpuPerCall)).toFixed(2);
    console.log(
      `| ${scenario.name} (${scenario.connections} conn × ${scenario.inFlight} in flight, ${scenario.payload} B) | ${variant} | ${inProcess ? cpu : calls} | ${ratio} | ${inProcess ? calls : cpu} |`,
    );
  }
}
process.exit(0);
