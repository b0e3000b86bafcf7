import type { ConnectionSide, InspectedFrame } from '@yrpc/rpc';

/** Calls remembered per connection at most: ids of calls whose end went by unseen are dropped. */
const MAX_CALLS = 4096;
const END_STREAM = 0x0001;

/**
 * Which method each stream id of one connection belongs to, learnt from the REQUEST that opened
 * the call (PROTOCOL.md section 7), so that the payloads of its later frames (responses, stream
 * messages) can be decoded with the method's types.
 */
export class CallTracker {
  private readonly methods = new Map<number, string>();

  /**
   * The method of the call `frame` belongs to (`undefined` if its REQUEST was not seen), and
   * what the frame says of the call: a REQUEST opens it, an answer that ends it forgets it.
   */
  follow(side: ConnectionSide, frame: InspectedFrame): string | undefined {
    if (side === 'client' && frame.typeName === 'REQUEST' && frame.meta?.kind === 'request') {
      this.methods.delete(frame.id);
      this.methods.set(frame.id, frame.meta.request.method);
      if (this.methods.size > MAX_CALLS) {
        const oldest = this.methods.keys().next().value;
        if (oldest !== undefined) this.methods.delete(oldest);
      }
    }
    const method = this.methods.get(frame.id);
    if (this.ends(side, frame)) this.methods.delete(frame.id);
    return method;
  }

  private ends(side: ConnectionSide, frame: InspectedFrame): boolean {
    switch (frame.typeName) {
      case 'ERROR':
      case 'STREAM_END':
        return side === 'server';
      case 'RESPONSE':
        return (frame.flags & END_STREAM) !== 0;
      case 'CANCEL':
        return side === 'client';
      default:
        return false;
    }
  }
}
