/** The server's memory at one instant, bytes (`process.memoryUsage()`). */
export interface MemorySnapshot {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  /** C++ objects bound to JS objects, ArrayBuffers and Buffers included. */
  readonly external: number;
  /** ArrayBuffers and Buffers (a part of `external`). */
  readonly arrayBuffers: number;
}

/** Parent → idle server child. */
export type IdleServerCommand =
  /** Two full garbage collections, then the memory and the open sockets. */
  | { readonly type: 'memory' }
  /** Answered once exactly `count` sockets are open, or after `timeoutMs` with what there is. */
  | { readonly type: 'await-sockets'; readonly count: number; readonly timeoutMs: number }
  | { readonly type: 'stop' };

/** Idle server child → parent. */
export type IdleServerReport =
  | { readonly type: 'listening'; readonly port: number; readonly openFileLimit?: number }
  | { readonly type: 'memory'; readonly memory: MemorySnapshot; readonly sockets: number }
  | { readonly type: 'sockets'; readonly sockets: number }
  | { readonly type: 'failed'; readonly message: string };

/** Parent → idle client child. */
export type IdleClientCommand =
  | {
      readonly type: 'open';
      readonly host: string;
      readonly port: number;
      /** Connections to open (in addition to those open). */
      readonly count: number;
      /** How many are being opened at once. */
      readonly concurrency: number;
      readonly timeoutMs: number;
    }
  | { readonly type: 'close-all' }
  | { readonly type: 'exit' };

/** Idle client child → parent. */
export type IdleClientReport =
  | { readonly type: 'ready'; readonly openFileLimit?: number }
  | { readonly type: 'opened'; readonly connections: number; readonly ms: number }
  | { readonly type: 'closed' }
  | { readonly type: 'failed'; readonly message: string };
