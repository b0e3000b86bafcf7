import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';

const METHOD = 'rpc_system="yrpc",rpc_service="inventory.v1.Inventory",rpc_method=';

describe('runDemo', () => {
  it("serves yrpc's metrics on a Prometheus page from prom-client, fetches it, and stops", async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    expect(lines[0]).toBe('calls:   4 GetItem found, 2 GetItem NOT_FOUND, 1 ListItems of 3 items');
    expect(lines[1]).toMatch(/^metrics: GET http:\/\/127\.0\.0\.1:\d+\/metrics -> 200$/);
    for (const side of ['server', 'client']) {
      const server = side === 'client' ? ',server_address="127.0.0.1",server_port="\\d+"' : '';
      const line = (name: string, method: string, labels: string, value: string) =>
        expect(lines.join('\n')).toMatch(
          new RegExp(
            `^rpc_${side}_${name}\\{${METHOD}"${method}"${server}${labels}\\} ${value}$`,
            'm',
          ),
        );
      const ok = ',rpc_yrpc_status_code="0",rpc_response_status_code="OK"';
      const notFound = ',rpc_yrpc_status_code="5",rpc_response_status_code="NOT_FOUND"';
      line('calls_started_total', 'GetItem', '', '6');
      line('calls_started_total', 'ListItems', '', '1');
      line('calls_finished_total', 'GetItem', ok, '4');
      line('calls_finished_total', 'GetItem', notFound, '2');
      line('calls_finished_total', 'ListItems', ok, '1');
      line('calls_active', 'GetItem', '', '0');
      line('duration_milliseconds_count', 'GetItem', ok, '4');
      line('duration_milliseconds_sum', 'GetItem', ok, '[\\d.e-]+');
      line('responses_per_rpc_sum', 'ListItems', ok, '3');
      // 'A-1', 'B-2', 'C-3', 'A-1': a tag, a length and 3 bytes each.
      line('request_size_bytes_sum', 'GetItem', ok, '20');
      expect(lines).toContain(`# TYPE rpc_${side}_duration_milliseconds histogram`);
      expect(lines).toContain(`# TYPE rpc_${side}_calls_finished_total counter`);
      expect(lines).toContain(`# TYPE rpc_${side}_calls_active gauge`);
    }
    expect(lines.at(-1)).toMatch(/^\(and \d+ _bucket lines\)$/);
  });
});
