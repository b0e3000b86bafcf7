import { fileURLToPath } from 'node:url';
import { SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { otelClientInterceptor, otelServerInterceptor } from '@yrpc/otel';
import { Client, loadProto, Server } from '@yrpc/rpc';

interface Greeter {
  SayHello: { request: { name?: string }; response: { message?: string } };
}
const proto = await loadProto(fileURLToPath(new URL('./hello.proto', import.meta.url)));
const GreeterService = proto.service<Greeter>('demo.Greeter');

// Spans kept in memory here; an application gives its SDK's tracer provider (or registers it
// globally and passes nothing).
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});

const server = new Server({
  interceptors: [otelServerInterceptor({ tracerProvider })],
}).addService(GreeterService, {
  SayHello: (request) => ({ message: `Hello, ${request.name}!` }),
});
const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
const client = new Client(
  { host: '127.0.0.1', port },
  { interceptors: [otelClientInterceptor({ tracerProvider })] },
);

const reply = await client.service(GreeterService).SayHello({ name: 'Ada' });
console.log(reply.message);
await client.close();
await server.close();

const spans = exporter.getFinishedSpans();
const caller = spans.find((span) => span.kind === SpanKind.CLIENT);
const served = spans.find((span) => span.kind === SpanKind.SERVER);
for (const span of [caller, served]) {
  console.log(
    `${SpanKind[span?.kind ?? 0]} ${span?.name}`,
    span?.attributes['rpc.system'],
    span?.attributes['rpc.response.status_code'],
  );
}
console.log('same trace:', caller?.spanContext().traceId === served?.spanContext().traceId);
console.log(
  'server span is the child:',
  served?.parentSpanContext?.spanId === caller?.spanContext().spanId,
);
