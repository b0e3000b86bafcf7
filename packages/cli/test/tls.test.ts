import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop } from './fixtures/shop-server.js';
import { type CertificateFiles, writeCertificateFiles } from './helpers/certificate-files.js';
import { TEST_LIMIT, yrpc } from './helpers/run-yrpc.js';

let tlsShop: { port: number; server: Server };
let mtlsShop: { port: number; server: Server };
let dir: string;
const file = (name: string) => join(dir, name);
const buy = ['demo.Shop/Buy', '-d', '{"item":"tea"}'];
const receipt = '{"item":"tea","at":"2026-01-02T03:04:05Z"}\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yrpc-cli-tls-'));
  const files: CertificateFiles = writeCertificateFiles(dir);
  const server = { key: readFileSync(files.serverKey), cert: readFileSync(files.serverCert) };
  tlsShop = await startShop({ tls: server });
  mtlsShop = await startShop({
    tls: { ...server, ca: readFileSync(files.caCert), requestCert: true, rejectUnauthorized: true },
  });
});

afterAll(async () => {
  await Promise.all([tlsShop?.server.close(), mtlsShop?.server.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('yrpc call over TLS', () => {
  it(
    'trusts --cacert, checks --servername, or skips the check with --insecure, over yrpc, gRPC and Connect',
    async () => {
      const address = `127.0.0.1:${tlsShop.port}`;
      const runs = await Promise.all([
        yrpc('call', address, ...buy, '--cacert', file('ca.crt')),
        yrpc('call', address, ...buy, '--cacert', file('ca.crt'), '--protocol', 'grpc'),
        yrpc('call', address, ...buy, '--cacert', file('ca.crt'), '--servername', 'localhost'),
        yrpc('call', address, ...buy, '--cacert', file('ca.crt'), '--protocol', 'connect'),
        yrpc('call', address, ...buy, '--insecure', '--protocol', 'grpc'),
      ]);
      for (const run of runs) expect(run).toEqual({ code: 0, stdout: receipt, stderr: '' });
    },
    TEST_LIMIT,
  );

  it(
    'fails with UNAVAILABLE when the certificate is not trusted or names another host',
    async () => {
      const address = `127.0.0.1:${tlsShop.port}`;
      const [systemCas, otherName] = await Promise.all([
        yrpc('call', address, ...buy, '--tls'),
        yrpc('call', address, ...buy, '--cacert', file('ca.crt'), '--servername', 'example.org'),
      ]);
      for (const run of [systemCas, otherName]) {
        expect(run).toMatchObject({ code: 14, stdout: '' });
        expect(run.stderr).toMatch(/^yrpc: UNAVAILABLE: [^\n]*\n$/);
      }
    },
    TEST_LIMIT,
  );

  it(
    'presents --cert and --key to a server that asks for a client certificate (mTLS)',
    async () => {
      const address = `127.0.0.1:${mtlsShop.port}`;
      const mtls = [
        '--cacert',
        file('ca.crt'),
        '--cert',
        file('client.crt'),
        '--key',
        file('client.key'),
      ];
      const [yrpcRun, grpcRun, connectRun, withoutCert] = await Promise.all([
        yrpc('call', address, ...buy, ...mtls),
        yrpc('call', address, ...buy, ...mtls, '--protocol', 'grpc'),
        yrpc('call', address, ...buy, ...mtls, '--protocol', 'connect'),
        yrpc('call', address, ...buy, '--cacert', file('ca.crt')),
      ]);
      expect(yrpcRun).toEqual({ code: 0, stdout: receipt, stderr: '' });
      expect(grpcRun).toEqual({ code: 0, stdout: receipt, stderr: '' });
      expect(connectRun).toEqual({ code: 0, stdout: receipt, stderr: '' });
      expect(withoutCert).toMatchObject({ code: 14, stdout: '' });
    },
    TEST_LIMIT,
  );

  it(
    'refuses --cert without --key and unreadable files as usage mistakes (exit 3)',
    async () => {
      const address = `127.0.0.1:${tlsShop.port}`;
      const [certOnly, missing] = await Promise.all([
        yrpc('call', address, ...buy, '--cert', file('client.crt')),
        yrpc('call', address, ...buy, '--cacert', file('nope.crt')),
      ]);
      expect(certOnly).toEqual({
        code: 3,
        stdout: '',
        stderr:
          'yrpc: INVALID_ARGUMENT: --cert and --key go together (the client certificate and its private key)\n',
      });
      expect(missing).toEqual({
        code: 3,
        stdout: '',
        stderr: `yrpc: INVALID_ARGUMENT: --cacert: cannot read ${file('nope.crt')} (ENOENT)\n`,
      });
    },
    TEST_LIMIT,
  );
});
