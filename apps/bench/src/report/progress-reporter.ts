import { Presets, SingleBar } from 'cli-progress';

/** Reports how far a run has come: a live bar on a terminal, plain lines elsewhere (CI, pipes). */
export interface ProgressReporter {
  start(total: number): void;
  /** Says what runs next. */
  step(label: string): void;
  /** Marks one round done. */
  advance(): void;
  /** A message that must stay visible (a skipped target, a failed round). */
  note(message: string): void;
  stop(): void;
}

class BarProgress implements ProgressReporter {
  readonly #bar = new SingleBar(
    {
      format: 'bench [{bar}] {value}/{total} rounds | {eta_formatted} left | {label}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  readonly #notes: string[] = [];

  start(total: number): void {
    this.#bar.start(total, 0, { label: 'starting' });
  }

  step(label: string): void {
    this.#bar.update({ label });
  }

  advance(): void {
    this.#bar.increment();
  }

  note(message: string): void {
    // Printing under a live bar garbles it; notes are shown once the bar is gone.
    this.#notes.push(message);
  }

  stop(): void {
    this.#bar.stop();
    for (const message of this.#notes.splice(0)) console.log(message);
  }
}

class LineProgress implements ProgressReporter {
  #total = 0;
  #done = 0;
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  start(total: number): void {
    this.#total = total;
    this.#write(`bench: ${total} rounds to run`);
  }

  step(label: string): void {
    this.#write(`[${this.#done + 1}/${this.#total}] ${label}`);
  }

  advance(): void {
    this.#done++;
  }

  note(message: string): void {
    this.#write(message);
  }

  stop(): void {}
}

/**
 * A live progress bar when `interactive` (stdout is a TTY), otherwise one plain line per round
 * written with `write`.
 */
export function createProgressReporter(
  interactive: boolean,
  write: (line: string) => void = (line) => console.log(line),
): ProgressReporter {
  return interactive ? new BarProgress() : new LineProgress(write);
}
