import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { BenchError } from '../bench-error.js';
import { formatSize } from '../plan/bench-configuration.js';
import { buildBenchPlan, MODE_TIMING, type RoundTiming } from '../plan/bench-plan.js';
import { FLOW_SCENARIO, findScenario, SCENARIO_NAMES } from '../plan/bench-scenario.js';
import { IDLE_SCENARIO } from '../plan/idle-scenario.js';
import {
  DEFAULT_STREAM_WINDOW,
  MAX_STREAM_WINDOW,
  MIN_STREAM_WINDOW,
  STREAMING_SCENARIO,
} from '../plan/streaming-scenario.js';
import { FEED_TARGET_NAMES } from '../targets/feed-registry.js';
import { RAW_MAX_PAYLOAD } from '../targets/raw/raw-frame.js';
import { DEFAULT_TARGET_NAMES, TARGET_NAMES } from '../targets/target-registry.js';
import { COMMITTED_RESULTS_DIR, LATEST_RESULTS_DIR, PACKAGE_PATH } from './output-dir.js';

/** Validated options of one `pnpm bench` invocation. */
export interface BenchOptions {
  /** Run the micro-benchmarks of each package instead of the echo benchmark. */
  readonly micro: boolean;
  readonly quick: boolean;
  /**
   * A named scenario (`--scenario flow`, `--scenario streaming`) instead of a mode; `undefined`
   * when none is given.
   */
  readonly scenario: string | undefined;
  /** Write a V8 CPU profile of every server and client process into `<out>/profiles/`. */
  readonly cpuProf: boolean;
  /** Node/V8 flags given to every measured process (`--node-flags`); none by default. */
  readonly nodeFlags: readonly string[];
  /**
   * Target names to run, in registry order; planned ones are skipped with a note. Default: all but
   * the opt-in ones, or the scenario's own list.
   */
  readonly targets: readonly string[];
  /**
   * Absolute directory the reports go to; `undefined` means the default (see `resolveOutDir`):
   * results/latest/<mode>/, or results/<mode>/ with `updateCommitted`.
   */
  readonly outDir: string | undefined;
  /** `--update-committed`: write to the committed results/<mode>/ instead of results/latest/. */
  readonly updateCommitted: boolean;
  readonly rounds: number | undefined;
  readonly warmupMs: number | undefined;
  readonly durationMs: number | undefined;
  readonly concurrency: readonly number[] | undefined;
  readonly payloads: readonly number[] | undefined;
  readonly connections: readonly number[] | undefined;
  /** yrpc's stream window in the streaming scenario, bytes; `undefined`: its default (16 MiB). */
  readonly streamWindow: number | undefined;
}

/** The flag each option comes from, for error messages. */
const FLAGS: Readonly<Record<string, string>> = {
  scenario: '--scenario',
  nodeFlags: '--node-flags',
  targets: '--targets',
  out: '--out',
  updateCommitted: '--update-committed',
  rounds: '--rounds',
  warmupMs: '--warmup-ms',
  durationMs: '--duration-ms',
  concurrency: '--concurrency',
  payloads: '--payloads',
  connections: '--connections',
  streamWindow: '--stream-window',
};

function wholeNumber(what: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `${what} must be a whole number, e.g. ${min}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${what} must be at least ${min}`)
        .max(max, `${what} must be at most ${max}`),
    );
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 * 1024,
  mb: 1024 * 1024,
  mib: 1024 * 1024,
};

/** Parses `16`, `16B`, `4k`, `4KiB`, `256kib`, `1MiB` into bytes; `undefined` if malformed. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  if (match === null || unit === undefined) return undefined;
  return Number(match[1]) * unit;
}

function commaList<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item).min(1, 'give at least one value'));
}

const payloadSize = z
  .string()
  .transform((text, context) => {
    const bytes = parseSize(text);
    if (bytes === undefined) {
      context.addIssue({
        code: 'custom',
        message: `"${text}" is not a size (use bytes or a unit: 16, 4KiB, 256KiB)`,
      });
      return z.NEVER;
    }
    return bytes;
  })
  .pipe(
    z
      .number()
      .min(0)
      .max(RAW_MAX_PAYLOAD, `a payload may be at most ${RAW_MAX_PAYLOAD / (1024 * 1024)} MiB`),
  );

/** Every name `--scenario` accepts: the echo scenarios, then streaming and idle connections. */
export const KNOWN_SCENARIOS: readonly string[] = [
  ...SCENARIO_NAMES,
  STREAMING_SCENARIO.name,
  IDLE_SCENARIO.name,
];

