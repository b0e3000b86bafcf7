import { Client, isRpcError, run, Server } from '@yrpc/rpc';
import { Greeter, greeterImplementation } from './greeter-service.js';

/**
 * Starts a greeter server and a client on loopback, calls it in all three styles, shows a
 * deadline and a cancellation reaching the server, then shuts both down.
 */
export async function runDemo(print: (line: string) => void = console.log): Promise<void> {
  const server = new Server().addService(
    Greeter,
    greeterImplementation((name) =>
      print(`server:    the call for ${name} was stopped, its finally ran`),
    ),
  );
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  print(`server:    listening on 127.0.0.1:${port}`);
  const client = new Client({ host: '127.0.0.1', port });
  const greeter = client.service(Greeter);
  try {
    const reply = await greeter.sayHello({ name: 'Ada' });
    print(`await:     ${reply.message}`);

    const viaCallback = await new Promise<string>((resolve, reject) => {
      greeter.sayHello({ name: 'Grace' }, (error, response) => {
        if (error) reject(error);
        else resolve(response?.message ?? '');
      });
    });
    print(`callback:  ${viaCallback}`);

    const viaCoroutine = await run(function* () {
      const response = yield* greeter.sayHello.co({ name: 'Barbara' });
      return response.message;
    });
    print(`coroutine: ${viaCoroutine}`);

    try {
      await greeter.sayHelloSlowly({ name: 'Edsger', delayMs: 5_000 }, { timeoutMs: 100 });
    } catch (error) {
      if (!isRpcError(error)) throw error;
      print(`deadline:  ${error.codeName}: ${error.message}`);
    }

    const controller = new AbortController();
    const slow = greeter.sayHelloSlowly(
      { name: 'Alan', delayMs: 5_000 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('changed my mind')), 50);
    try {
      await slow;
    } catch (error) {
      if (!isRpcError(error)) throw error;
      print(`cancel:    ${error.codeName}: ${error.message}`);
    }
    // Give the CANCEL frame the moment it needs to reach the server and halt the handler.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await client.close();
    await server.close();
    print('done:      client and server closed');
  }
}
