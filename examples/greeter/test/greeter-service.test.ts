import { ServiceRegistry } from '@yrpc/rpc';
import { describe, expect, it } from 'vitest';
import { Greeter, greeterImplementation } from '../src/greeter-service.js';

describe('Greeter', () => {
  it('is defined by the generated code with both methods, both unary', () => {
    expect(Greeter.name).toBe('greeter.v1.Greeter');
    expect([...Greeter.methods.keys()]).toEqual(['SayHello', 'SayHelloSlowly']);
    for (const method of Greeter.methods.values()) {
      expect([method.requestStream, method.responseStream]).toEqual([false, false]);
    }
  });

  it('registers its implementation: a plain and a coroutine handler', () => {
    const registry = new ServiceRegistry().add(Greeter, greeterImplementation());
    expect(registry.lookup('greeter.v1.Greeter/SayHello')?.kind).toBe('plain');
    expect(registry.lookup('greeter.v1.Greeter/SayHelloSlowly')?.kind).toBe('coroutine');
  });
});
