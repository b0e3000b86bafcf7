import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/bench-error.js';
import {
  benchCommandLine,
  createBenchCommand,
  parseBenchOptions,
  parseSize,
} from '../src/cli/bench-options.js';
import { resolveOutDir } from '../src/cli/output-dir.js';
import { DEFAULT_TARGET_NAMES, TARGET_NAMES } from '../src/targets/target-registry.js';

const BASE = '/home/user/project';

function invalid(args: readonly string[]): string {
  try {
    parseBenchOptions(args, BASE);
  } catch (error) {
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).code).toBe('INVALID_OPTIONS');
    return (error as BenchError).message;
  }
  throw new Error(`expected ${args.join(' ')} to be rejected`);
}

describe('parseBenchOptions', () => {
  it('defaults to the full mode, every target, and the default output directory', () => {
    const options = parseBenchOptions([], BASE);
    expect(options).toMatchObject({
      quick: false,
      micro: false,
      cpuProf: false,
      outDir: undefined,
      updateCommitted: false,
    });
    expect(options.targets).toEqual(DEFAULT_TARGET_NAMES);
    expect(options.targets).not.toContain('yrpc-interceptors');
    expect(options.targets).not.toContain('yrpc-unconverted');
    expect(options.rounds).toBeUndefined();
  });

  it('reads every option, keeping targets in registry order and resolving --out', () => {
    const options = parseBenchOptions(
      [
        '--quick',
        '--cpu-prof',
        '--targets',
        'grpc-js, raw',
        '--out',
        'results/tmp/x',
        '--rounds',
        '2',
        '--warmup-ms',
        '0',
        '--duration-ms',
        '500',
        '--concurrency',
        '1,64',
        '--payloads',
        '16,4KiB,256kib,1MiB',
        '--connections',
        '1,100',
      ],
      BASE,
    );
    expect(options).toMatchObject({
      quick: true,
      cpuProf: true,
      targets: ['raw', 'grpc-js'],
      outDir: '/home/user/project/results/tmp/x',
      rounds: 2,
      warmupMs: 0,
      durationMs: 500,
      concurrency: [1, 64],
      payloads: [16, 4096, 262_144, 1_048_576],
      connections: [1, 100],
    });
  });

  it('names the flag and the rule when a value is out of range or malformed', () => {
    expect(invalid(['--rounds', '0'])).toBe('--rounds: rounds must be at least 1');
    expect(invalid(['--rounds', 'three'])).toContain('--rounds: rounds must be a whole number');
    expect(invalid(['--duration-ms', '10'])).toContain(
      '--duration-ms: duration must be at least 100',
    );
    expect(invalid(['--concurrency', '1,0'])).toContain(
      '--concurrency: concurrency must be at least 1',
    );
    expect(invalid(['--payloads', '4x'])).toContain('"4x" is not a size');
    expect(invalid(['--payloads', '128MiB'])).toContain('at most 64 MiB');
    expect(invalid(['--connections', ','])).toContain('give at least one value');
  });

  it('lists the known targets when given an unknown one, and reports every problem at once', () => {
    const message = invalid(['--targets', 'raw,grpc', '--rounds', '0']);
    expect(message).toContain(
      `--targets: unknown target "grpc" (known: ${TARGET_NAMES.join(', ')})`,
    );
    expect(message).toContain('--rounds');
  });

  it('rejects unknown flags and stray arguments', () => {
    expect(invalid(['--fast'])).toContain("unknown option '--fast'");
    expect(invalid(['quick'])).toContain('too many arguments');
  });

  it('lets --help through as commander error with exit code 0', () => {
    const write = process.stdout.write;
    process.stdout.write = () => true;
    try {
      expect(() => parseBenchOptions(['--help'], BASE)).toThrow(CommanderError);
    } finally {
      process.stdout.write = write;
    }
  });
});

