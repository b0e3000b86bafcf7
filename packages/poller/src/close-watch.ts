import type { EventEmitter } from 'node:events';

/**
 * The 'close' and 'error' half of watching a socket or server: remembers that it closed and the
 * first error, and reports both as changes. Its 'error' listener keeps a failing source from
 * throwing an uncaught exception; the error surfaces as `Closed` readiness instead.
 */
export class CloseWatch {
  closed = false;
  failure: unknown = undefined;
  private readonly onChange: () => void;
  private readonly onClose = (): void => {
    this.closed = true;
    this.onChange();
  };
  private readonly onError = (error: unknown): void => {
    if (this.failure === undefined) this.failure = error;
    this.onChange();
  };

  constructor(onChange: () => void) {
    this.onChange = onChange;
  }

  attach(emitter: EventEmitter): void {
    emitter.on('close', this.onClose);
    emitter.on('error', this.onError);
  }

  detach(emitter: EventEmitter): void {
    emitter.off('close', this.onClose);
    emitter.off('error', this.onError);
  }
}
