/**
 * The contract every benchmark target implements. A target is one echo implementation (a server
 * and a matching client) that the harness can measure; the harness does everything else: it runs
 * the server in one child process and the client in another, keeps the requested number of calls
 * in flight, times them, samples CPU and RSS, and reports.
 *
 * To add a target, write a module exporting a {@link EchoServerFactory} (`startEchoServer`) and a
 * module exporting an {@link EchoClientFactory} (`connectEchoClient`), then register both loaders
 * in `target-registry.ts`. See apps/bench/README.md, "Adding a target".
 */

/** Where a target's server listens; the harness always passes 127.0.0.1 and port 0. */
export interface EchoServerOptions {
  /** Interface to bind; always loopback in the harness. */
  readonly host: string;
  /** Port to bind; 0 lets the OS pick a free one, which the handle then reports. */
  readonly port: number;
}

/** A running echo server. */
export interface EchoServerHandle {
  /** The port actually bound (the harness passes port 0). */
  readonly port: number;
  /** Stops accepting, closes open connections, and resolves when the server is down. */
  close(): Promise<void>;
}

/**
 * Starts an echo server: every request carries a bytes payload and its reply carries the same
 * bytes back. Runs inside the harness's server child process.
 */
export type EchoServerFactory = (options: EchoServerOptions) => Promise<EchoServerHandle>;

/** Where a target's client connects, and what it will send. */
export interface EchoClientOptions {
  readonly host: string;
  readonly port: number;
  /** Size of every request payload in bytes; lets a client size its buffers once. */
  readonly payloadSize: number;
  /** The most calls the harness keeps in flight on this connection at once. */
  readonly concurrency: number;
}

/**
 * Called once per call with the echoed bytes, or with the error that ended the call. Targets must
 * call it exactly once per {@link EchoConnection.call}, and never synchronously from inside `call`.
 * `reply` may be a view into the target's receive buffer: it is valid only during the callback.
 */
export type EchoReplyCallback = (error: Error | undefined, reply: Uint8Array | undefined) => void;

/** One client connection (one TCP connection) able to run many echo calls at once. */
export interface EchoConnection {
  /**
   * Sends one echo request; the reply (or an error) goes to `onReply`. The target may keep a
   * reference to `payload` until the reply arrives (zero-copy writes); callers must not change it.
   */
  call(payload: Uint8Array, onReply: EchoReplyCallback): void;
  /** Closes the connection; calls still in flight fail or are dropped. */
  close(): Promise<void>;
}

/** Opens one client connection to a target's server. Runs inside the client child process. */
export type EchoClientFactory = (options: EchoClientOptions) => Promise<EchoConnection>;
