import { fileURLToPath } from 'node:url';
import descriptor from 'protobufjs/ext/descriptor.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addReflection,
  Client,
  loadProtoSync,
  ProtoRoot,
  reflectionServices,
  Server,
} from '../src/index.js';
import { Echo } from './helpers/echo-service.js';

// gRPC server reflection (v1 and v1alpha) over the yrpc protocol: a real Client on loopback TCP
// asks a Server what it has, as buf curl and grpcurl do over gRPC (packages/http tests those).

const LIMIT = 5000;
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

const servers: Server[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

// Files loaded from disk are named by their path from the working directory (packages/rpc here).
const SHOP = 'test/fixtures/reflection/shop.proto';
const MONEY = 'test/fixtures/reflection/money.proto';

const shop = loadProtoSync(SHOP, { includeDirs: [FIXTURES] });

async function serve(add: (server: Server) => void): Promise<{ server: Server; port: number }> {
  const server = new Server();
  servers.push(server);
  add(server);
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, port };
}

interface Answer {
  validHost?: string;
  originalRequest?: Record<string, unknown>;
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Uint8Array[] };
  allExtensionNumbersResponse?: { baseTypeName: string; extensionNumber: number[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

/** Sends `requests` on one ServerReflectionInfo stream of `version`; the answers, in order. */
async function ask(
  port: number,
  version: 'v1' | 'v1alpha',
  requests: Record<string, unknown>[],
): Promise<Answer[]> {
  const client = new Client({ host: '127.0.0.1', port });
  clients.push(client);
  const stub = client.service(reflectionServices()[version]) as unknown as {
    ServerReflectionInfo(requests: AsyncIterable<unknown>): AsyncIterable<Answer>;
  };
  const call = async (): Promise<Answer[]> => {
    const answers: Answer[] = [];
    async function* sent() {
      yield* requests;
    }
    for await (const answer of stub.ServerReflectionInfo(sent())) answers.push(answer);
    return answers;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`reflection ${version}: no end in ${LIMIT} ms`)),
      LIMIT,
    );
  });
  return Promise.race([call(), late]).finally(() => clearTimeout(timer));
}

/** The FileDescriptorProtos of an answer, decoded. */
function files(answer: Answer | undefined): descriptor.IFileDescriptorProto[] {
  const protos = answer?.fileDescriptorResponse?.fileDescriptorProto;
  if (protos === undefined) throw new Error(`no files in ${JSON.stringify(answer)}`);
  return protos.map(
    (bytes) => descriptor.FileDescriptorProto.decode(bytes) as descriptor.IFileDescriptorProto,
  );
}

const shopImplementation = { Buy: () => ({}) };

