import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, Listener, type SocketDivert } from '../src/index.js';
import { makeTestCertificates, type TestCertificates } from './certificates.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Diverts sockets that open with "HTTP" (told apart after 4 bytes); collects what they send. */
function httpDivert(timeoutMs?: number): SocketDivert & { readonly diverted: Promise<string>[] } {
  const diverted: Promise<string>[] = [];
  return {
    diverted,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    byAlpn: (alpn) => (alpn === 'h2' ? true : alpn === 'yrpc' ? false : undefined),
    byHead: (head) => {
      if (head.length < 4) return 'HTTP'.startsWith(text(head)) ? undefined : false;
      return text(head.subarray(0, 4)) === 'HTTP';
    },
    divert: (socket: Socket) => {
      diverted.push(
        new Promise((resolve) => {
          let received = '';
          socket.on('data', (chunk: Buffer) => {
            received += chunk.toString('latin1');
          });
          socket.on('end', () => {
            socket.end();
            resolve(received);
          });
          // Handed over paused, its first bytes put back.
          socket.resume();
        }),
      );
    },
  };
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

async function listen(
  divert: SocketDivert,
  tls?: { key: string; cert: string; alpnProtocols: string[] },
): Promise<{ listener: Listener; kept: Connection[] }> {
  const kept: Connection[] = [];
  const listener = await Listener.listen(
    { port: 0, divert, ...(tls === undefined ? {} : { tls }) },
    (connection) => {
      kept.push(connection);
      connection.onReadable((c) => {
        if (c.input.readableBytes > 0) c.write(c.input.readView(c.input.readableBytes));
      });
    },
  );
  cleanups.push(() => listener.stop(200));
  return { listener, kept };
}

function dialRaw(port: number): Socket {
  const socket = netConnect({ host: '127.0.0.1', port });
  cleanups.push(() => socket.destroy());
  return socket;
}

function collect(socket: Socket, bytes: number): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.length >= bytes) resolve(received);
    });
  });
}

describe('Listener with a divert', () => {
  it('hands a socket over with every byte it sent, even when they came one at a time', async () => {
    const divert = httpDivert();
    const { listener, kept } = await listen(divert);
    const socket = dialRaw(listener.port as number);
    for (const byte of 'HTTP/1.1 hello') {
      socket.write(byte);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    socket.end();
    await expect.poll(() => divert.diverted.length).toBe(1);
    expect(await divert.diverted[0]).toBe('HTTP/1.1 hello');
    expect(kept).toHaveLength(0);
  });

  it('keeps other sockets as Connections that read from the first byte', async () => {
    const divert = httpDivert();
    const { listener, kept } = await listen(divert);
    const socket = dialRaw(listener.port as number);
    const echoed = collect(socket, 6);
    socket.write('HTxyz!');
    expect(await echoed).toBe('HTxyz!');
    expect(kept).toHaveLength(1);
    expect(divert.diverted).toHaveLength(0);
  });

  it('closes a socket that stays silent past the timeout, or leaves before it is told apart', async () => {
    const divert = httpDivert(50);
    const { listener, kept } = await listen(divert);
    const silent = dialRaw(listener.port as number);
    await new Promise((resolve) => silent.once('close', resolve));
    const leaving = dialRaw(listener.port as number);
    leaving.end('HT');
    await new Promise((resolve) => leaving.once('close', resolve));
    expect(kept).toHaveLength(0);
    expect(divert.diverted).toHaveLength(0);
  });

  describe('under TLS', () => {
    let certs: TestCertificates;
    beforeAll(() => {
      certs = makeTestCertificates();
    });

    it('lets the ALPN id decide, and the bytes decide when none was agreed', async () => {
      const divert = httpDivert();
      const { listener, kept } = await listen(divert, {
        key: certs.serverKey,
        cert: certs.serverCert,
        alpnProtocols: ['yrpc', 'h2'],
      });
      const dialTls = (alpn: string[] | undefined) => {
        const socket = tlsConnect({
          host: '127.0.0.1',
          port: listener.port as number,
          ca: certs.ca,
          servername: 'localhost',
          ...(alpn === undefined ? {} : { ALPNProtocols: alpn }),
        });
        cleanups.push(() => socket.destroy());
        return socket;
      };
      const h2 = dialTls(['h2']);
      h2.end('not HTTP at all');
      await expect.poll(() => divert.diverted.length).toBe(1);
      expect(await divert.diverted[0]).toBe('not HTTP at all');

      const yrpc = dialTls(['yrpc']);
      const echoed = collect(yrpc, 8);
      yrpc.write('HTTP? no');
      expect(await echoed).toBe('HTTP? no');

      const none = dialTls(undefined);
      none.end('HTTP by its bytes');
      await expect.poll(() => divert.diverted.length).toBe(2);
      expect(await divert.diverted[1]).toBe('HTTP by its bytes');
      expect(kept).toHaveLength(1);
    });
  });
});
