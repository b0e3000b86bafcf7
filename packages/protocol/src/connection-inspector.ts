import { FrameInspector } from './frame-inspector.js';
import { FrameType } from './frame-type.js';
import type { InspectionEvent } from './inspected-frame.js';

/** Which side sent the bytes: the one that connected (`client`) or the one that accepted. */
export type ConnectionSide = 'client' | 'server';

/**
 * Inspects both directions of one yrpc connection as an observer in the middle sees them (a
 * proxy, a dump of both directions in the order they passed): a {@link FrameInspector} per
 * direction, each told of the HANDSHAKE the other direction carried, so that frames are held to
 * the limits their receiver announced and COMPRESSED is judged against what it accepts. That
 * judgement is sound because of the observer's place: whatever a side received passed the
 * observer first.
 */
export class ConnectionInspector {
  private readonly fromClient = new FrameInspector({ seesReceiver: true });
  private readonly fromServer = new FrameInspector({ seesReceiver: true });

  /** The inspector of what `side` sends. */
  inspector(side: ConnectionSide): FrameInspector {
    return side === 'client' ? this.fromClient : this.fromServer;
  }

  /** Takes the next bytes `side` sent; returns what they completed, in order. */
  push(side: ConnectionSide, chunk: Uint8Array): InspectionEvent[] {
    const events = this.inspector(side).push(chunk);
    const other = this.inspector(side === 'client' ? 'server' : 'client');
    for (const event of events) {
      if (
        event.kind === 'frame' &&
        event.frame.type === FrameType.HANDSHAKE &&
        event.frame.meta?.kind === 'handshake'
      ) {
        other.receiverHandshake(event.frame.meta.handshake);
      }
    }
    return events;
  }

  /** `side` ended its direction; reports a frame it left unfinished. */
  end(side: ConnectionSide): InspectionEvent[] {
    return this.inspector(side).end();
  }
}
