import {
  type Channel,
  CLOSED_RESULT,
  closedError,
  NOTHING,
  ReceiveOperation,
  type ReceiverSlot,
  type SenderSlot,
  SendOperation,
} from './channel.js';
import { CoroutineError } from './coroutine-error.js';
import type { Instruction, Operation } from './operation.js';
import type { OperationResult } from './race.js';
import { IDLE, SETTLED, Suspension } from './suspension.js';
import type { WaitNode, WaitQueue } from './wait-queue.js';

/** Which case of a {@link select} fired, and its value. */
export interface Selected<T> {
  /** Position of the case in the list given to `select`. */
  readonly index: number;
  /** What the case's operation would have returned (`undefined` for a send). */
  readonly value: T;
}

type ChannelCase = SendOperation<unknown> | ReceiveOperation<unknown, unknown>;

abstract class Branch implements WaitNode {
  prevWaiter: WaitNode | null = null;
  nextWaiter: WaitNode | null = null;
  queue: WaitQueue<WaitNode> | null = null;

  constructor(
    readonly select: SelectSuspension,
    readonly index: number,
  ) {}

  abstract unregister(): void;
}

class ReceiveBranch extends Branch implements ReceiverSlot<unknown> {
  constructor(
    select: SelectSuspension,
    index: number,
    readonly operation: ReceiveOperation<unknown, unknown>,
  ) {
    super(select, index);
  }

  deliver(value: unknown): void {
    this.select.won(this, this.operation.asResult ? { done: false, value } : value, value);
  }

  closed(): void {
    if (this.operation.asResult) this.select.won(this, CLOSED_RESULT, NOTHING);
    else this.select.lost(closedError());
  }

  unregister(): void {
    this.operation.channel.receivers.remove(this);
  }
}

class SendBranch extends Branch implements SenderSlot<unknown> {
  constructor(
    select: SelectSuspension,
    index: number,
    readonly operation: SendOperation<unknown>,
  ) {
    super(select, index);
  }

  get sending(): unknown {
    return this.operation.value;
  }

  accepted(): void {
    this.select.won(this, undefined, NOTHING);
  }

  rejected(error: unknown): void {
    this.select.lost(error);
  }

  unregister(): void {
    this.operation.channel.senders.remove(this);
  }
}

class SelectSuspension extends Suspension<Selected<unknown>> {
  private branches: Branch[] | null = null;
  private winner: Branch | null = null;
  private received: unknown = NOTHING;

  constructor(private readonly cases: readonly ChannelCase[]) {
    super();
  }

  override next(value?: unknown): IteratorResult<Instruction, Selected<unknown>> {
    if (this.status > IDLE) return super.next(value);
    // Try every case in order first: the first one ready now fires without parking.
    const cases = this.cases;
    for (let index = 0; index < cases.length; index++) {
      const c = cases[index] as ChannelCase;
      if (c instanceof ReceiveOperation) {
        const taken = (c.channel as Channel<unknown>).take(c.asResult);
        if (taken !== NOTHING) {
          this.status = SETTLED;
          return { done: true, value: { index, value: taken } };
        }
      } else if ((c.channel as Channel<unknown>).offer(c.value)) {
        this.status = SETTLED;
        return { done: true, value: { index, value: undefined } };
      }
    }
    return super.next();
  }

  park(): void {
    const branches: Branch[] = [];
    this.cases.forEach((c, index) => {
      if (c instanceof ReceiveOperation) {
        const branch = new ReceiveBranch(this, index, c);
        c.channel.receivers.push(branch);
        branches.push(branch);
      } else {
        const branch = new SendBranch(this, index, c);
        c.channel.senders.push(branch);
        branches.push(branch);
      }
    });
    this.branches = branches;
  }

  /** A branch fired: leave every other channel at once, so no second case can fire. */
  won(branch: Branch, result: unknown, received: unknown): void {
    this.unregisterAll();
    this.winner = branch;
    this.received = received;
    this.resume({ index: branch.index, value: result });
  }

  lost(error: unknown): void {
    this.unregisterAll();
    this.fail(error);
  }

  cancel(resumed: boolean): void {
    this.unregisterAll();
    const winner = this.winner;
    if (resumed && winner instanceof ReceiveBranch && this.received !== NOTHING) {
      (winner.operation.channel as Channel<unknown>).giveBack(this.received);
    }
  }

  private unregisterAll(): void {
    const branches = this.branches;
    if (branches === null) return;
    this.branches = null;
    for (const branch of branches) branch.unregister();
  }

  protected copy(): Suspension<Selected<unknown>> {
    return new SelectSuspension(this.cases);
  }
}

/**
 * Waits for the first of several channel operations (`channel.send(v)`, `channel.receive()`,
 * `channel.next()`) and performs exactly that one, like Go's `select`. Cases ready at once are
 * tried in list order. No value is lost: the other cases never take effect, and a halt after a
 * receive case fired but before the coroutine ran gives the value back to its channel.
 */
export function select<const O extends readonly Operation<unknown>[]>(
  cases: O,
): Operation<Selected<OperationResult<O[number]>>> {
  if (cases.length === 0) throw new CoroutineError('invalid-argument', 'select of no cases');
  for (const c of cases) {
    if (!(c instanceof ReceiveOperation) && !(c instanceof SendOperation)) {
      throw new CoroutineError(
        'invalid-argument',
        'select cases must be channel send, receive or next operations',
      );
    }
  }
  return new SelectSuspension(cases as unknown as readonly ChannelCase[]) as Operation<
    Selected<OperationResult<O[number]>>
  >;
}
