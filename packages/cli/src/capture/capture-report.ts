import {
  ConnectionInspector,
  type ConnectionSide,
  FrameInspector,
  type InspectionEvent,
} from '@yrpc/rpc';
import { CallTracker } from './call-tracker.js';
import {
  type CaptureRecord,
  direction,
  eventRecord,
  textLines,
  viewPayload,
} from './frame-printer.js';
import type { MethodTypeLookup } from './message-types.js';

/** How the report prints: a text line per frame, or one JSON object per line (`--json`). */
export interface ReportOptions {
  readonly json: boolean;
  /** Stop after this many frames (`--count`): the rest is not printed, `onDone` is called. */
  readonly count?: number | undefined;
  /** Called once when `count` frames were printed. */
  readonly onDone?: () => void;
}

interface ConnectionState {
  readonly inspector: ConnectionInspector | FrameInspector;
  readonly calls: CallTracker;
  /** Directions not ended yet: at 0 the connection's state is dropped. */
  open: number;
}

/**
 * Turns the bytes of the connections a capture sees (or a dump holds) into printed frames, in
 * the order the bytes passed: events are found at once, then printed one after the other once
 * the types of their method are known (which may take a reflection call).
 */
export class CaptureReport {
  private readonly connections = new Map<number, ConnectionState>();
  private queue: Promise<void> = Promise.resolve();
  private printed = 0;

  constructor(
    private readonly lookup: MethodTypeLookup,
    private readonly write: (text: string) => void,
    private readonly options: ReportOptions,
  ) {}

  /**
   * `side` of connection `connection` sent `chunk`. With `oneDirection`, the connection is a
   * single direction with nothing known of its receiver (a raw dump).
   */
  bytes(connection: number, side: ConnectionSide, chunk: Uint8Array, oneDirection = false): void {
    const state = this.state(connection, oneDirection);
    const events =
      state.inspector instanceof ConnectionInspector
        ? state.inspector.push(side, chunk)
        : state.inspector.push(chunk);
    this.report(connection, side, state, events);
  }

  /** `side` of `connection` ended its direction. */
  end(connection: number, side: ConnectionSide): void {
    const state = this.connections.get(connection);
    if (state === undefined) return;
    const inspector =
      state.inspector instanceof ConnectionInspector
        ? state.inspector.inspector(side)
        : state.inspector;
    this.report(connection, side, state, inspector.end());
    // A long capture sees many connections: each one's inspectors go once both directions ended.
    if (--state.open === 0) this.connections.delete(connection);
    const undecoded = inspector.undecodedBytes;
    if (undecoded > 0) {
      this.enqueue(async () => ({
        connection,
        from: side,
        undecodedBytes: undecoded,
      }));
    }
  }

  /** The connections whose state is held: those with a direction not ended yet. */
  get connectionsOpen(): number {
    return this.connections.size;
  }

  /** Resolves when everything found so far is printed. */
  flushed(): Promise<void> {
    return this.queue;
  }

  private state(connection: number, oneDirection: boolean): ConnectionState {
    let state = this.connections.get(connection);
    if (state === undefined) {
      state = {
        inspector: oneDirection ? new FrameInspector() : new ConnectionInspector(),
        calls: new CallTracker(),
        open: oneDirection ? 1 : 2,
      };
      this.connections.set(connection, state);
    }
    return state;
  }

  private report(
    connection: number,
    side: ConnectionSide,
    state: ConnectionState,
    events: InspectionEvent[],
  ): void {
    for (const event of events) {
      const method = event.kind === 'frame' ? state.calls.follow(side, event.frame) : undefined;
      this.enqueue(async () => {
        if (event.kind !== 'frame')
          return eventRecord({ connection, side }, event, undefined, undefined);
        const types = method === undefined ? undefined : await this.lookup(method);
        const type =
          types === undefined ? undefined : side === 'client' ? types.request : types.response;
        return eventRecord({ connection, side }, event, viewPayload(event.frame, type), method);
      });
    }
  }

  private enqueue(record: () => Promise<CaptureRecord>): void {
    this.queue = this.queue.then(async () => {
      const limit = this.options.count;
      if (limit !== undefined && this.printed >= limit) return;
      const made = await record();
      if (made.type !== undefined) this.printed++;
      this.print(made);
      if (limit !== undefined && this.printed === limit) this.options.onDone?.();
    });
  }

  private print(record: CaptureRecord): void {
    if (this.options.json) {
      this.write(`${JSON.stringify(record)}\n`);
      return;
    }
    if (record.undecodedBytes !== undefined) {
      this.write(
        `.. #${record.connection} ${direction(record.from as ConnectionSide)}: ${record.undecodedBytes} bytes not decoded (the stream lost sync)\n`,
      );
      return;
    }
    for (const line of textLines(record)) this.write(`${line}\n`);
  }
}
