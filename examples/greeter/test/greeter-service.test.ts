import { ServiceRegistry } from '@yrpc/rpc';
import { describe, expect, it } from 'vitest';
import { greeter } from '../src/generated/greeter.js';
import { Greeter, greeterImplementation } from '../src/greeter-service.js';

describe('Greeter', () => {
  it('is defined from the generated code with both methods', () => {
    expect(Greeter.name).toBe('greeter.v1.Greeter');
    expect([...Greeter.methods.keys()]).toEqual(['SayHello', 'SayHelloSlowly']);
    expect(Greeter.methods.get('SayHello')?.responseType).toBe(greeter.v1.HelloReply);
  });

  it('registers its implementation: a plain and a coroutine handler', () => {
    const registry = new ServiceRegistry().add(Greeter, greeterImplementation());
    expect(registry.lookup('greeter.v1.Greeter/SayHello')?.kind).toBe('plain');
    expect(registry.lookup('greeter.v1.Greeter/SayHelloSlowly')?.kind).toBe('coroutine');
  });
});
