import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { connect as connectTcp, createServer, type Socket } from 'node:net';
import type { ConnectionSide } from '@yrpc/rpc';
import { Status } from '@yrpc/rpc';
import { CliError } from '../cli-error.js';
import { formatHostPort, type HostPort } from '../host-port.js';
import { CaptureReport } from './capture-report.js';
import { DUMP_HEADER, dumpRecord } from './dump-file.js';
import { methodTypeLookup } from './message-types.js';

/** What `yrpc capture` was told. */
export interface CaptureSettings {
  readonly listen: HostPort;
  readonly target: HostPort;
  readonly json: boolean;
  readonly save?: string | undefined;
  readonly count?: number | undefined;
  readonly once: boolean;
  readonly proto: readonly string[];
  readonly importPath: readonly string[];
}

/**
 * `yrpc capture`: listens on `listen`, connects every accepted socket to `target` and passes the
 * bytes both ways unchanged (each direction paced by the other side's reading, half-closes
 * passed on), printing every frame as it goes by. Resolves once it stopped: on SIGINT or
 * SIGTERM, after `count` frames, or (`once`) when the first connection closed.
 */
export async function capture(
  settings: CaptureSettings,
  write: (text: string) => void,
  note: (line: string) => void,
): Promise<void> {
  const types = methodTypeLookup({
    proto: settings.proto,
    importPath: settings.importPath,
    reflectionTarget: settings.target,
    note,
  });
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const report = new CaptureReport(types.lookup, write, {
    json: settings.json,
    count: settings.count,
    onDone: () => stop(),
  });
  const save = settings.save === undefined ? undefined : await openDump(settings.save);
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const connection = ++connections;
    const upstream = connectTcp({ ...settings.target, allowHalfOpen: true });
    let reached = false;
    let open = 2;
    upstream.on('connect', () => {
      reached = true;
    });
    for (const [socket, side, other] of [
      [client, 'client', upstream],
      [upstream, 'server', client],
    ] as const) {
      sockets.add(socket);
      let ended = false;
      const endDirection = (): void => {
        if (ended) return;
        ended = true;
        report.end(connection, side);
        save?.write(dumpRecord(connection, side));
      };
      socket.on('data', (chunk: Buffer) => {
        report.bytes(connection, side as ConnectionSide, chunk);
        save?.write(dumpRecord(connection, side, chunk));
      });
      socket.on('end', endDirection);
      socket.on('error', (error) => {
        if (side === 'server' && !reached) {
          note(
            `connection #${connection}: cannot reach ${formatHostPort(settings.target)}: ${error.message}`,
          );
        }
        other.destroy();
      });
      socket.on('close', () => {
        endDirection();
        sockets.delete(socket);
        other.end();
        if (--open === 0 && settings.once) stop();
      });
      socket.pipe(other);
    }
  });
  server.listen(settings.listen.port, settings.listen.host);
  try {
    // once() rejects with the 'error' event's error: a port in use, an address not here.
    await once(server, 'listening');
  } catch (error) {
    await types.close();
    save?.end();
    throw new CliError(
      Status.UNAVAILABLE,
      `cannot listen on ${formatHostPort(settings.listen)}: ${(error as Error).message}`,
    );
  }
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : settings.listen.port;
  note(
    `capturing on ${formatHostPort({ host: settings.listen.host, port })}, forwarding to ${formatHostPort(settings.target)}`,
  );
  const onSignal = (): void => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    server.close();
    for (const socket of sockets) socket.destroy();
    await report.flushed();
    await types.close();
    if (save !== undefined) {
      save.end();
      await once(save, 'close');
    }
  }
}

async function openDump(path: string): Promise<WriteStream> {
  const file = createWriteStream(path);
  try {
    await once(file, 'open');
  } catch (error) {
    throw new CliError(Status.INVALID_ARGUMENT, `--save ${path}: ${(error as Error).message}`);
  }
  file.write(DUMP_HEADER);
  return file;
}
