import { describe, expect, it } from 'vitest';
import { CaptureReport } from '../src/capture/capture-report.js';

// The report of a long capture: what it keeps per connection goes when the connection is over.

/** PROTOCOL.md's ping vector: a PING with ping id 0x01020304. */
const ping = Uint8Array.from(Buffer.from('59520106000000000102030400000000', 'hex'));

describe('CaptureReport', () => {
  it('prints frames in order and drops a connection once both directions ended', async () => {
    const lines: string[] = [];
    const report = new CaptureReport(
      async () => undefined,
      (text) => lines.push(text),
      { json: false },
    );
    for (let connection = 1; connection <= 50; connection++) {
      report.bytes(connection, 'client', ping);
      report.bytes(connection, 'server', ping);
      report.end(connection, 'client');
      expect(report.connectionsOpen).toBe(1);
      report.end(connection, 'server');
      expect(report.connectionsOpen).toBe(0);
    }
    await report.flushed();
    expect(lines).toHaveLength(100);
    expect(lines[0]).toBe('#1 client→server PING id=16909060\n');
    expect(lines[1]).toBe('#1 server→client PING id=16909060\n');
  });

  it('keeps a one-direction dump until that direction ended', async () => {
    const report = new CaptureReport(
      async () => undefined,
      () => undefined,
      { json: true },
    );
    report.bytes(1, 'client', ping, true);
    expect(report.connectionsOpen).toBe(1);
    report.end(1, 'client');
    expect(report.connectionsOpen).toBe(0);
    await report.flushed();
  });
});
