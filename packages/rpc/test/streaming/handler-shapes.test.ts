import { describe, expect, it } from 'vitest';
import { Server, ServiceDefinitionError, type ServiceImplementation } from '../../src/index.js';
import { Numbers } from './streaming-helpers.js';

// A handler whose shape cannot serve its method's kind is refused when the service is added (not
// when the first call comes): ServiceDefinitionError INVALID_HANDLER, naming the method, what its
// kind needs and what it got. With server interceptors too, which wrap every handler.

const shapes = {
  'a plain function': () => ({}),
  'an async function': async () => ({}),
  'an async generator function': async function* () {},
  'a generator function': function* () {},
} as const;

type Shape = keyof typeof shapes;

const cases: { method: string; kind: string; wrong: Shape[]; right: Shape[] }[] = [
  {
    method: 'double',
    kind: 'unary',
    wrong: ['an async generator function'],
    right: ['a plain function', 'an async function', 'a generator function'],
  },
  {
    method: 'count',
    kind: 'server-streaming',
    wrong: ['a plain function', 'an async function'],
    right: ['an async generator function', 'a generator function'],
  },
  {
    method: 'add',
    kind: 'client-streaming',
    wrong: ['an async generator function'],
    right: ['a plain function', 'an async function', 'a generator function'],
  },
  {
    method: 'echo',
    kind: 'bidi-streaming',
    wrong: ['a plain function', 'an async function'],
    right: ['an async generator function', 'a generator function'],
  },
];

const wrongOnes = cases.flatMap(({ method, kind, wrong }) =>
  wrong.map((shape) => ({ method, kind, shape })),
);
const rightOnes = cases.flatMap(({ method, kind, right }) =>
  right.map((shape) => ({ method, kind, shape })),
);

function addService(method: string, shape: Shape, withInterceptor: boolean): void {
  const server = new Server(
    withInterceptor ? { interceptors: [(request, _context, next) => next(request)] } : {},
  );
  server.addService(Numbers, { [method]: shapes[shape] } as ServiceImplementation<unknown>);
}

function refusal(run: () => void): ServiceDefinitionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceDefinitionError) return error;
    throw error;
  }
  throw new Error('expected addService to refuse the handler');
}

describe.each([
  { server: 'a server', withInterceptor: false },
  { server: 'a server with an interceptor', withInterceptor: true },
])('$server', ({ withInterceptor }) => {
  it.each(wrongOnes)(
    'refuses $shape for $method ($kind) with INVALID_HANDLER naming the method',
    ({ method, kind, shape }) => {
      const error = refusal(() => addService(method, shape, withInterceptor));
      expect(error.code).toBe('INVALID_HANDLER');
      const path = `/yrpc.test.streams.Numbers/${method[0]?.toUpperCase()}${method.slice(1)}`;
      expect(error.message).toContain(path);
      expect(error.message).toContain(kind);
      expect(error.message).toContain(`got ${shape}`);
    },
  );

  it.each(rightOnes)('takes $shape for $method ($kind)', ({ method, shape }) => {
    expect(() => addService(method, shape, withInterceptor)).not.toThrow();
  });

  it('refuses a handler that is not a function, for a streaming method', () => {
    const error = refusal(() =>
      new Server(
        withInterceptor ? { interceptors: [(request, _context, next) => next(request)] } : {},
      ).addService(Numbers, { count: 42 } as unknown as ServiceImplementation<unknown>),
    );
    expect(error.code).toBe('INVALID_HANDLER');
    expect(error.message).toContain('count');
  });
});
