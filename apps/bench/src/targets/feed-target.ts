/**
 * The contract of a *feed* target: one server-streaming implementation (a server and a matching
 * client) that the streaming scenario (`--scenario streaming`) measures. The client asks for a
 * stream of messages of a given payload size; the server sends such messages one after the other,
 * as fast as the transport takes them, until the client cancels. The harness runs the server in
 * one child process and the client in another, counts what the client receives, paces a slow
 * consumer, and samples CPU and RSS of both.
 *
 * Register a target's loaders in `feed-registry.ts`.
 */
import type { EchoServerHandle } from './echo-target.js';

/** yrpc flow-control windows a target applies on both sides (others ignore them). */
export interface FeedFlowControl {
  /** Bytes of one call's messages the receiver grants before the sender must wait. */
  readonly streamWindow: number;
  /** The same for the whole connection. */
  readonly connectionWindow: number;
}

/** Where a feed server listens and what it is told. */
export interface FeedServerOptions {
  readonly host: string;
  readonly port: number;
  /** Windows to grant, for a target that has them; `undefined` keeps the target's defaults. */
  readonly flowControl: FeedFlowControl | undefined;
  /** Called when a stream starts, before its first message is produced (the RSS baseline). */
  readonly onStreamStart?: () => void;
  /** The server adds one to `produced` for every message it hands to its transport. */
  readonly tally?: FeedTally;
}

/** Messages a feed server produced, counted by the server itself. */
export interface FeedTally {
  produced: number;
}

/** Starts a feed server; runs inside the harness's server child process. */
export type FeedServerFactory = (options: FeedServerOptions) => Promise<EchoServerHandle>;

/** Where a feed client connects. */
export interface FeedClientOptions {
  readonly host: string;
  readonly port: number;
  /** Windows to grant, for a target that has them; `undefined` keeps the target's defaults. */
  readonly flowControl: FeedFlowControl | undefined;
}

/**
 * Takes one message (given by its payload length), in order. Returning a promise holds the next
 * message back until it settles: that is how a slow consumer is modelled. Returning `undefined`
 * takes the next message as soon as it is there.
 */
export type FeedConsumer = (payloadLength: number) => Promise<void> | undefined;

/** One stream a client opened. */
export interface FeedSubscription {
  /** Cancels the stream (on the server too). */
  cancel(): void;
  /**
   * Settles when the stream is over: with `undefined` after {@link cancel}, or with the error
   * that ended it otherwise. Never rejects.
   */
  readonly ended: Promise<Error | undefined>;
}

/** One client connection able to open a stream. */
export interface FeedConnection {
  /** Opens a stream of messages of `payloadSize` payload bytes, each handed to `consume`. */
  subscribe(payloadSize: number, consume: FeedConsumer): FeedSubscription;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Opens one client connection to a feed server; runs inside the client child process. */
export type FeedClientFactory = (options: FeedClientOptions) => Promise<FeedConnection>;
