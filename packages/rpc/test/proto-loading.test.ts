import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { loadProto, loadProtoSync } from '../src/service/proto-loading.js';
import { serviceFromReflection } from '../src/service/reflection-service.js';

const echoProto = fileURLToPath(new URL('./fixtures/echo.proto', import.meta.url));

describe('loadProto', () => {
  it('finds every service with resolved codecs', async () => {
    const proto = await loadProto(echoProto);
    const echo = proto.service('yrpc.test.Echo');
    expect([...echo.methods.keys()]).toEqual(['Echo', 'Sleep', 'SleepAsync', 'Fail', 'Watch']);
    const method = echo.methods.get('Echo');
    expect(method?.path).toBe('/yrpc.test.Echo/Echo');
    expect(method?.localName).toBe('echo');
    expect(echo.methods.get('Watch')?.responseStream).toBe(true);
    expect(method?.requestStream).toBe(false);
    const bytes = method?.requestType.encode({ text: 'hi', number: 7 }).finish();
    expect(method?.requestType.decode(bytes as Uint8Array)).toMatchObject({
      text: 'hi',
      number: 7,
    });
  });

  it('loads synchronously too', () => {
    expect(loadProtoSync([echoProto]).services.has('yrpc.test.Echo')).toBe(true);
  });

  it('names the file when it is not there', async () => {
    await expect(loadProto('/nonexistent/x.proto')).rejects.toMatchObject({
      code: 'PROTO_NOT_FOUND',
      message: expect.stringContaining('/nonexistent/x.proto'),
    });
  });

  it('lists the services there are when one is missing', () => {
    expect(() => loadProtoSync(echoProto).service('yrpc.test.Nope')).toThrowError(
      /yrpc\.test\.Nope is not defined \(services found: yrpc\.test\.Echo\)/,
    );
  });

  it('reports a method whose type does not resolve', () => {
    const service = new protobuf.Service('Broken');
    service.add(new protobuf.Method('Do', 'rpc', 'Missing', 'Missing'));
    new protobuf.Root().add(service);
    expect(() => serviceFromReflection(service)).toThrowError(
      expect.objectContaining({ code: 'TYPE_NOT_FOUND' }),
    );
  });
});

describe('loadProto with include directories', () => {
  const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

  it('resolves imports the protoc -I way, the file named relative to an include directory', async () => {
    // conversion.proto imports "wk/common.proto", which is <fixtures>/wk/common.proto.
    const proto = await loadProto('conversion.proto', { includeDirs: ['/nonexistent', fixtures] });
    expect(proto.root.lookupType('yrpc.test.wk.Location').fieldsArray).toHaveLength(2);
    expect(loadProtoSync('conversion.proto', { includeDirs: [fixtures] }).services.size).toBe(1);
  });

  /** Runs `body` with a fresh directory holding `file` with `text`, removed afterwards. */
  async function withProtoFile(
    file: string,
    text: string,
    body: (dir: string) => Promise<void>,
  ): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'yrpc-proto-'));
    try {
      writeFileSync(join(dir, file), text);
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('names the missing import and every directory it looked in', async () => {
    const text = 'syntax = "proto3";\nimport "lib/missing.proto";\nmessage A { string s = 1; }\n';
    await withProtoFile('a.proto', text, async (dir) => {
      const failure = loadProto(join(dir, 'a.proto'), { includeDirs: [dir, fixtures] });
      await expect(failure).rejects.toMatchObject({ code: 'PROTO_NOT_FOUND' });
      await expect(failure).rejects.toThrow(
        `import "lib/missing.proto" of ${join(dir, 'a.proto')} not found; looked in ${dir}, ${fixtures}`,
      );
      expect(() => loadProtoSync('nope.proto', { includeDirs: [dir] })).toThrowError(
        `nope.proto not found (also looked in ${dir})`,
      );
    });
  });

  it('loads the well-known types without any file of the caller', async () => {
    const text = [
      'syntax = "proto3";',
      'import "google/protobuf/timestamp.proto";',
      'import "google/protobuf/descriptor.proto";',
      'import "google/protobuf/field_mask.proto";',
      'message Uses {',
      '  google.protobuf.Timestamp at = 1;',
      '  google.protobuf.FileDescriptorProto file = 2;',
      '  google.protobuf.FieldMask mask = 3;',
      '}',
    ].join('\n');
    await withProtoFile('uses.proto', text, async (dir) => {
      for (const includeDirs of [undefined, [dir]]) {
        const proto = await loadProto(join(dir, 'uses.proto'), { includeDirs });
        expect(proto.root.lookupType('Uses').fieldsArray.map((field) => field.name)).toEqual([
          'at',
          'file',
          'mask',
        ]);
      }
    });
  });
});
