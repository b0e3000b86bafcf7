import { readFile } from 'node:fs/promises';
import { type ConnectionSide, Status } from '@yrpc/rpc';
import { CliError } from '../cli-error.js';
import type { HostPort } from '../host-port.js';
import { CaptureReport } from './capture-report.js';
import { isDump, readDump } from './dump-file.js';
import { methodTypeLookup } from './message-types.js';

/** What `yrpc decode` was told. */
export interface DecodeSettings {
  readonly json: boolean;
  /** For a raw file (one direction's bytes): who sent them. */
  readonly from: ConnectionSide;
  readonly proto: readonly string[];
  readonly importPath: readonly string[];
  /** Server whose reflection gives the schema when no `--proto` is given. */
  readonly reflect?: HostPort | undefined;
}

/** Most bytes handed to the inspector at once: the same frames as a capture, in pieces. */
const PIECE = 64 * 1024;

/**
 * `yrpc decode FILE`: prints the frames of a `yrpc capture --save` dump (or of one direction's
 * raw bytes) exactly as the capture printed them. `-` reads stdin.
 */
export async function decode(
  path: string,
  settings: DecodeSettings,
  write: (text: string) => void,
  note: (line: string) => void,
): Promise<void> {
  const file = await readInput(path);
  const types = methodTypeLookup({
    proto: settings.proto,
    importPath: settings.importPath,
    reflectionTarget: settings.reflect,
    note,
  });
  const report = new CaptureReport(types.lookup, write, { json: settings.json });
  try {
    if (isDump(file)) {
      for (const record of readDump(file)) {
        if (record.bytes === undefined) report.end(record.connection, record.side);
        else report.bytes(record.connection, record.side, record.bytes);
      }
    } else {
      for (let at = 0; at < file.length; at += PIECE) {
        report.bytes(1, settings.from, file.subarray(at, at + PIECE), true);
      }
      report.end(1, settings.from);
    }
  } catch (error) {
    throw new CliError(Status.DATA_LOSS, `${path}: ${(error as Error).message}`);
  } finally {
    await report.flushed();
    await types.close();
  }
}

async function readInput(path: string): Promise<Uint8Array> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliError(Status.NOT_FOUND, `cannot read ${path}: ${(error as Error).message}`);
  }
}
