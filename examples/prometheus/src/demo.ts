import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { otelClientInterceptor, otelServerInterceptor } from '@yrpc/otel';
import { Client, isRpcError, Server } from '@yrpc/rpc';
import { Registry } from 'prom-client';
import { Inventory, inventoryImplementation } from './inventory-service.js';
import { PrometheusBridge } from './prometheus-bridge.js';

/**
 * Serves the Inventory service with @yrpc/otel's metrics, makes a few calls to it, serves the
 * metrics as a Prometheus page from prom-client on a port of its own, fetches the page once,
 * prints it (histogram buckets left out), and stops everything.
 */
export async function runDemo(print: (line: string) => void = console.log): Promise<void> {
  // OpenTelemetry metrics, read by a bridge into a prom-client registry.
  const registry = new Registry();
  const bridge = new PrometheusBridge(registry);
  const meterProvider = new MeterProvider({ readers: [bridge] });

  const server = new Server({
    interceptors: [otelServerInterceptor({ meterProvider })],
  }).addService(Inventory, inventoryImplementation);
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = new Client(
    { host: '127.0.0.1', port },
    {
      interceptors: [
        otelClientInterceptor({ meterProvider, serverAddress: '127.0.0.1', serverPort: port }),
      ],
    },
  );

  // The metrics page, on its own loopback port.
  const metricsPage = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    bridge
      .update()
      .then(() => registry.metrics())
      .then(
        (page) => response.writeHead(200, { 'content-type': registry.contentType }).end(page),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
  });
  await new Promise<void>((resolve) => metricsPage.listen(0, '127.0.0.1', resolve));
  const metricsPort = (metricsPage.address() as AddressInfo).port;

  try {
    const inventory = client.service(Inventory);
    for (const sku of ['A-1', 'B-2', 'C-3', 'A-1']) await inventory.GetItem({ sku });
    for (const sku of ['Z-9', 'Y-8']) {
      await inventory.GetItem({ sku }).catch((error: unknown) => {
        if (!isRpcError(error)) throw error;
      });
    }
    let listed = 0;
    for await (const _item of inventory.ListItems({})) listed++;
    print(`calls:   4 GetItem found, 2 GetItem NOT_FOUND, 1 ListItems of ${listed} items`);

    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    const page = await response.text();
    print(`metrics: GET http://127.0.0.1:${metricsPort}/metrics -> ${response.status}`);
    // Every line but the histograms' buckets, which are many (their _sum and _count stay).
    const lines = page.split('\n').filter((line) => line !== '');
    const buckets = lines.filter((line) => /^\w+_bucket\{/.test(line));
    for (const line of lines) if (!buckets.includes(line)) print(line);
    print(`(and ${buckets.length} _bucket lines)`);
  } finally {
    await client.close();
    await server.close();
    await new Promise<void>((resolve) => metricsPage.close(() => resolve()));
    await meterProvider.shutdown();
  }
}
