import { Client, Server, staticService } from '@yrpc/rpc';
import { demo } from './generated/greeter.js';

// A typed definition from the generated class: ServiceDefinition<demo.Greeter>.
const Greeter = staticService(demo.Greeter, demo);

// Handlers are keyed by the generated lower-camel names; `request` is a demo.HelloRequest and
// the reply is checked against demo.HelloReply. A method left out answers UNIMPLEMENTED.
const server = new Server().addService(Greeter, {
  sayHello: (request) => ({ message: `Hi ${request.name}` }),
});
const { port } = await server.listen({ host: '127.0.0.1', port: 0 });

const client = new Client({ host: '127.0.0.1', port });
const greeter = client.service(Greeter);
const reply = await greeter.sayHello({ name: 'Ada' }); // a demo.HelloReply
console.log(reply.message);

await client.close();
await server.close();
