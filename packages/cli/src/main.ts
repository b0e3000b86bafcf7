import { type Client, Status } from '@yrpc/rpc';
import { Command, CommanderError, Option } from 'commander';
import { callCommand } from './call-command.js';
import { addCaptureCommands } from './capture/capture-commands.js';
import { describeFailure } from './cli-error.js';
import { type ConnectionOptions, callOptions, connect } from './connection.js';
import { describeSymbol } from './describe-command.js';
import { healthCommand } from './health-command.js';
import { collect } from './host-port.js';
import { listServices } from './reflection-client.js';
import { schemaRoot } from './schema.js';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const tell = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Runs `work` with a Client for `address`; any failure becomes one stderr line and the exit code. */
async function withClient(
  address: string,
  options: ConnectionOptions,
  work: (client: Client) => Promise<void>,
): Promise<void> {
  let client: Client | undefined;
  try {
    client = connect(address, options);
    await work(client);
  } catch (error) {
    const { code, line } = describeFailure(error);
    process.stderr.write(`yrpc: ${line}\n`);
    process.exitCode = code;
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/** The flags every command that reaches a server has. */
function connectionFlags(command: Command): Command {
  return command
    .addOption(
      new Option('--protocol <protocol>', 'wire protocol')
        .choices(['yrpc', 'grpc', 'connect'])
        .default('yrpc'),
    )
    .option('--timeout <ms>', 'deadline of each call, in milliseconds')
    .option('-H, --header <key:value>', 'metadata sent with the call (repeatable)', collect, [])
    .option('--tls', 'connect with TLS, trusting the system CAs')
    .option('--cacert <file>', 'trust the CA certificate(s) in this PEM file (implies --tls)')
    .option('--cert <file>', 'client certificate for mTLS, PEM (with --key; implies --tls)')
    .option('--key <file>', 'private key of --cert, PEM')
    .option('--servername <name>', 'the name the server certificate must hold (and SNI)')
    .option('--insecure', 'TLS without checking the server certificate (testing only)');
}

const program = new Command('yrpc')
  .description('Call, list and describe the services of yrpc and gRPC servers.')
  // Usage mistakes end like every other failure: one `yrpc: INVALID_ARGUMENT: ...` line, exit 3.
  .exitOverride()
  .configureOutput({ outputError: () => undefined });

connectionFlags(
  program
    .command('call')
    .description('call a method: JSON requests in, one per line; JSON responses out, one per line')
    .argument('<address>', 'HOST:PORT')
    .argument('<method>', 'pkg.Service/Method')
    .option(
      '-d, --data <json>',
      'the request(s), canonical proto3 JSON, one per line; @FILE or @- (stdin) to read them ' +
        '(default: {}, or stdin for a request stream)',
    )
    .option('--proto <file>', 'schema from a .proto file, not reflection (repeatable)', collect, [])
    .option('-I, --import-path <dir>', 'where --proto imports are found (repeatable)', collect, [])
    .option(
      '-v, --verbose',
      'print the response headers and trailers (and error details) to stderr',
    ),
).action((address: string, method: string, options) =>
  withClient(address, options, (client) =>
    callCommand(client, method, options, { stdin: process.stdin, print, tell }),
  ),
);

connectionFlags(
  program
    .command('list')
    .description('list the services of a server, through reflection')
    .argument('<address>', 'HOST:PORT'),
).action((address: string, options) =>
  withClient(address, options, async (client) => {
    for (const name of (await listServices(client, callOptions(options))).sort()) print(name);
  }),
);

connectionFlags(
  program
    .command('describe')
    .description('describe a service, message or enum')
    .argument('<address>', 'HOST:PORT')
    .argument('<symbol>', 'pkg.Service, pkg.Message or pkg.Enum')
    .option('--proto <file>', 'schema from a .proto file, not reflection (repeatable)', collect, [])
    .option('-I, --import-path <dir>', 'where --proto imports are found (repeatable)', collect, []),
).action((address: string, symbol: string, options) =>
  withClient(address, options, async (client) => {
    const root = await schemaRoot(client, [symbol], options, callOptions(options));
    for (const line of describeSymbol(root, symbol)) print(line);
  }),
);

connectionFlags(
  program
    .command('health')
    .description('grpc.health.v1 Check: prints the status; exit 0 only for SERVING')
    .option('--watch', 'Watch: print each status as it changes, until the server ends the stream')
    .argument('<address>', 'HOST:PORT')
    .argument('[service]', 'the service to check (default: the whole server)', ''),
).action((address: string, service: string, options) =>
  withClient(address, options, (client) => healthCommand(client, service, options, print)),
);

addCaptureCommands(program);

for (const command of program.commands)
  command.exitOverride().configureOutput({ outputError: () => undefined });

try {
  await program.parseAsync();
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  if (error.exitCode === 0) {
    process.exitCode = 0; // --help
  } else if (error.code === 'commander.help') {
    process.exitCode = Status.INVALID_ARGUMENT; // no command: commander printed the help
  } else {
    process.stderr.write(
      `yrpc: INVALID_ARGUMENT: ${error.message.replace(/^error: /, '')} (yrpc help for usage)\n`,
    );
    process.exitCode = Status.INVALID_ARGUMENT;
  }
}