describe('parseBenchOptions --scenario', () => {
  it('takes a known scenario, with its own default targets, and timing overrides', () => {
    const options = parseBenchOptions(['--scenario', 'flow', '--rounds', '2'], BASE);
    expect(options).toMatchObject({ scenario: 'flow', quick: false, rounds: 2 });
    expect(options.targets).toEqual(['yrpc', 'net', 'raw']);
    const chosen = parseBenchOptions(['--scenario', 'flow', '--targets', 'raw,yrpc'], BASE);
    expect(chosen.targets).toEqual(['yrpc', 'raw']);
  });

  it('leaves the scenario unset otherwise', () => {
    expect(parseBenchOptions(['--quick'], BASE).scenario).toBeUndefined();
  });

  it('names the known scenarios when given an unknown one', () => {
    expect(invalid(['--scenario', 'large'])).toBe(
      '--scenario: unknown scenario "large" (known: flow, streaming, idle-connections)',
    );
  });

  it('refuses the options that choose configurations themselves', () => {
    const message = invalid(['--scenario', 'flow', '--quick', '--payloads', '16']);
    expect(message).toContain('--scenario: cannot be combined with --quick');
    expect(message).toContain('--scenario: cannot be combined with --payloads');
    expect(invalid(['--scenario', 'flow', '--micro'])).toContain('cannot be combined with --micro');
  });

  it('accepts 15 MiB payloads in custom mode', () => {
    expect(parseBenchOptions(['--payloads', '15MiB'], BASE).payloads).toEqual([15 * 1024 * 1024]);
  });
});

describe('parseBenchOptions --scenario streaming', () => {
  const MiB = 1024 * 1024;

  it('runs yrpc, raw and grpc-js by default, with timing overrides', () => {
    const options = parseBenchOptions(['--scenario', 'streaming', '--rounds', '1'], BASE);
    expect(options).toMatchObject({ scenario: 'streaming', rounds: 1, streamWindow: undefined });
    expect(options.targets).toEqual(['yrpc', 'raw', 'grpc-js']);
    const chosen = parseBenchOptions(['--scenario', 'streaming', '--targets', 'raw,yrpc'], BASE);
    expect(chosen.targets).toEqual(['yrpc', 'raw']);
  });

  it('takes a stream window of 16 MiB or more, with or without a unit', () => {
    const window = (text: string) =>
      parseBenchOptions(['--scenario', 'streaming', '--stream-window', text], BASE).streamWindow;
    expect(window('16MiB')).toBe(16 * MiB);
    expect(window('32m')).toBe(32 * MiB);
    expect(window(String(20 * MiB))).toBe(20 * MiB);
    expect(invalid(['--scenario', 'streaming', '--stream-window', '8MiB'])).toBe(
      '--stream-window: the stream window must be at least 16 MiB',
    );
    expect(invalid(['--scenario', 'streaming', '--stream-window', '1024MiB'])).toBe(
      '--stream-window: the stream window may be at most 512 MiB',
    );
    expect(invalid(['--scenario', 'streaming', '--stream-window', 'big'])).toContain(
      '--stream-window: "big" is not a size',
    );
  });

  it('refuses a stream window outside the streaming scenario', () => {
    expect(invalid(['--quick', '--stream-window', '16MiB'])).toBe(
      '--stream-window: only applies to --scenario streaming',
    );
    expect(invalid(['--scenario', 'flow', '--stream-window', '16MiB'])).toBe(
      '--stream-window: only applies to --scenario streaming',
    );
  });

  it('refuses targets without a streaming implementation and the configuration lists', () => {
    expect(invalid(['--scenario', 'streaming', '--targets', 'yrpc,net'])).toBe(
      '--targets: "net" has no streaming implementation (--scenario streaming runs yrpc, raw, grpc-js)',
    );
    expect(invalid(['--scenario', 'streaming', '--payloads', '16'])).toContain(
      '--scenario: cannot be combined with --payloads',
    );
  });

  it('writes to results/latest/streaming/ by default, results/streaming/ when committing', () => {
    const PACKAGE = '/repo/apps/bench';
    const options = parseBenchOptions(['--scenario', 'streaming'], BASE);
    expect(resolveOutDir(options, 'streaming', PACKAGE)).toBe(
      '/repo/apps/bench/results/latest/streaming',
    );
    const committed = parseBenchOptions(['--scenario', 'streaming', '--update-committed'], BASE);
    expect(resolveOutDir(committed, 'streaming', PACKAGE)).toBe(
      '/repo/apps/bench/results/streaming',
    );
  });
});

