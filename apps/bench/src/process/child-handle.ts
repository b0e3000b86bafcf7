import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BenchError } from '../bench-error.js';

const STDERR_TAIL_CHARS = 4_000;
const EXIT_GRACE_MS = 10_000;

interface Waiter<T> {
  readonly type: string;
  readonly resolve: (message: T) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A child process the parent talks to over IPC with `{ type }` messages. Messages are kept in a
 * mailbox until someone waits for their type, so no report is lost to a race; a `failed` report or
 * an early exit rejects every wait with the child's message and the tail of its stderr.
 */
export class ChildHandle<Command, Report extends { readonly type: string }> {
  readonly #child: ChildProcess;
  readonly #name: string;
  readonly #mailbox: Report[] = [];
  readonly #waiters: Waiter<Report>[] = [];
  #stderrTail = '';
  #failure: Error | undefined;
  readonly #exited: Promise<void>;

  /**
   * @param execArgv - Node options for the child, e.g. `--cpu-prof`; none by default, so the
   *   parent's own flags never leak into a measured process.
   */
  constructor(entry: URL, args: readonly string[], name: string, execArgv: readonly string[] = []) {
    this.#name = name;
    this.#child = fork(fileURLToPath(entry), [...args], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: [...execArgv],
    });
    this.#child.stderr?.setEncoding('utf8');
    this.#child.stderr?.on('data', (text: string) => {
      this.#stderrTail = (this.#stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    this.#child.on('message', (message: Report) => this.#deliver(message));
    this.#exited = new Promise((resolve) => {
      this.#child.once('close', (code, signal) => {
        this.#fail(`${this.#name} exited (${signal ?? `code ${code}`})`);
        resolve();
      });
    });
    this.#child.once('error', (error) => this.#fail(`${this.#name} failed: ${error.message}`));
  }

  /** Sends a command to the child (ignored once it has gone). */
  send(command: Command): void {
    if (this.#child.connected) this.#child.send(command as object);
  }

  /** Waits for the next report of `type`, failing after `timeoutMs`. */
  waitFor<T extends Report['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<Report, { type: T }>> {
    const index = this.#mailbox.findIndex((message) => message.type === type);
    if (index >= 0) {
      const [message] = this.#mailbox.splice(index, 1);
      return Promise.resolve(message as Extract<Report, { type: T }>);
    }
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#removeWaiter(waiter);
        reject(
          new BenchError('CHILD_TIMEOUT', `${this.#name}: no "${type}" within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const waiter: Waiter<Report> = {
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<Report, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /** Sends `command`, then waits for the report of `type` that answers it. */
  request<T extends Report['type']>(
    command: Command,
    type: T,
    timeoutMs: number,
  ): Promise<Extract<Report, { type: T }>> {
    const reply = this.waitFor(type, timeoutMs);
    this.send(command);
    return reply;
  }

  /** Waits for the child to exit; kills it if it has not within a grace period. */
  async stop(): Promise<void> {
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), EXIT_GRACE_MS);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the child at once (used when a round fails). */
  kill(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null)
      this.#child.kill('SIGKILL');
    return this.#exited;
  }

  #deliver(message: Report): void {
    if (message.type === 'failed') {
      const detail = (message as { message?: unknown }).message;
      this.#fail(`${this.#name} failed: ${String(detail)}`);
      return;
    }
    const index = this.#waiters.findIndex((waiter) => waiter.type === message.type);
    if (index < 0) {
      this.#mailbox.push(message);
      return;
    }
    const [waiter] = this.#waiters.splice(index, 1);
    waiter?.resolve(message);
  }

  #fail(reason: string): void {
    if (this.#failure !== undefined) return;
    const stderr = this.#stderrTail.trim();
    this.#failure = new BenchError('CHILD_FAILED', stderr ? `${reason}\n${stderr}` : reason);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#failure);
  }

  #removeWaiter(waiter: Waiter<Report>): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) this.#waiters.splice(index, 1);
  }
}
