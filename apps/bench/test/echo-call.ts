import type { EchoConnection } from '../src/targets/echo-target.js';

/** One echo call on `connection`: a copy of the reply's bytes, or the call's error. */
export function echo(connection: EchoConnection, payload: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    connection.call(payload, (error, reply) =>
      error === undefined && reply !== undefined ? resolve(reply.slice()) : reject(error),
    ),
  );
}
