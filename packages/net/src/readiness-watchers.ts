/**
 * The `watchReadiness` listeners of one poll source ({@link Connection}, {@link Listener}). The
 * owner keeps the one function to call in a nullable field, `notify`, which is `undefined`
 * while nobody watches (the event paths then pay one field check), the listener itself while one
 * watches, and a fan-out while several do. `update` is how this set tells the owner.
 */
export class ReadinessWatchers {
  private readonly listeners: (() => void)[] = [];
  private readonly update: (notify: (() => void) | undefined) => void;
  private fanOut: (() => void) | undefined;

  constructor(update: (notify: (() => void) | undefined) => void) {
    this.update = update;
  }

  /** Adds `listener`; returns the function that removes it (idempotent). */
  add(listener: () => void): () => void {
    // A wrapper per watch, so the same function watched twice is removed once per stop.
    const entry = (): void => listener();
    this.listeners.push(entry);
    this.refresh();
    return () => {
      const index = this.listeners.indexOf(entry);
      if (index < 0) return;
      this.listeners.splice(index, 1);
      this.refresh();
    };
  }

  private refresh(): void {
    const listeners = this.listeners;
    if (listeners.length === 0) this.update(undefined);
    else if (listeners.length === 1) this.update(listeners[0]);
    else {
      this.fanOut ??= () => {
        // A listener may stop watching (or add one) while being called: call a snapshot.
        for (const listener of listeners.slice()) listener();
      };
      this.update(this.fanOut);
    }
  }
}
