import { afterEach, describe, expect, it } from 'vitest';
import { Client, isRpcError, Server, Status } from '../../src/index.js';
import { Echo, echoImplementation } from '../helpers/echo-service.js';
import { type Harness, startEchoServer } from '../helpers/harness.js';
import { MiB } from '../helpers/raw-peer.js';

// PROTOCOL.md section 10: a message travels in one frame under the windows; a frame up to the
// frame limit (16 MiB) is always read to its end, and windows are at least that large, so a
// message of any size the limits allow goes through, each way, with default options.

let harness: Harness | undefined;
let server: Server | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
  await harness?.close();
  harness = undefined;
});

/** `size` bytes in a pattern that a shifted or truncated copy would not match. */
function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >>> 13)) & 0xff;
  return bytes;
}

function sameBytes(a: Uint8Array | null | undefined, b: Uint8Array): boolean {
  return a !== null && a !== undefined && Buffer.from(b).equals(Buffer.from(a));
}

describe('large messages with default options', () => {
  it.each([
    { label: '1 MiB', size: MiB },
    { label: '4.1 MiB', size: Math.round(4.1 * MiB) },
    { label: '8 MiB', size: 8 * MiB },
    { label: '15 MiB', size: 15 * MiB },
  ])(
    'carries a $label request and a $label response, and a small call after it',
    { timeout: 15_000 },
    async ({ size }) => {
      harness = await startEchoServer();
      const echo = harness.client().service(Echo);
      const payload = pattern(size);
      const reply = await echo.echo({ text: 'big', payload }, { timeoutMs: 8000 });
      expect(reply.payload?.length).toBe(size);
      expect(sameBytes(reply.payload, payload)).toBe(true);
      expect(reply.text).toBe('big');
      const small = await echo.echo({ text: 'small', number: 7 }, { timeoutMs: 5000 });
      expect(small).toMatchObject({ text: 'small', number: 7 });
    },
  );
});

describe('large messages encoded into reused arrays', () => {
  it('keeps every byte of 3 MiB messages in flight at once, both ways, over several rounds', {
    timeout: 20_000,
  }, async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    // Arrays go back to the encoder once the socket wrote them: a message still being written
    // must never be encoded over by the next one.
    for (let round = 0; round < 3; round++) {
      const payloads = Array.from({ length: 6 }, (_, i) =>
        new Uint8Array(3 * MiB + i * 1000).fill(round * 16 + i + 1),
      );
      const replies = await Promise.all(
        payloads.map((payload) => echo.echo({ payload }, { timeoutMs: 10_000 })),
      );
      const intact = replies.map((reply, i) => sameBytes(reply.payload, payloads[i] as Uint8Array));
      expect(intact).toEqual(payloads.map(() => true));
    }
  });
});

describe('many large answers on one connection', () => {
  it('completes 200 concurrent calls answering 1 MiB each: none RESOURCE_EXHAUSTED, no "ByteBuffer" in any error', {
    timeout: 30_000,
  }, async () => {
    const connectionErrors: string[] = [];
    server = new Server()
      .addService(Echo, {
        ...echoImplementation({ events: [] }),
        echo: (request) => ({ number: request.number ?? 0, payload: new Uint8Array(MiB) }),
      })
      .onConnectionError((event) => connectionErrors.push(event.error.message));
    const bound = await server.listen({ host: '127.0.0.1', port: 0 });
    client = new Client({ host: bound.host, port: bound.port });
    const echo = client.service(Echo);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => echo.echo({ number: i }, { timeoutMs: 15_000 })),
    );
    const failures = outcomes.flatMap((outcome, i) =>
      outcome.status === 'rejected'
        ? [
            `call ${i}: ${isRpcError(outcome.reason) ? `${outcome.reason.code} ` : ''}${String(
              (outcome.reason as Error).message,
            )}`,
          ]
        : [],
    );
    const messages = [...failures, ...connectionErrors];
    const byteBuffer = messages.filter((message) => message.includes('ByteBuffer'));
    expect(
      byteBuffer.length,
      `errors naming ByteBuffer, e.g. ${JSON.stringify(byteBuffer.slice(0, 2))}`,
    ).toBe(0);
    const exhausted = outcomes.filter(
      (outcome) =>
        outcome.status === 'rejected' &&
        isRpcError(outcome.reason) &&
        outcome.reason.code === Status.RESOURCE_EXHAUSTED,
    );
    expect(exhausted.length, 'calls failed with RESOURCE_EXHAUSTED').toBe(0);
    expect(failures.length, `failed calls, e.g. ${JSON.stringify(failures.slice(0, 2))}`).toBe(0);
    outcomes.forEach((outcome, i) => {
      expect(outcome.status === 'fulfilled' && outcome.value.number === i).toBe(true);
      expect(outcome.status === 'fulfilled' && outcome.value.payload?.length).toBe(MiB);
    });
    expect(connectionErrors).toEqual([]);
    expect(server.connections).toBe(1);
  });
});