describe('parseBenchOptions --node-flags', () => {
  it('gives the measured processes no Node flags by default', () => {
    expect(parseBenchOptions([], BASE).nodeFlags).toEqual([]);
    expect(parseBenchOptions(['--node-flags', ' '], BASE).nodeFlags).toEqual([]);
  });

  it('splits the list on spaces, in every mode and scenario', () => {
    const flags = '--min-semi-space-size=16  --max-old-space-size=512';
    expect(parseBenchOptions(['--quick', '--node-flags', flags], BASE).nodeFlags).toEqual([
      '--min-semi-space-size=16',
      '--max-old-space-size=512',
    ]);
    expect(
      parseBenchOptions(['--scenario', 'streaming', '--node-flags=--max-semi-space-size=64'], BASE)
        .nodeFlags,
    ).toEqual(['--max-semi-space-size=64']);
    expect(
      parseBenchOptions(['--scenario', 'flow', '--node-flags', '--expose-gc'], BASE).nodeFlags,
    ).toEqual(['--expose-gc']);
  });

  it('refuses anything but --flags, the CPU profile and inspector flags, and --micro', () => {
    const refusals: readonly (readonly [readonly string[], string])[] = [
      [
        ['--node-flags', '--max-old-space-size 512'],
        '"512" is not a Node flag: each must start with --, e.g. --max-old-space-size=512',
      ],
      [['--node-flags', '-e'], '"-e" is not a Node flag'],
      [
        ['--node-flags', '--cpu-prof-dir=/tmp'],
        '"--cpu-prof-dir=/tmp" is not allowed: use --cpu-prof',
      ],
      [['--node-flags', '--cpu_prof'], '"--cpu_prof" is not allowed: use --cpu-prof'],
      [
        ['--node-flags', '--expose-gc --inspect-brk=9230'],
        '"--inspect-brk=9230" is not allowed: a debugger would stall the measured processes',
      ],
      [['--node-flags', '--expose-gc', '--micro'], 'cannot be combined with --micro'],
    ];
    for (const [args, message] of refusals) {
      expect(invalid(args)).toContain(`--node-flags: ${message}`);
    }
  });

  it('quotes the list in the command recorded with the results', () => {
    expect(benchCommandLine(['--quick', '--node-flags', '--a=1 --b=2'])).toBe(
      "pnpm bench --quick --node-flags '--a=1 --b=2'",
    );
    expect(benchCommandLine(['--targets', 'yrpc,raw', '--payloads', '4KiB'])).toBe(
      'pnpm bench --targets yrpc,raw --payloads 4KiB',
    );
  });
});

describe('parseSize', () => {
  it('reads bytes with or without a unit and refuses anything else', () => {
    expect(parseSize('16')).toBe(16);
    expect(parseSize('16B')).toBe(16);
    expect(parseSize(' 4k ')).toBe(4096);
    expect(parseSize('2MB')).toBe(2 * 1024 * 1024);
    expect(parseSize('1.5KiB')).toBeUndefined();
    expect(parseSize('KiB')).toBeUndefined();
    expect(parseSize('4 parsecs')).toBeUndefined();
  });
});

