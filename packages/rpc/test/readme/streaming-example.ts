import { fileURLToPath } from 'node:url';
import { Client, loadProto, run, Server } from '@yrpc/rpc';

// The methods' kinds and messages, written by hand for a .proto loaded at run time.
interface NumberMessage {
  value?: number;
}
interface Numbers {
  Range: { request: NumberMessage; response: NumberMessage; kind: 'server-streaming' };
  Sum: { request: NumberMessage; response: { sum?: number }; kind: 'client-streaming' };
  Double: { request: NumberMessage; response: NumberMessage; kind: 'bidi-streaming' };
}

const proto = await loadProto(fileURLToPath(new URL('./streaming.proto', import.meta.url)));
const NumbersService = proto.service<Numbers>('demo.Numbers');

const server = new Server().addService(NumbersService, {
  // Server streaming: an async generator yields the responses.
  async *Range({ value = 0 }) {
    for (let i = 1; i <= value; i++) yield { value: i };
  },
  // Client streaming: the requests arrive as an AsyncIterable; the return value is the answer.
  async Sum(numbers) {
    let sum = 0;
    for await (const { value = 0 } of numbers) sum += value;
    return { sum };
  },
  // Bidirectional, as a coroutine: `yield*` on the call's stream to receive and send.
  *Double(_requests, stream) {
    for (let n = yield* stream.receive(); n !== undefined; n = yield* stream.receive()) {
      yield* stream.send({ value: (n.value ?? 0) * 2 });
    }
  },
});
const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
const client = new Client({ host: '127.0.0.1', port });
const numbers = client.service(NumbersService);

// Server streaming: iterate; leaving the loop early cancels the call on the server.
for await (const { value } of numbers.Range({ value: 3 })) console.log('range', value);

// Client streaming: any Iterable or AsyncIterable of requests; a promise of the answer.
const { sum } = await numbers.Sum([{ value: 1 }, { value: 2 }, { value: 3 }]);
console.log('sum', sum);

// Bidirectional: the answers arrive while the requests are sent.
async function* requests() {
  yield { value: 5 };
  yield { value: 6 };
}
for await (const { value } of numbers.Double(requests())) console.log('double', value);

// Events and callbacks, the shape grpc-js users know.
await new Promise<void>((done) => {
  const call = numbers.Sum((error, total) => {
    console.log('sum by callback', error ?? total?.sum);
    done();
  });
  call.write({ value: 10 });
  call.write({ value: 20 });
  call.end();
});

// Coroutines: `yield*` on the client's stream too; halting the coroutine cancels the call.
await run(function* () {
  const stream = yield* numbers.Range.co({ value: 2 });
  for (let n = yield* stream.receive(); n !== undefined; n = yield* stream.receive()) {
    console.log('coroutine range', n.value);
  }
});

await client.close();
await server.close();
