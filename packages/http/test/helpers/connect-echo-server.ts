import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  type CallContext,
  loadProtoSync,
  RpcError,
  Server,
  type ServerStream,
  Status,
  type StatusCode,
} from '@yrpc/rpc';
import { type HttpProtocolsOptions, httpProtocols } from '../../src/http-protocols.js';

/** The service of the Connect tests (`fixtures/connect-interop.proto`). */
export const CONNECT_FIXTURE = fileURLToPath(
  new URL('../fixtures/connect-interop.proto', import.meta.url),
);
export const ECHO_SERVICE = 'yrpc.test.connectinterop.EchoService';

/** A request as the handlers get it (the server's default message options). */
interface EchoRequest {
  text: string;
  failCode: number;
  delayMs: number;
  count: number;
  big: bigint;
  at: Date | null;
}

/** A running echo server and what its handlers saw. */
export interface ConnectEchoServer {
  readonly server: Server;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** The texts of the calls whose signal aborted while they waited. */
  readonly aborted: string[];
  /** The status code each of those calls' signal aborted with, by text. */
  readonly abortCodes: Map<string, number | undefined>;
  close(): Promise<void>;
}

/**
 * A yrpc `Server` serving the echo service over `httpProtocols(options)` on 127.0.0.1, port 0.
 * Each request can ask for an error (`failCode`, with a detail and error metadata), a wait
 * (`delayMs`, cut short by the call's signal), a number of stream messages (`count`); responses
 * echo the text, int64 and Timestamp and list the `x-` metadata the handler saw.
 */
export async function startConnectEchoServer(
  options: HttpProtocolsOptions = {},
): Promise<ConnectEchoServer> {
  const proto = loadProtoSync(CONNECT_FIXTURE);
  const EchoResponse = proto.root.lookupType('yrpc.test.connectinterop.EchoResponse');
  const aborted: string[] = [];
  const abortCodes = new Map<string, number | undefined>();

  const answer = async (request: EchoRequest, context: CallContext, index = 0) => {
    if (request.delayMs > 0) {
      try {
        await delay(request.delayMs, undefined, { signal: context.signal });
      } catch {
        aborted.push(request.text);
        abortCodes.set(
          request.text,
          (context.signal.reason as { code?: number } | undefined)?.code,
        );
        throw new RpcError(Status.CANCELLED, 'cancelled');
      }
    }
    if (request.failCode !== 0) {
      throw new RpcError(request.failCode as StatusCode, `failed as asked: ${request.text}`, {
        details: [
          {
            typeUrl: 'type.googleapis.com/yrpc.test.connectinterop.EchoResponse',
            value: EchoResponse.encode({ text: 'detail' }).finish(),
          },
        ],
        metadata: [{ key: 'x-failure', value: 'yes' }],
      });
    }
    return {
      text: request.text,
      index,
      big: request.big,
      at: request.at,
      metadata: Object.entries(context.metadata)
        .filter(([key]) => key.startsWith('x-'))
        .map(([key, value]) => `${key}=${value}`),
    };
  };

  const server = new Server({ protocols: [httpProtocols(options)] }).addService(
    proto.service(ECHO_SERVICE),
    {
      async echo(request: EchoRequest, context: CallContext) {
        context.setHeader('x-header', 'h');
        context.setTrailer('x-trailer', 't');
        return answer(request, context);
      },
      lookup: (request: EchoRequest, context: CallContext) => answer(request, context),
      async *count(request: EchoRequest, stream: ServerStream) {
        stream.setHeader('x-header', 'stream');
        for (let i = 0; i < request.count; i++) {
          yield await answer({ ...request, failCode: 0 }, stream, i);
        }
        stream.setTrailer('x-trailer', 'done');
        if (request.failCode !== 0) await answer(request, stream);
      },
      async collect(requests: AsyncIterable<EchoRequest>) {
        const texts: string[] = [];
        let chars = 0;
        for await (const request of requests) {
          // A slow consumer: request flow control must hold the client back, not buffer.
          if (request.delayMs > 0) await delay(request.delayMs);
          texts.push(request.text);
          chars += request.text.length;
        }
        const text = chars < 1000 ? texts.join(',') : '';
        return { text, index: texts.length, big: BigInt(chars) };
      },
      async *chat(requests: AsyncIterable<EchoRequest>, stream: ServerStream) {
        let index = 0;
        for await (const request of requests) yield await answer(request, stream, index++);
      },
    },
  );
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    aborted,
    abortCodes,
    close: () => server.close(),
  };
}