describe('output directory', () => {
  const PACKAGE = '/repo/apps/bench';

  it('defaults every mode to the git-ignored results/latest/<mode>/', () => {
    const options = parseBenchOptions([], BASE);
    for (const mode of ['quick', 'full', 'custom', 'flow'] as const) {
      expect(resolveOutDir(options, mode, PACKAGE)).toBe(`/repo/apps/bench/results/latest/${mode}`);
    }
    const flow = parseBenchOptions(['--scenario', 'flow'], BASE);
    expect(resolveOutDir(flow, 'flow', PACKAGE)).toBe('/repo/apps/bench/results/latest/flow');
  });

  it('writes to the committed results/<mode>/ only with --update-committed', () => {
    const quick = parseBenchOptions(['--quick', '--update-committed'], BASE);
    expect(quick.updateCommitted).toBe(true);
    expect(resolveOutDir(quick, 'quick', PACKAGE)).toBe('/repo/apps/bench/results/quick');
    const flow = parseBenchOptions(['--scenario', 'flow', '--update-committed'], BASE);
    expect(resolveOutDir(flow, 'flow', PACKAGE)).toBe('/repo/apps/bench/results/flow');
  });

  it('takes --out as given, resolved against where pnpm ran', () => {
    const options = parseBenchOptions(['--quick', '--out', 'apps/bench/results/quick'], BASE);
    expect(resolveOutDir(options, 'quick', PACKAGE)).toBe(
      '/home/user/project/apps/bench/results/quick',
    );
  });

  it('refuses --update-committed with --out, --micro or a custom list', () => {
    expect(invalid(['--update-committed', '--out', 'x'])).toBe(
      '--update-committed: cannot be combined with --out: it chooses the directory itself',
    );
    expect(invalid(['--update-committed', '--micro'])).toContain(
      '--update-committed: cannot be combined with --micro',
    );
    expect(invalid(['--quick', '--update-committed', '--payloads', '16'])).toContain(
      '--update-committed: cannot be combined with --payloads: custom runs have no committed figures',
    );
  });
});

describe('pnpm bench --help', () => {
  const command = createBenchCommand();
  const help = command.helpInformation({ error: false }).replace(/\s+/g, ' ');

  it('ends every option with its default', () => {
    expect(command.options.map((option) => option.long)).toEqual([
      '--quick',
      '--micro',
      '--scenario',
      '--cpu-prof',
      '--node-flags',
      '--targets',
      '--out',
      '--update-committed',
      '--rounds',
      '--warmup-ms',
      '--duration-ms',
      '--concurrency',
      '--payloads',
      '--connections',
      '--stream-window',
    ]);
    for (const option of command.options) {
      expect(option.description, option.flags).toMatch(/ \(default: [^()]+\)$/);
      expect(help).toContain(option.description.replace(/\s+/g, ' '));
    }
  });

  it('states the defaults the run uses', () => {
    const defaults = new Map(
      command.options.map((option) => [
        option.long,
        /\(default: ([^()]+)\)$/.exec(option.description)?.[1],
      ]),
    );
    expect(defaults.get('--out')).toBe('apps/bench/results/latest/<mode>/, git-ignored');
    expect(defaults.get('--update-committed')).toBe('off');
    expect(defaults.get('--quick')).toBe('off: full mode');
    expect(defaults.get('--targets')).toBe(
      'all but yrpc-interceptors,yrpc-unconverted,yrpc-traced,yrpc-cluster,yrpc-round-robin,grpc-js-to-yrpc,yrpc-grpc-client,yrpc-detecting; flow: yrpc,net,raw; streaming: yrpc,raw,grpc-js',
    );
    expect(defaults.get('--rounds')).toBe('quick 3, full 5, flow 3, streaming 3');
    expect(defaults.get('--warmup-ms')).toBe('quick 300, full 1000, flow 300, streaming 300');
    expect(defaults.get('--duration-ms')).toBe('quick 1000, full 3000, flow 1000, streaming 1000');
    expect(defaults.get('--stream-window')).toBe('16MiB');
    expect(defaults.get('--node-flags')).toBe('none');
    expect(defaults.get('--concurrency')).toBe(
      "the mode's; when only another list is given: full 1,16,64,256, quick 1,64",
    );
    expect(defaults.get('--payloads')).toBe(
      "the mode's; when only another list is given: full 16B,4KiB,256KiB, quick 16B,256KiB",
    );
    expect(help).toContain('apps/bench/results/<mode>/');
  });
});
