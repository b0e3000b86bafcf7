import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientEndpoint } from '../../src/index.js';
import type { ChildMessage, ChildStatus, ParentMessage } from '../fixtures/flow-control-server.js';

export type { ChildStatus } from '../fixtures/flow-control-server.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The rpc package's folder: the child runs there, so that `tsx` resolves from its devDependencies. */
const packageDir = join(here, '..', '..');
const script = join(here, '..', 'fixtures', 'flow-control-server.ts');

/** The server of `fixtures/flow-control-server.ts`, running in a child process. */
export interface ChildServer {
  readonly port: number;
  readonly endpoint: ClientEndpoint;
  readonly process: ChildProcess;
  /** Asks the child for its status (memory after a GC, connections, counters, faults). */
  status(timeoutMs?: number): Promise<ChildStatus>;
  /** Whether the process has exited, and how. */
  readonly exit: { readonly code: number | null; readonly signal: string | null } | undefined;
  /** Faults (uncaught exceptions, unhandled rejections) the child reported before it exited. */
  readonly faults: readonly string[];
  /** The child's stdout and stderr so far (its last 64 KiB), for failure messages. */
  output(): string;
  /** Kills the child (SIGKILL) unless it has exited, and waits for it to go. */
  stop(): Promise<void>;
}

const children = new Set<ChildServer>();

/** Stops every child still running (for `afterEach`). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => child.stop()));
}

/**
 * Starts the test server in a child process: `node --conditions=@yrpc/source --import tsx
 * --expose-gc fixtures/flow-control-server.ts <options as JSON>`, so that it runs the TypeScript
 * sources as vitest does. Resolves once it listens on loopback (port 0); rejects with the child's
 * fault (an option the Server refuses, say) or its output if it does not come up in time.
 */
export async function startChildServer(
  serverOptions: Record<string, unknown> = {},
  startTimeoutMs = 15_000,
): Promise<ChildServer> {
  const env = { ...process.env };
  // Whatever loaders the test runner put there are not for the child.
  delete env.NODE_OPTIONS;
  const child = spawn(
    process.execPath,
    [
      '--conditions=@yrpc/source',
      '--import',
      'tsx',
      '--expose-gc',
      script,
      JSON.stringify(serverOptions),
    ],
    { cwd: packageDir, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const faults: string[] = [];
  let exit: { code: number | null; signal: string | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    });
  });
  const waiting = new Map<number, (status: ChildStatus) => void>();
  let nextId = 1;
  let ready: ((port: number) => void) | undefined;
  let boundPort = 0;
  child.on('message', (message: ChildMessage) => {
    if (message.kind === 'ready') ready?.(message.port);
    else if (message.kind === 'fault') faults.push(message.fault);
    else if (message.kind === 'status') {
      waiting.get(message.id)?.(message.status);
      waiting.delete(message.id);
    }
  });
  child.on('error', (error) => faults.push(`spawn: ${error.message}`));

  const handle: ChildServer = {
    get port() {
      return boundPort;
    },
    get endpoint() {
      return { host: '127.0.0.1', port: boundPort };
    },
    process: child,
    get exit() {
      return exit;
    },
    faults,
    output: () => output,
    status(timeoutMs = 5000) {
      return new Promise<ChildStatus>((resolve, reject) => {
        if (exit !== undefined || !child.connected) {
          reject(new Error(`the server process is gone (${describeExit()})`));
          return;
        }
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the server process did not report its status within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (status) => {
          clearTimeout(timer);
          resolve(status);
        });
        child.send({ kind: 'status', id } satisfies ParentMessage);
      });
    },
    async stop() {
      children.delete(handle);
      if (exit === undefined) child.kill('SIGKILL');
      await exited;
    },
  };
  children.add(handle);

  function describeExit(): string {
    const how = exit === undefined ? 'running' : `exit code ${exit.code}, signal ${exit.signal}`;
    const said = faults.length > 0 ? faults.join('\n') : output.slice(-4000);
    return `${how}; ${said}`;
  }

  boundPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the server process did not start within ${startTimeoutMs} ms: ${output}`));
    }, startTimeoutMs);
    ready = (bound) => {
      clearTimeout(timer);
      resolve(bound);
    };
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server process exited before it listened (${describeExit()})`));
    });
  }).catch(async (error: unknown) => {
    await handle.stop();
    throw error;
  });
  return handle;
}
