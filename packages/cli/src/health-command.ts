import { type Client, Health, Status } from '@yrpc/rpc';
import { CliError } from './cli-error.js';
import { type ConnectionOptions, callOptions } from './connection.js';

/** The flags of `yrpc health`. */
export interface HealthCommandOptions extends ConnectionOptions {
  /** Watch instead of Check: print every change until the server ends the stream. */
  readonly watch?: boolean | undefined;
}

/**
 * `yrpc health ADDR [service]`: grpc.health.v1 Check; prints the status. Anything but SERVING
 * is a failure (exit UNAVAILABLE), as probes read it. With `--watch`, Watch: each status as it
 * changes, one per line, until the server ends the stream (a graceful shutdown does, after
 * NOT_SERVING) or `--timeout`; the last status decides the exit code.
 */
export async function healthCommand(
  client: Client,
  service: string,
  options: HealthCommandOptions,
  print: (line: string) => void,
): Promise<void> {
  const health = client.service(Health);
  let status = 'UNKNOWN';
  if (options.watch === true) {
    for await (const answer of health.Watch({ service }, callOptions(options))) {
      status = String(answer.status ?? 'UNKNOWN');
      print(status);
    }
  } else {
    const answer = await health.Check({ service }, callOptions(options));
    status = String(answer.status ?? 'UNKNOWN');
    print(status);
  }
  if (status !== 'SERVING') {
    throw new CliError(
      Status.UNAVAILABLE,
      `${service === '' ? 'the server' : service} is ${status}`,
    );
  }
}
