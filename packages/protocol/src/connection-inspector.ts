import { DEFAULT_WINDOW, MAX_WINDOW } from './flow-window.js';
import { FrameInspector } from './frame-inspector.js';
import { FrameType } from './frame-type.js';
import type { InspectedFrame, InspectionEvent } from './inspected-frame.js';

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
  /** Connection credit each side has left, in payload bytes. */
  private readonly credit = { client: DEFAULT_WINDOW, server: DEFAULT_WINDOW };

  /** The inspector of what `side` sends. */
  inspector(side: ConnectionSide): FrameInspector {
    return side === 'client' ? this.fromClient : this.fromServer;
  }

  /** Takes the next bytes `side` sent; returns what they completed, in order. */
  push(side: ConnectionSide, chunk: Uint8Array): InspectionEvent[] {
    return this.inspector(side)
      .push(chunk)
      .map((event) =>
        event.kind === 'frame' ? { kind: 'frame', frame: this.follow(side, event.frame) } : event,
      );
  }

  /** What a frame tells of the other direction, and whether it keeps to its side's credit. */
  private follow(side: ConnectionSide, frame: InspectedFrame): InspectedFrame {
    const other: ConnectionSide = side === 'client' ? 'server' : 'client';
    const meta = frame.meta;
    if (frame.type === FrameType.HANDSHAKE && meta?.kind === 'handshake') {
      this.inspector(other).receiverHandshake(meta.handshake);
      const window = meta.handshake.connectionWindow;
      // The window this side grants its peer; one out of bounds is flagged already and ignored.
      if (window > DEFAULT_WINDOW && window <= MAX_WINDOW) {
        this.credit[other] += window - DEFAULT_WINDOW;
      }
    } else if (
      frame.type === FrameType.WINDOW_UPDATE &&
      frame.id === 0 &&
      frame.increment !== undefined
    ) {
      this.credit[other] += frame.increment;
    } else if (
      frame.payload !== undefined &&
      frame.payload.length > 0 &&
      (frame.type === FrameType.REQUEST ||
        frame.type === FrameType.RESPONSE ||
        frame.type === FrameType.STREAM_DATA)
    ) {
      const left = this.credit[side];
      this.credit[side] = left - frame.payloadLength;
      if (this.credit[side] < 0) {
        // Flagged once: a receiver would have closed the connection here.
        this.credit[side] = Number.POSITIVE_INFINITY;
        return {
          ...frame,
          violations: [
            ...frame.violations,
            {
              code: 'flow-control',
              message: `a payload of ${frame.payloadLength} bytes exceeds the ${left} bytes of connection credit the ${side} had left`,
            },
          ],
        };
      }
    }
    return frame;
  }

  /** `side` ended its direction; reports a frame it left unfinished. */
  end(side: ConnectionSide): InspectionEvent[] {
    return this.inspector(side).end();
  }
}