const scenarioName = z.string().refine((name) => KNOWN_SCENARIOS.includes(name), {
  error: (issue) =>
    `unknown scenario "${String(issue.input)}" (known: ${KNOWN_SCENARIOS.join(', ')})`,
});

const MiB = 1024 * 1024;

const streamWindowSize = z
  .string()
  .transform((text, context) => {
    const bytes = parseSize(text);
    if (bytes === undefined) {
      context.addIssue({
        code: 'custom',
        message: `"${text}" is not a size (use bytes or a unit: 16MiB, 32MiB)`,
      });
      return z.NEVER;
    }
    return bytes;
  })
  .pipe(
    z
      .number()
      .min(MIN_STREAM_WINDOW, `the stream window must be at least ${MIN_STREAM_WINDOW / MiB} MiB`)
      .max(MAX_STREAM_WINDOW, `the stream window may be at most ${MAX_STREAM_WINDOW / MiB} MiB`),
  );

/** Prefixes of the Node flags `--node-flags` refuses (e.g. also --cpu-prof-dir=…), with the reason. */
const REFUSED_NODE_FLAGS = [
  ['--cpu-prof', 'use --cpu-prof'],
  ['--inspect', 'a debugger would stall the measured processes'],
] as const;

const nodeFlag = z.string().superRefine((flag, context) => {
  if (!/^--\w/.test(flag)) {
    context.addIssue({
      code: 'custom',
      message: `"${flag}" is not a Node flag: each must start with --, e.g. --max-old-space-size=512`,
    });
    return;
  }
  // Node reads `--cpu_prof` as `--cpu-prof`.
  const normalized = flag.replaceAll('_', '-');
  for (const [refused, reason] of REFUSED_NODE_FLAGS) {
    if (normalized.startsWith(refused)) {
      context.addIssue({ code: 'custom', message: `"${flag}" is not allowed: ${reason}` });
    }
  }
});

/** Space-separated Node flags, e.g. `--min-semi-space-size=16 --max-old-space-size=512`. */
const nodeFlagList = z
  .string()
  .transform((text) => text.split(/\s+/).filter((flag) => flag !== ''))
  .pipe(z.array(nodeFlag));

/** Options that choose configurations themselves, which a scenario fixes. */
const CONFLICTS_WITH_SCENARIO = [
  ['micro', '--micro'],
  ['quick', '--quick'],
  ['concurrency', '--concurrency'],
  ['payloads', '--payloads'],
  ['connections', '--connections'],
] as const;

/** Options that mean nothing to `--scenario idle-connections` (one measurement per target). */
const CONFLICTS_WITH_IDLE = [
  ['targets', '--targets'],
  ['rounds', '--rounds'],
  ['warmupMs', '--warmup-ms'],
  ['durationMs', '--duration-ms'],
  ['cpuProf', '--cpu-prof'],
] as const;

/** Options `--update-committed` refuses, with the reason. */
const CONFLICTS_WITH_UPDATE_COMMITTED = [
  ['out', '--out', 'it chooses the directory itself'],
  ['micro', '--micro', 'the micro-benchmarks write no results'],
  ['concurrency', '--concurrency', 'custom runs have no committed figures (use --out)'],
  ['payloads', '--payloads', 'custom runs have no committed figures (use --out)'],
  ['connections', '--connections', 'custom runs have no committed figures (use --out)'],
] as const;

const targetName = z.string().refine((name) => TARGET_NAMES.includes(name), {
  error: (issue) => `unknown target "${String(issue.input)}" (known: ${TARGET_NAMES.join(', ')})`,
});

