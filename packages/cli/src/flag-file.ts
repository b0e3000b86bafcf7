import { readFileSync } from 'node:fs';
import { Status } from '@yrpc/rpc';
import { CliError } from './cli-error.js';

/**
 * The text of a file a flag names; a file that cannot be read is a usage mistake
 * (INVALID_ARGUMENT naming the flag, the path and the system's reason, such as ENOENT).
 */
export function readFlagFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliError(Status.INVALID_ARGUMENT, `${flag}: cannot read ${path} (${reason})`);
  }
}
