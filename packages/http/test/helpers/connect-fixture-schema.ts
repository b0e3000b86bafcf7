import { execFileSync } from 'node:child_process';
import {
  createFileRegistry,
  type DescMessage,
  type DescService,
  fromBinary,
} from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { BUF } from './buf-cli.js';
import { CONNECT_FIXTURE, ECHO_SERVICE } from './connect-echo-server.js';

/** The echo service and its response type as @bufbuild/protobuf describes them. */
export interface ConnectFixtureSchema {
  readonly service: DescService;
  readonly EchoResponse: DescMessage;
}

/**
 * The echo service of `fixtures/connect-interop.proto` as connect-es sees it, built at run time
 * as a user in another language would build it: `buf build` compiles the .proto to a
 * FileDescriptorSet, @bufbuild/protobuf makes a registry of it.
 */
export function connectFixtureSchema(): ConnectFixtureSchema {
  const registry = createFileRegistry(
    fromBinary(
      FileDescriptorSetSchema,
      execFileSync(BUF, ['build', CONNECT_FIXTURE, '-o', '-#format=binpb'], { timeout: 30_000 }),
    ),
  );
  return {
    service: registry.getService(ECHO_SERVICE) as DescService,
    EchoResponse: registry.getMessage('yrpc.test.connectinterop.EchoResponse') as DescMessage,
  };
}