/** Raw option values as commander hands them over: strings, booleans, or absent. */
const rawOptionsSchema = z
  .object({
    micro: z.boolean().default(false),
    quick: z.boolean().default(false),
    scenario: scenarioName.optional(),
    cpuProf: z.boolean().default(false),
    nodeFlags: nodeFlagList.default([]),
    targets: commaList(targetName).optional(),
    out: z.string().trim().min(1, 'give a directory').optional(),
    updateCommitted: z.boolean().default(false),
    rounds: wholeNumber('rounds', 1, 100).optional(),
    warmupMs: wholeNumber('warm-up', 0, 600_000).optional(),
    durationMs: wholeNumber('duration', 100, 600_000).optional(),
    concurrency: commaList(wholeNumber('concurrency', 1, 10_000)).optional(),
    payloads: commaList(payloadSize).optional(),
    connections: commaList(wholeNumber('connections', 1, 5_000)).optional(),
    streamWindow: streamWindowSize.optional(),
  })
  .superRefine((options, context) => {
    if (options.micro && options.nodeFlags.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['nodeFlags'],
        message: 'cannot be combined with --micro: the micro-benchmarks are not measured processes',
      });
    }
    if (options.streamWindow !== undefined && options.scenario !== STREAMING_SCENARIO.name) {
      context.addIssue({
        code: 'custom',
        path: ['streamWindow'],
        message: `only applies to --scenario ${STREAMING_SCENARIO.name}`,
      });
    }
    if (options.scenario === STREAMING_SCENARIO.name) {
      for (const target of options.targets ?? []) {
        if (FEED_TARGET_NAMES.includes(target)) continue;
        context.addIssue({
          code: 'custom',
          path: ['targets'],
          message:
            `"${target}" has no streaming implementation ` +
            `(--scenario ${STREAMING_SCENARIO.name} runs ${FEED_TARGET_NAMES.join(', ')})`,
        });
      }
    }
    if (options.scenario === IDLE_SCENARIO.name) {
      for (const [key, flag] of CONFLICTS_WITH_IDLE) {
        if (options[key] === undefined || options[key] === false) continue;
        context.addIssue({
          code: 'custom',
          path: ['scenario'],
          message: `cannot be combined with ${flag}: ${IDLE_SCENARIO.name} measures yrpc and a bare socket once each`,
        });
      }
    }
    if (options.updateCommitted) {
      for (const [key, flag, reason] of CONFLICTS_WITH_UPDATE_COMMITTED) {
        if (options[key] === undefined || options[key] === false) continue;
        context.addIssue({
          code: 'custom',
          path: ['updateCommitted'],
          message: `cannot be combined with ${flag}: ${reason}`,
        });
      }
    }
    if (options.scenario === undefined) return;
    for (const [key, flag] of CONFLICTS_WITH_SCENARIO) {
      if (options[key] === undefined || options[key] === false) continue;
      context.addIssue({
        code: 'custom',
        path: ['scenario'],
        message: `cannot be combined with ${flag}: the scenario fixes what it measures`,
      });
    }
  });

/** `description (default: value)`, the way every option of `pnpm bench --help` ends. */
function withDefault(description: string, value: string): string {
  return `${description} (default: ${value})`;
}

/** A timing default per mode and scenario, e.g. `quick 3, full 5, flow 3, streaming 3`. */
function timingDefault(key: keyof Pick<RoundTiming, 'rounds' | 'warmupMs' | 'durationMs'>): string {
  return [
    `quick ${MODE_TIMING.quick[key]}`,
    `full ${MODE_TIMING.full[key]}`,
    `${FLOW_SCENARIO.name} ${FLOW_SCENARIO.timing[key]}`,
    `${STREAMING_SCENARIO.name} ${STREAMING_SCENARIO.timing[key]}`,
  ].join(', ');
}

/** The distinct values of one dimension in a mode's configurations, e.g. `1,16,64,256`. */
function modeValues(quick: boolean, key: 'concurrency' | 'payloadSize'): string {
  const values = buildBenchPlan(quick, {}, {}).configurations.map((entry) => entry[key]);
  const text =
    key === 'payloadSize' ? (value: number) => formatSize(value).replace(' ', '') : String;
  return [...new Set(values)].map(text).join(',');
}

