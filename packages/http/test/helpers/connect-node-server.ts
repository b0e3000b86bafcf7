import { createServer as createHttp1Server, type Server as Http1Server } from 'node:http';
import {
  createServer as createHttp2Server,
  createSecureServer,
  type Http2SecureServer,
  type Http2Server,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { create } from '@bufbuild/protobuf';
import {
  type Code,
  ConnectError,
  type ConnectRouter,
  type HandlerContext,
} from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { connectFixtureSchema } from './connect-fixture-schema.js';

/** A request as the connect-node handlers get it. */
interface EchoRequest {
  text: string;
  failCode: number;
  delayMs: number;
  count: number;
  big: bigint;
}

/** A running @connectrpc/connect-node server of the echo service and what its handlers saw. */
export interface ConnectNodeServer {
  /** Port of the HTTP/2 (cleartext) server. */
  readonly http2Port: number;
  /** Port of the HTTP/1.1 server (the same handlers). */
  readonly http1Port: number;
  /** The request headers of the last call, by name. */
  readonly lastHeaders: Map<string, string>;
  /** Texts of the calls whose handler started waiting (`delayMs`). */
  readonly waiting: Set<string>;
  /** Texts of the calls whose signal aborted, with the reason's Connect code. */
  readonly aborted: Map<string, Code | undefined>;
  close(): Promise<void>;
}

/**
 * The echo service of `fixtures/connect-interop.proto` served by connect-node (its schema built
 * by `buf`, as a Connect user's would be), on 127.0.0.1 over HTTP/2 and HTTP/1.1. Each request
 * can ask for an error (`failCode`, with a detail and error metadata), a wait (`delayMs`, cut
 * short by the call's signal) and a number of stream messages (`count`); responses echo the text
 * and list the `x-` request headers. With `tls`, one TLS server takes both HTTP versions.
 */
export async function startConnectNodeServer(tls?: {
  readonly key: string;
  readonly cert: string;
}): Promise<ConnectNodeServer> {
  const { service, EchoResponse } = connectFixtureSchema();
  const lastHeaders = new Map<string, string>();
  const aborted = new Map<string, Code | undefined>();
  const waiting = new Set<string>();

  const answer = async (request: EchoRequest, context: HandlerContext, index = 0) => {
    if (request.delayMs > 0) {
      waiting.add(request.text);
      try {
        await delay(request.delayMs, undefined, { signal: context.signal });
      } catch (error) {
        aborted.set(request.text, ConnectError.from(context.signal.reason).code);
        throw error;
      }
    }
    if (request.failCode !== 0) {
      throw new ConnectError(
        `failed as asked: ${request.text}`,
        request.failCode as Code,
        { 'x-failure': 'yes' },
        [{ desc: EchoResponse, value: { text: 'detail' } }],
      );
    }
    const metadata: string[] = [];
    context.requestHeader.forEach((value, key) => {
      if (key.startsWith('x-')) metadata.push(`${key}=${value}`);
    });
    return create(EchoResponse, { text: request.text, index, big: request.big, metadata });
  };

  const see = (context: HandlerContext) => {
    lastHeaders.clear();
    context.requestHeader.forEach((value, key) => {
      lastHeaders.set(key, value);
    });
  };

  const routes = (router: ConnectRouter) =>
    router.service(service, {
      async echo(request: EchoRequest, context: HandlerContext) {
        see(context);
        context.responseHeader.set('x-header', 'h');
        const raw = context.requestHeader.get('x-raw-bin');
        if (raw !== null) context.responseHeader.set('x-raw-bin', raw);
        context.responseTrailer.set('x-trailer', 't');
        return answer(request, context);
      },
      lookup: (request: EchoRequest, context: HandlerContext) => answer(request, context),
      async *count(request: EchoRequest, context: HandlerContext) {
        see(context);
        context.responseHeader.set('x-header', 'stream');
        context.responseTrailer.set('x-trailer', 'done');
        for (let i = 0; i < request.count; i++) {
          yield await answer({ ...request, failCode: 0 }, context, i);
        }
        if (request.failCode !== 0) await answer(request, context);
      },
      async collect(requests: AsyncIterable<EchoRequest>, context: HandlerContext) {
        see(context);
        const texts: string[] = [];
        let chars = 0;
        for await (const request of requests) {
          texts.push(request.text);
          chars += request.text.length;
        }
        return create(EchoResponse, {
          text: chars < 1000 ? texts.join(',') : '',
          index: texts.length,
          big: BigInt(chars),
        });
      },
      async *chat(requests: AsyncIterable<EchoRequest>, context: HandlerContext) {
        see(context);
        let index = 0;
        for await (const request of requests) yield await answer(request, context, index++);
      },
    } as never);

  const adapter = connectNodeAdapter({ routes, compressMinBytes: 512 });
  // With TLS, one server speaks both versions (ALPN chooses).
  const http2 =
    tls === undefined
      ? createHttp2Server(adapter)
      : createSecureServer({ ...tls, allowHTTP1: true }, adapter);
  const http1 = createHttp1Server(adapter);
  const listen = (server: Http2Server | Http2SecureServer | Http1Server) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  const http2Port = await listen(http2);
  const http1Port = tls === undefined ? await listen(http1) : http2Port;
  const sessions = new Set<import('node:http2').ServerHttp2Session>();
  http2.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  return {
    http2Port,
    http1Port,
    lastHeaders,
    waiting,
    aborted,
    async close() {
      for (const session of sessions) session.destroy();
      http1.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => http2.close(resolve)),
        new Promise((resolve) => (http1.listening ? http1.close(resolve) : resolve(undefined))),
      ]);
    },
  };
}
