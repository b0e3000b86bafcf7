import { isRpcError, Status, statusName } from '@yrpc/rpc';

/** A failure the command reports as one line on stderr, exiting with `code` (a status code). */
export class CliError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}

/**
 * The exit code and the one line for whatever a command threw: an RpcError's status code (its
 * name leads the line), INVALID_ARGUMENT for a usage mistake, UNKNOWN for anything else.
 */
export function describeFailure(error: unknown): { code: number; line: string } {
  if (isRpcError(error)) {
    // RpcError messages name the method and the endpoint already; keep the first line only.
    const message = error.message.split('\n')[0] ?? '';
    return { code: error.code, line: `${statusName(error.code)}: ${message}` };
  }
  if (error instanceof CliError) {
    return { code: error.code, line: `${statusName(error.code)}: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: Status.UNKNOWN, line: `UNKNOWN: ${message.split('\n')[0] ?? ''}` };
}
