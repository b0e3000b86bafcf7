import { afterEach, describe, expect, it } from 'vitest';
import { ClientPool, InvalidOptionError, run } from '../src/index.js';
import { Echo } from './helpers/echo-service.js';
import { eventually, type Harness, startEchoServer } from './helpers/harness.js';

describe('ClientPool', () => {
  let harness: Harness | undefined;
  let pool: ClientPool | undefined;
  afterEach(async () => {
    await pool?.close();
    await harness?.close();
  });

  it('spreads calls over its connections, least-loaded first', async () => {
    harness = await startEchoServer();
    pool = new ClientPool(harness.endpoint, { size: 3 });
    const echo = pool.service(Echo);
    const slow = [echo.sleep({ ms: 300 }), echo.sleep({ ms: 300 }), echo.sleep({ ms: 300 })];
    expect(pool.clients.map((client) => client.pendingCalls)).toEqual([1, 1, 1]);
    const fourth = echo.sleep({ ms: 300 });
    expect(pool.clients.map((client) => client.pendingCalls)).toEqual([2, 1, 1]);
    await eventually(() => harness?.server.connections === 3);
    await Promise.all([...slow, fourth]);
    expect(pool.pendingCalls).toBe(0);
  });

  it('serves all three call styles', async () => {
    harness = await startEchoServer();
    pool = new ClientPool(harness.endpoint, { size: 2, defaultTimeoutMs: 5000 });
    const echo = pool.service(Echo);
    await expect(echo.echo({ text: 'p' })).resolves.toMatchObject({ text: 'p' });
    await new Promise<void>((resolve, reject) =>
      echo.echo({ text: 'c' }, (error, reply) =>
        error || reply?.text !== 'c' ? reject(error) : resolve(),
      ),
    );
    const reply = await run(function* () {
      return yield* echo.echo.co({ text: 'o' });
    }).promise;
    expect(reply.text).toBe('o');
    expect(echo.echo.path).toBe('/yrpc.test.Echo/Echo');
  });

  it('rejects a size that is not a positive integer, naming it', () => {
    expect(() => new ClientPool({ port: 1 }, { size: 0 })).toThrow(InvalidOptionError);
    expect(() => new ClientPool({ port: 1 }, { size: 0 })).toThrow(/ClientPool option size/);
  });
});
