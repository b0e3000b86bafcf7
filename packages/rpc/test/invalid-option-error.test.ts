import { describe, expect, it } from 'vitest';
import { callOptionsSchema, clientOptionsSchema } from '../src/client/call-options.js';
import { endpointSchema } from '../src/connection/endpoint.js';
import { InvalidOptionError, parseOptions } from '../src/invalid-option-error.js';
import { serverOptionsSchema } from '../src/server/server-options.js';

function failure(run: () => unknown): InvalidOptionError {
  try {
    run();
  } catch (error) {
    if (InvalidOptionError.is(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('parseOptions', () => {
  it('names the option and what was expected', () => {
    const error = failure(() => parseOptions(callOptionsSchema, { timeoutMs: -5 }, 'call'));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.option).toBe('timeoutMs');
    expect(error.message).toMatch(/^call option timeoutMs: .*>0/);
  });

  it('names an unknown option', () => {
    const error = failure(() => parseOptions(serverOptionsSchema, { exposeStack: true }, 'Server'));
    expect(error.option).toBe('exposeStack');
    expect(error.message).toBe('Server option exposeStack: not a known option');
  });

  it('lists every problem with its option path, not only the first', () => {
    const error = failure(() =>
      parseOptions(
        serverOptionsSchema,
        {
          exposeStack: true,
          heartbeat: { intervalMs: -1, timeoutMs: 'soon', every: 5 },
          idleTimeoutMs: -3,
        },
        'Server',
      ),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).not.toMatch(/more\)/);
    expect(error.message).toMatch(/^Server option /);
    const problems = error.message.slice('Server '.length).split('; ');
    const options = problems.map((problem) => /^option ([^:]+): /.exec(problem)?.[1]);
    expect(options.toSorted()).toEqual(
      [
        'exposeStack',
        'heartbeat.every',
        'heartbeat.intervalMs',
        'heartbeat.timeoutMs',
        'idleTimeoutMs',
      ].toSorted(),
    );
    expect(error.option).toBe(options[0]);
    expect(problems).toContain('option exposeStack: not a known option');
    expect(problems).toContain('option heartbeat.every: not a known option');
    expect(problems.find((problem) => problem.startsWith('option heartbeat.timeoutMs'))).toMatch(
      /expected number/,
    );
  });

  it('names each unknown option at its own path', () => {
    const error = failure(() =>
      parseOptions(clientOptionsSchema, { retries: 3, heartbeat: { pingMs: 1 } }, 'Client'),
    );
    expect(error.message).toMatch(/^Client option /);
    expect(error.message.slice('Client '.length).split('; ').toSorted()).toEqual([
      'option heartbeat.pingMs: not a known option',
      'option retries: not a known option',
    ]);
  });

  it('names nested options', () => {
    const error = failure(() => parseOptions(endpointSchema, { port: 1, tls: 5 }, 'listen'));
    expect(error.option).toBe('tls');
  });

  it('applies defaults to valid options', () => {
    expect(parseOptions(serverOptionsSchema, {}, 'Server')).toEqual({
      exposeErrorStack: false,
      interceptors: [],
      heartbeat: {
        intervalMs: 30_000,
        timeoutMs: 10_000,
        minPingIntervalMs: 5_000,
        maxPingStrikes: 2,
      },
      flowControl: {
        connectionWindow: 64 * 1024 * 1024,
        streamWindow: 32 * 1024 * 1024,
        outputHighWaterMark: 4 * 1024 * 1024,
      },
      compression: 'identity',
      compressionThreshold: 1024,
      protocols: [],
      firstFrameTimeoutMs: 10_000,
      idleTimeoutMs: 300_000,
      writeStallTimeoutMs: 30_000,
      maxConnectionAgeMs: 0,
      maxConnectionAgeJitter: 0.1,
      maxConnectionAgeGraceMs: 30_000,
    });
    expect(parseOptions(clientOptionsSchema, {}, 'Client').connectTimeoutMs).toBe(10_000);
    expect(() =>
      parseOptions(serverOptionsSchema, { flowControl: { connectionWindow: 1024 } }, 'Server'),
    ).toThrow(/Server option flowControl\.connectionWindow/);
    expect(() => parseOptions(clientOptionsSchema, { maxQueuedCalls: 0 }, 'Client')).toThrow(
      /Client option maxQueuedCalls/,
    );
  });
});

describe('endpointSchema', () => {
  it('takes a TCP port or a Unix path', () => {
    expect(parseOptions(endpointSchema, { host: '::1', port: 0 }, 'listen')).toEqual({
      host: '::1',
      port: 0,
    });
    expect(parseOptions(endpointSchema, { path: '/tmp/x.sock' }, 'listen')).toEqual({
      path: '/tmp/x.sock',
    });
  });

  it('refuses both, neither, a port out of range, and a host with a path', () => {
    expect(failure(() => parseOptions(endpointSchema, {}, 'listen')).option).toBe('port');
    expect(
      failure(() => parseOptions(endpointSchema, { port: 1, path: '/x' }, 'listen')).option,
    ).toBe('path');
    expect(failure(() => parseOptions(endpointSchema, { port: 70000 }, 'listen')).option).toBe(
      'port',
    );
    expect(
      failure(() => parseOptions(endpointSchema, { path: '/x', host: 'h' }, 'listen')).option,
    ).toBe('host');
  });
});
