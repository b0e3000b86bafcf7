import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

/** A verdaccio registry on loopback, serving from a temporary storage folder. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** A token of a user created on this registry, for `//127.0.0.1:<port>/:_authToken`. */
  readonly token: string;
  /** Stops the server and drops its open connections. */
  stop(): Promise<void>;
}

/**
 * Starts verdaccio in this process on 127.0.0.1 and a free port, with its storage and user
 * file under `directory`. Packages under `scope` live only here (never fetched from or merged
 * with the uplink) and anyone may publish them; every other package is fetched from `uplink`.
 * npm refuses to publish without credentials even where anonymous publishing is allowed, so a
 * user is created and its token returned.
 */
export async function startLocalRegistry(options: {
  directory: string;
  scope: string;
  uplink: string;
}): Promise<LocalRegistry> {
  const config = {
    // verdaccio resolves relative paths against the config file's folder: all paths are absolute.
    self_path: join(options.directory, 'config.yaml'),
    storage: join(options.directory, 'storage'),
    auth: { htpasswd: { file: join(options.directory, 'htpasswd'), max_users: 1 } },
    uplinks: { upstream: { url: options.uplink, timeout: '60s', max_fails: 5 } },
    packages: {
      [`${options.scope}/*`]: { access: '$all', publish: '$all', unpublish: '$all' },
      '**': { access: '$all', publish: '$authenticated', proxy: 'upstream' },
    },
    // JWT tokens: checked by signature, where the default legacy token has each request's
    // password hashed again (bcrypt, some 300 ms of CPU per request on a small machine).
    security: { api: { jwt: { sign: { expiresIn: '1h' } } } },
    web: { enable: false },
    // Warnings tell why an uplink request failed ("host ... is now offline").
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
  };
  const server = (await runServer(config as never)) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  try {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/`;
    const response = await fetch(`${url}-/user/org.couchdb.user:rehearsal`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'rehearsal', password: 'rehearsal-password' }),
    });
    const body = (await response.json()) as { token?: string };
    if (!response.ok || body.token === undefined) {
      throw new Error(
        `could not create a user on ${url}: ${response.status} ${JSON.stringify(body)}`,
      );
    }
    return { url, token: body.token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