/** The commander program of `pnpm bench`; `parseBenchOptions` validates what it collects. */
export function createBenchCommand(): Command {
  const customNote = (full: string, quick: string) =>
    `the mode's; when only another list is given: full ${full}, quick ${quick}`;
  return new Command('bench')
    .description(
      'Benchmarks unary echo: yrpc against @grpc/grpc-js and the raw node:net limit. ' +
        `Reports go to ${PACKAGE_PATH}/${LATEST_RESULTS_DIR}/<mode>/ (git-ignored) unless ` +
        '--out or --update-committed says otherwise.',
    )
    .option(
      '--quick',
      withDefault('a short subset (whole run at most 2 minutes)', 'off: full mode'),
    )
    .option('--micro', withDefault("run each package's micro-benchmarks instead", 'off'))
    .option(
      '--scenario <name>',
      withDefault(
        `a named set of measurements instead of a mode (known: ${KNOWN_SCENARIOS.join(', ')})`,
        'none: a mode',
      ),
    )
    .option(
      '--cpu-prof',
      withDefault('write a CPU profile of every server and client into <out>/profiles/', 'off'),
    )
    .option(
      '--node-flags <flags>',
      withDefault(
        'space-separated Node/V8 flags for every measured server and client, e.g. ' +
          '"--min-semi-space-size=16 --max-old-space-size=512" (not --cpu-prof*, --inspect*)',
        'none',
      ),
    )
    .option(
      '--targets <names>',
      withDefault(
        `comma-separated targets (known: ${TARGET_NAMES.join(', ')})`,
        `all but ${TARGET_NAMES.filter((name) => !DEFAULT_TARGET_NAMES.includes(name)).join(',')}; ` +
          `${FLOW_SCENARIO.name}: ${FLOW_SCENARIO.defaultTargets.join(',')}; ` +
          `${STREAMING_SCENARIO.name}: ${STREAMING_SCENARIO.defaultTargets.join(',')}`,
      ),
    )
    .option(
      '--out <dir>',
      withDefault(
        'directory for results.json, summary.md and chart.svg, relative to where pnpm ran',
        `${PACKAGE_PATH}/${LATEST_RESULTS_DIR}/<mode>/, git-ignored`,
      ),
    )
    .option(
      '--update-committed',
      withDefault(
        `write to the committed figures, ${PACKAGE_PATH}/${COMMITTED_RESULTS_DIR}/<mode>/, ` +
          'instead (not with --out, --micro or a custom list)',
        'off',
      ),
    )
    .option(
      '--rounds <n>',
      withDefault('measured rounds per configuration and target', timingDefault('rounds')),
    )
    .option(
      '--warmup-ms <ms>',
      withDefault('warm-up before each measured window', timingDefault('warmupMs')),
    )
    .option(
      '--duration-ms <ms>',
      withDefault('length of each measured window', timingDefault('durationMs')),
    )
    .option(
      '--concurrency <list>',
      withDefault(
        'calls in flight per connection, e.g. 1,64; any of the three lists runs their cross product',
        customNote(modeValues(false, 'concurrency'), modeValues(true, 'concurrency')),
      ),
    )
    .option(
      '--payloads <list>',
      withDefault(
        'payload sizes in bytes or with a unit, e.g. 16,4KiB,256KiB',
        customNote(modeValues(false, 'payloadSize'), modeValues(true, 'payloadSize')),
      ),
    )
    .option(
      '--connections <list>',
      withDefault(
        'connection counts, e.g. 1,100',
        "the mode's; when only another list is given: 1",
      ),
    )
    .option(
      '--stream-window <size>',
      withDefault(
        `yrpc's stream window on server and client in --scenario ${STREAMING_SCENARIO.name} ` +
          `(connection window: twice it), ${MIN_STREAM_WINDOW / MiB} to ${MAX_STREAM_WINDOW / MiB} MiB`,
        `${DEFAULT_STREAM_WINDOW / MiB}MiB`,
      ),
    )
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

/**
 * `pnpm bench` and its arguments as a shell command that reproduces the run: an argument with a
 * space or another special character (a `--node-flags` list) is single-quoted.
 */
export function benchCommandLine(args: readonly string[]): string {
  const quote = (arg: string) =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
  return ['pnpm bench', ...args.map(quote)].join(' ');
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? '');
      const flag = FLAGS[key] ?? key;
      return `${flag}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Parses and validates command-line arguments (without the `node script` prefix). Bad input
 * throws a `BenchError` (`INVALID_OPTIONS`) whose message names the flag and the rule; `--help`
 * throws commander's `CommanderError` with exit code 0 after printing.
 *
 * @param baseDir - directory `--out` is resolved against (pnpm's INIT_CWD: where the user ran it).
 */
export function parseBenchOptions(args: readonly string[], baseDir: string): BenchOptions {
  const command = createBenchCommand();
  try {
    command.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode !== 0) {
      throw new BenchError('INVALID_OPTIONS', error.message.replace(/^error: /, ''));
    }
    throw error;
  }
  const parsed = rawOptionsSchema.safeParse(command.opts());
  if (!parsed.success) throw new BenchError('INVALID_OPTIONS', describeIssues(parsed.error));
  const options = parsed.data;
  const scenario = options.scenario === undefined ? undefined : findScenario(options.scenario);
  const scenarioTargets =
    options.scenario === STREAMING_SCENARIO.name
      ? STREAMING_SCENARIO.defaultTargets
      : scenario?.defaultTargets;
  const chosen: readonly string[] = options.targets ?? scenarioTargets ?? DEFAULT_TARGET_NAMES;
  return {
    micro: options.micro,
    quick: options.quick,
    scenario: options.scenario,
    cpuProf: options.cpuProf,
    nodeFlags: options.nodeFlags,
    targets: TARGET_NAMES.filter((name) => chosen.includes(name)),
    outDir: options.out === undefined ? undefined : resolve(baseDir, options.out),
    updateCommitted: options.updateCommitted,
    rounds: options.rounds,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    concurrency: options.concurrency,
    payloads: options.payloads,
    connections: options.connections,
    streamWindow: options.streamWindow,
  };
}
