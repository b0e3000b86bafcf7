import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import {
  type CallGateway,
  type GatewayCall,
  type GatewayConnection,
  type HandedConnection,
  RpcError,
  type ServerProtocol,
  type ServerProtocolFactory,
  Status,
} from '../../src/index.js';

/**
 * A small real protocol for the extension point's tests: text lines, one call per connection.
 * The client sends `CALL <path> <timeoutMs> <request base64>` (an empty request for a request
 * stream), then `MSG <base64>` for each request message and `END`; the server answers
 * `HEADERS <count>`, `MSG <base64>` per response message and `STATUS <code> <message>`.
 */
export interface LineProtocol extends ServerProtocol {
  /** The connections handed over, with how they were told apart. */
  readonly handed: HandedConnection[];
  /** How many times `drain` was called. */
  drains: number;
}

export function lineProtocol(): { factory: ServerProtocolFactory; protocol: () => LineProtocol } {
  let made: LineProtocol | undefined;
  const factory: ServerProtocolFactory = (gateway) => {
    made = new LineServer(gateway);
    return made;
  };
  return {
    factory,
    protocol: () => {
      if (made === undefined) throw new Error('no server made the protocol yet');
      return made;
    },
  };
}

const MAGIC = Buffer.from('CALL ');

class LineServer implements LineProtocol {
  readonly name = 'line';
  readonly alpn = ['line/1'];
  readonly handed: HandedConnection[] = [];
  drains = 0;
  readonly #gateway: CallGateway;
  readonly #open = new Map<Socket, GatewayConnection>();

  constructor(gateway: CallGateway) {
    this.#gateway = gateway;
  }

  detect(head: Uint8Array): boolean | undefined {
    const length = Math.min(head.length, MAGIC.length);
    if (!Buffer.from(head.subarray(0, length)).equals(MAGIC.subarray(0, length))) return false;
    return head.length >= MAGIC.length ? true : undefined;
  }

  accept(socket: Socket, connection: HandedConnection): void {
    this.handed.push(connection);
    const calls = this.#gateway.open(connection.peer);
    this.#open.set(socket, calls);
    let call: GatewayCall | undefined;
    const send = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\n`);
    };
    socket.on('error', () => {});
    socket.once('close', () => {
      this.#open.delete(socket);
      call?.cancel();
    });
    // The listener's sockets allow half-open connections: a peer that left only ends its side.
    socket.once('end', () => socket.destroy());
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      const [verb, first = '', second = '', third = ''] = line.split(' ');
      if (verb === 'CALL') {
        const method = this.#gateway.method(first);
        call = calls.start(
          {
            path: first,
            metadata: [{ key: 'via', value: 'line' }],
            timeoutMs: Number(second),
            request: method?.requestStream === true ? undefined : Buffer.from(third, 'base64'),
          },
          {
            headers: (entries) => send(`HEADERS ${entries.length}`),
            message: (payload) => {
              send(`MSG ${Buffer.from(payload).toString('base64')}`);
              return true;
            },
            end: (error) => {
              send(`STATUS ${error?.code ?? 0} ${error?.message ?? ''}`);
              socket.end();
            },
            consumed: () => {},
          },
        );
      } else if (verb === 'MSG') {
        call?.receive(Buffer.from(first, 'base64'));
      } else if (verb === 'END') {
        call?.endRequests();
      }
    });
    socket.resume();
  }

  drain(): void {
    this.drains++;
  }

  get callsInFlight(): number {
    let calls = 0;
    for (const open of this.#open.values()) calls += open.callsInFlight;
    return calls;
  }

  get connections(): number {
    return this.#open.size;
  }

  async close(): Promise<void> {
    for (const [socket, calls] of this.#open) {
      calls.close(new RpcError(Status.UNAVAILABLE, 'the server is closing'));
      socket.destroy();
    }
  }
}
