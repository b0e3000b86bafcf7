import { fileURLToPath } from 'node:url';
import { Client, isRpcError, loadProto, run, Server, sleep } from '@yrpc/rpc';

// Message and method types, written by hand for a .proto loaded at run time
// (or generated: see "Typed code generation" below).
interface HelloRequest {
  name?: string;
}
interface SlowHelloRequest {
  name?: string;
  delayMs?: number;
}
interface HelloReply {
  message?: string;
}
interface Greeter {
  SayHello: { request: HelloRequest; response: HelloReply };
  SayHelloSlowly: { request: SlowHelloRequest; response: HelloReply };
}

const proto = await loadProto(fileURLToPath(new URL('./greeter.proto', import.meta.url)));
const GreeterService = proto.service<Greeter>('demo.Greeter');

// Handlers: plain functions, async functions, or generator functions (coroutines).
const server = new Server().addService(GreeterService, {
  SayHello: (request) => ({ message: `Hello, ${request.name}!` }),
  *SayHelloSlowly(request) {
    try {
      yield* sleep(request.delayMs ?? 0); // halted if the call is cancelled or expires
      return { message: `Hello at last, ${request.name}!` };
    } finally {
      console.log(`server: SayHelloSlowly(${request.name}) finished or was stopped`);
    }
  },
});
const { port } = await server.listen({ host: '127.0.0.1', port: 0 });

const client = new Client({ host: '127.0.0.1', port });
const greeter = client.service(GreeterService);

// 1. await a promise
const reply = await greeter.SayHello({ name: 'promise' }, { timeoutMs: 1000 });
console.log(reply.message);

// 2. pass a callback
await new Promise<void>((resolve) =>
  greeter.SayHello({ name: 'callback' }, (error, response) => {
    console.log(error ?? response?.message);
    resolve();
  }),
);

// 3. yield* inside a coroutine (halting the coroutine cancels the call on the server)
const message = await run(function* () {
  const response = yield* greeter.SayHello.co({ name: 'coroutine' });
  return response.message;
});
console.log(message);

// Deadlines are sent to the server and enforced on both sides.
try {
  await greeter.SayHelloSlowly({ name: 'late', delayMs: 5000 }, { timeoutMs: 50 });
} catch (error) {
  if (isRpcError(error)) console.log(error.codeName, error.message);
}

await client.close();
await server.close();
