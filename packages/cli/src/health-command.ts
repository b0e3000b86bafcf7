import { type Client, Health, Status } from '@yrpc/rpc';
import { CliError } from './cli-error.js';
import { type ConnectionOptions, callOptions } from './connection.js';

/**
 * `yrpc health ADDR [service]`: grpc.health.v1 Check; prints the status. Anything but SERVING
 * is a failure (exit UNAVAILABLE), as probes read it.
 */
export async function healthCommand(
  client: Client,
  service: string,
  options: ConnectionOptions,
  print: (line: string) => void,
): Promise<void> {
  const answer = await client.service(Health).Check({ service }, callOptions(options));
  const status = String(answer.status ?? 'UNKNOWN');
  print(status);
  if (status !== 'SERVING') {
    throw new CliError(
      Status.UNAVAILABLE,
      `${service === '' ? 'the server' : service} is ${status}`,
    );
  }
}
