import type { InterestSet } from './interest.js';
import type { PollSource } from './poll-source.js';
import type { SourceWatch } from './source-watch.js';

/** Watches a {@link PollSource}: the source reports its own level and changes. */
export class AdapterWatch implements SourceWatch {
  private readonly source: PollSource;
  private stop: (() => void) | undefined;

  constructor(source: PollSource, onChange: () => void) {
    this.source = source;
    this.stop = source.watchReadiness(onChange);
  }

  level(): InterestSet {
    return this.source.pollReadiness();
  }

  error(): unknown {
    return this.source.pollError?.();
  }

  listen(): void {}

  detach(): void {
    const stop = this.stop;
    this.stop = undefined;
    stop?.();
  }
}