describe.each(['v1', 'v1alpha'] as const)('reflection %s', (version) => {
  it('lists every service, those added after reflection and reflection itself included', async () => {
    const { port } = await serve((server) => {
      addReflection(server);
      server.addService(shop.service('yrpc.test.shop.Shop'), shopImplementation);
    });
    const [answer] = await ask(port, version, [{ host: 'here', listServices: '' }]);
    expect(answer?.validHost).toBe('here');
    expect(answer?.originalRequest).toMatchObject({ host: 'here', listServices: '' });
    expect(answer?.listServicesResponse?.service.map((s) => s.name).sort()).toEqual([
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      'yrpc.test.shop.Shop',
    ]);
  });

  it('describes a service: its file first, then its imports, each once per stream', async () => {
    const { port } = await serve((server) => {
      server.addService(shop.service('yrpc.test.shop.Shop'), shopImplementation);
      addReflection(server);
    });
    const answers = await ask(port, version, [
      { fileContainingSymbol: 'yrpc.test.shop.Shop' },
      { fileContainingSymbol: 'yrpc.test.shop.Order.Line' },
      { fileByFilename: 'google/protobuf/timestamp.proto' },
    ]);
    const first = files(answers[0]);
    expect(first.map((file) => file.name)).toEqual([SHOP, expect.any(String), expect.any(String)]);
    expect(first.map((file) => file.name).sort()).toEqual([
      'google/protobuf/timestamp.proto',
      MONEY,
      SHOP,
    ]);
    const [shopFile, ...imports] = first;
    expect(shopFile?.package).toBe('yrpc.test.shop');
    expect(shopFile?.syntax).toBe('proto3');
    expect([...(shopFile?.dependency ?? [])].sort()).toEqual([
      'google/protobuf/timestamp.proto',
      MONEY,
    ]);
    expect(shopFile?.service?.[0]?.name).toBe('Shop');
    expect(shopFile?.service?.[0]?.method?.map((m) => m.name)).toEqual(['Buy', 'Watch']);
    const order = shopFile?.messageType?.find((m) => m.name === 'Order');
    expect(order?.nestedType?.map((m) => m.name).sort()).toEqual(['LabelsByKeyEntry', 'Line']);
    // Type names fully qualified, map entries named as protoc names them.
    expect(order?.field?.find((f) => f.name === 'labels_by_key')?.typeName).toBe(
      '.yrpc.test.shop.Order.LabelsByKeyEntry',
    );
    expect(order?.field?.find((f) => f.name === 'cash')?.typeName).toBe('.yrpc.test.money.Money');
    // proto3 optional's synthetic oneof after the real one, as the Go descriptor checks want.
    expect(order?.oneofDecl?.map((o) => o.name)).toEqual(['payment', '_coupon']);
    expect(order?.field?.find((f) => f.name === 'coupon')?.oneofIndex).toBe(1);
    expect(order?.field?.find((f) => f.name === 'card')?.oneofIndex).toBe(0);
    expect(shopFile?.enumType?.[0]?.name).toBe('Kind');
    const money = imports.find((file) => file.name === MONEY);
    expect(money?.syntax).toBe('proto2');
    expect(money?.extension?.[0]?.name).toBe('note');
    // The extension is declared once, in its file, not also as a field of the extended message.
    expect(money?.messageType?.[0]?.field?.map((f) => f.name)).toEqual(['currency', 'units']);
    const tip = money?.messageType?.find((m) => m.name === 'Tip');
    expect(tip?.field).toEqual([]);
    expect(tip?.extension?.map((f) => [f.name, f.extendee, f.number])).toEqual([
      ['tip_percent', '.yrpc.test.money.Money', 101],
    ]);

    // The nested message lives in the same file, sent again; its imports went out already.
    expect(files(answers[1]).map((file) => file.name)).toEqual([SHOP]);
    expect(files(answers[2]).map((file) => file.name)).toEqual(['google/protobuf/timestamp.proto']);
  });

  it('finds methods, fields and enum values; extensions by type and number', async () => {
    const { port } = await serve((server) => {
      addReflection(server);
      server.addService(shop.service('yrpc.test.shop.Shop'), shopImplementation);
    });
    const answers = await ask(port, version, [
      { fileContainingSymbol: 'yrpc.test.shop.Shop.Buy' },
      { fileContainingSymbol: 'yrpc.test.shop.Order.kind' },
      { fileContainingSymbol: 'yrpc.test.shop.KIND_GIFT' },
      { allExtensionNumbersOfType: 'yrpc.test.money.Money' },
      {
        fileContainingExtension: { containingType: 'yrpc.test.money.Money', extensionNumber: 100 },
      },
      { fileContainingSymbol: 'grpc.reflection.v1alpha.ServerReflection' },
    ]);
    for (const answer of answers.slice(0, 3)) {
      expect(files(answer)[0]?.name).toBe(SHOP);
    }
    expect(answers[3]?.allExtensionNumbersResponse).toEqual({
      baseTypeName: 'yrpc.test.money.Money',
      extensionNumber: [100, 101],
    });
    expect(files(answers[4])[0]?.name).toBe(MONEY);
    expect(files(answers[5])[0]?.name).toBe('grpc/reflection/v1alpha/reflection.proto');
  });

  it('answers what it does not have with a NOT_FOUND ErrorResponse, and the stream goes on', async () => {
    const { port } = await serve((server) => {
      addReflection(server);
      server.addService(shop.service('yrpc.test.shop.Shop'), shopImplementation);
    });
    const answers = await ask(port, version, [
      { fileContainingSymbol: 'yrpc.test.shop.Nope' },
      { fileByFilename: 'nope.proto' },
      {
        fileContainingExtension: { containingType: 'yrpc.test.money.Money', extensionNumber: 150 },
      },
      { allExtensionNumbersOfType: 'yrpc.test.Nope' },
      { listServices: '*' },
    ]);
    expect(answers.slice(0, 4).map((answer) => answer.errorResponse)).toEqual([
      { errorCode: 5, errorMessage: 'symbol yrpc.test.shop.Nope not found' },
      { errorCode: 5, errorMessage: 'file nope.proto not found' },
      { errorCode: 5, errorMessage: 'extension 150 of yrpc.test.money.Money not found' },
      { errorCode: 5, errorMessage: 'message type yrpc.test.Nope not found' },
    ]);
    expect(answers[4]?.listServicesResponse?.service).toHaveLength(3);
  });

  it('names the files of JSON roots by package, lists static-code services it cannot describe', async () => {
    const fromJson = ProtoRoot.fromJson(shop.root.toJSON());
    const { port } = await serve((server) => {
      addReflection(server);
      server.addService(fromJson.service('yrpc.test.shop.Shop'), shopImplementation);
      server.addService(Echo, {});
    });
    const answers = await ask(port, version, [
      { listServices: '' },
      { fileContainingSymbol: 'yrpc.test.shop.Order' },
      { fileContainingSymbol: 'yrpc.test.Echo' },
    ]);
    expect(answers[0]?.listServicesResponse?.service.map((s) => s.name)).toContain(
      'yrpc.test.Echo',
    );
    expect(
      files(answers[1])
        .map((file) => file.name)
        .sort(),
    ).toEqual(['google/protobuf/timestamp.proto', 'yrpc/test/money.proto', 'yrpc/test/shop.proto']);
    expect(answers[2]?.errorResponse?.errorCode).toBe(5);
  });
});
