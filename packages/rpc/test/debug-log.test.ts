import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
/** The rpc package's folder: the child runs there, so that `tsx` resolves from its devDependencies. */
const packageDir = join(here, '..');
const script = join(here, 'fixtures', 'debug-log-script.ts');

/** Runs the script in a child process with `NODE_DEBUG` set to `nodeDebug` (or unset). */
function runScript(nodeDebug: string | undefined): { stdout: string; stderr: string } {
  const env = { ...process.env };
  // Whatever loaders the test runner put there are not for the child.
  delete env.NODE_OPTIONS;
  delete env.NODE_DEBUG;
  if (nodeDebug !== undefined) env.NODE_DEBUG = nodeDebug;
  const result = spawnSync(
    process.execPath,
    ['--conditions=@yrpc/source', '--import', 'tsx', script],
    { cwd: packageDir, env, encoding: 'utf8', timeout: 30_000 },
  );
  expect(result.status, result.stderr).toBe(0);
  return { stdout: result.stdout, stderr: result.stderr };
}

describe('NODE_DEBUG=yrpc', () => {
  it('logs connections, handshakes, GOAWAYs, reconnects and retries, one line each', {
    timeout: 40_000,
  }, () => {
    const { stdout, stderr } = runScript('yrpc');
    const port = /^done (\d+)$/m.exec(stdout)?.[1];
    expect(port, stdout).toBeDefined();
    const lines = stderr.trimEnd().split('\n');
    const prefix = `YRPC ${'\\d+'}: `;
    for (const line of lines) expect(line).toMatch(new RegExp(`^${prefix}\\S`));
    const expected = [
      `client connecting to 127.0.0.1:${port}`,
      'server connection 127\\.0\\.0\\.1:\\d+ opened',
      `client connection 127.0.0.1:${port} opened`,
      'server connection 127\\.0\\.0\\.1:\\d+ handshake: version 1, peer agent "yrpc-node", max frame \\d+ B, max calls unlimited, heartbeat \\d+ ms, windows \\d+/\\d+ B, accepts gzip',
      `client connection 127.0.0.1:${port} handshake: version 1, .*`,
      'server connection 127\\.0\\.0\\.1:\\d+ GOAWAY sent: drain, last id 1: the server is shutting down',
      'server connection 127\\.0\\.0\\.1:\\d+ closed: the server is closing',
      `client connection 127.0.0.1:${port} GOAWAY received: last id \\d+: the server is going away: the server is shutting down`,
      `client connection 127.0.0.1:${port} closed: the server is going away: the server is shutting down`,
      `client reconnecting to 127.0.0.1:${port} \\(connection 2; up to 5 attempts, first delay 20 ms\\)`,
      `client connecting to 127.0.0.1:${port}: attempt 1 failed \\(.*\\); next in \\d+ ms`,
      'client retry of /yrpc.test.Echo/Echo: attempt 2 of 3 in 5 ms after UNAVAILABLE: .*try again',
      'server connection 127\\.0\\.0\\.1:\\d+ closed: closed by the peer',
      `client connection 127.0.0.1:${port} closed: the client was closed`,
    ];
    for (const line of expected) {
      const pattern = new RegExp(
        `^${prefix}${line.replaceAll('127.0.0.1', '127\\.0\\.0\\.1')}$`,
        'm',
      );
      expect(stderr, line).toMatch(pattern);
    }
  });

  it('prints nothing without it, nor for another NODE_DEBUG section', {
    timeout: 40_000,
  }, () => {
    expect(runScript(undefined)).toMatchObject({
      stderr: '',
      stdout: expect.stringMatching(/^done \d+\n$/),
    });
    expect(runScript('net')).toMatchObject({ stderr: expect.not.stringContaining('YRPC') });
  });
});
