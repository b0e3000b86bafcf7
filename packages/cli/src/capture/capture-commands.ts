import { Status } from '@yrpc/rpc';
import type { Command } from 'commander';
import { CliError, describeFailure } from '../cli-error.js';
import { collect, hostPort } from '../host-port.js';
import { capture } from './capture-proxy.js';
import { decode } from './decode-command.js';

const write = (text: string): void => {
  process.stdout.write(text);
};

const note = (line: string): void => {
  process.stderr.write(`yrpc: ${line}\n`);
};

/** Runs a command; a failure becomes one stderr line and the exit code (the CLI's convention). */
async function run(work: () => Promise<void>): Promise<void> {
  // `yrpc capture | head`: once the reader of the output is gone, so is the point of running.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await work();
  } catch (error) {
    const { code, line } = describeFailure(error);
    process.stderr.write(`yrpc: ${line}\n`);
    process.exitCode = code;
  }
}

function frameCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!Number.isInteger(count) || count <= 0) {
    throw new CliError(
      Status.INVALID_ARGUMENT,
      `--count ${value} is not a positive number of frames`,
    );
  }
  return count;
}

/** Adds `yrpc capture` and `yrpc decode` to the program. */
export function addCaptureCommands(program: Command): void {
  program
    .command('capture')
    .description(
      'a transparent proxy that prints every yrpc frame passing through and flags what breaks PROTOCOL.md',
    )
    .requiredOption('--listen <host:port>', 'where clients connect (port 0: any free port)')
    .requiredOption('--target <host:port>', 'the yrpc server the bytes are passed to')
    .option('--json', 'one JSON object per frame (NDJSON), for tools')
    .option('--save <file>', 'also write both directions to FILE, for yrpc decode')
    .option('--count <n>', 'stop after N frames')
    .option('--once', 'stop when the first connection closed')
    .option(
      '--proto <file>',
      'schema from a .proto file, not reflection on --target (repeatable)',
      collect,
      [],
    )
    .option('-I, --import-path <dir>', 'where --proto imports are found (repeatable)', collect, [])
    .action((options) =>
      run(() =>
        capture(
          {
            listen: hostPort('--listen', options.listen),
            target: hostPort('--target', options.target),
            json: options.json === true,
            save: options.save,
            count: frameCount(options.count),
            once: options.once === true,
            proto: options.proto,
            importPath: options.importPath,
          },
          write,
          note,
        ),
      ),
    );

  program
    .command('decode')
    .description("print the frames of a yrpc capture --save dump (or of one direction's raw bytes)")
    .argument('<file>', 'the dump; - reads stdin')
    .option('--json', 'one JSON object per frame (NDJSON), for tools')
    .option('--from <side>', 'for raw bytes: who sent them, client or server', 'client')
    .option('--proto <file>', 'schema from a .proto file (repeatable)', collect, [])
    .option('-I, --import-path <dir>', 'where --proto imports are found (repeatable)', collect, [])
    .option('--reflect <host:port>', 'schema from the reflection of this server')
    .action((file: string, options) =>
      run(() => {
        if (options.from !== 'client' && options.from !== 'server') {
          throw new CliError(
            Status.INVALID_ARGUMENT,
            `--from ${options.from} is not client or server`,
          );
        }
        return decode(
          file,
          {
            json: options.json === true,
            from: options.from,
            proto: options.proto,
            importPath: options.importPath,
            reflect:
              options.reflect === undefined ? undefined : hostPort('--reflect', options.reflect),
          },
          write,
          note,
        );
      }),
    );
}
