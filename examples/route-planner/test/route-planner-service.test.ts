import { ServiceRegistry } from '@yrpc/rpc';
import { describe, expect, it } from 'vitest';
import {
  loadRoutePlanner,
  nextInstruction,
  routePlannerImplementation,
} from '../src/route-planner-service.js';

describe('RoutePlanner', () => {
  it('is loaded from the .proto with one method of each kind', async () => {
    const RoutePlanner = await loadRoutePlanner();
    expect(RoutePlanner.name).toBe('routeplanner.v1.RoutePlanner');
    const kinds = [...RoutePlanner.methods.values()].map((method) => [
      method.name,
      method.requestStream,
      method.responseStream,
    ]);
    expect(kinds).toEqual([
      ['GetPlace', false, false],
      ['ListPlaces', false, true],
      ['RecordTrip', true, false],
      ['Navigate', true, true],
    ]);
  });

  it('registers its implementation: a plain, a coroutine, an async and an async generator handler', async () => {
    const registry = new ServiceRegistry().add(
      await loadRoutePlanner(),
      routePlannerImplementation(),
    );
    const kindOf = (method: string) =>
      registry.lookup(`routeplanner.v1.RoutePlanner/${method}`)?.kind;
    expect(kindOf('GetPlace')).toBe('plain');
    expect(kindOf('ListPlaces')).toBe('coroutine');
    expect(kindOf('RecordTrip')).toBe('async');
    expect(kindOf('Navigate')).toBe('async-generator');
  });

  it('navigates along the streets: east or west first, then north or south', () => {
    expect(nextInstruction({ x: 0, y: 0 }, { x: -100, y: 50 })).toEqual({
      heading: 'west',
      distanceM: 100,
      remainingM: 150,
    });
    expect(nextInstruction({ x: -100, y: 0 }, { x: -100, y: -50 })).toEqual({
      heading: 'south',
      distanceM: 50,
      remainingM: 50,
    });
    expect(nextInstruction({ x: 7, y: 7 }, { x: 7, y: 7 })).toEqual({
      arrived: true,
      remainingM: 0,
    });
  });
});
