import { fileURLToPath } from 'node:url';
import {
  loadProto,
  type Operation,
  RpcError,
  type ServiceDefinition,
  type ServiceImplementation,
  Status,
  sleep,
} from '@yrpc/rpc';

// The messages of proto/route_planner.proto as protobufjs gives them (fields in lowerCamelCase).

export interface Position {
  x?: number;
  y?: number;
}

export interface Place {
  id?: string;
  name?: string;
  kind?: string;
  position?: Position | null;
}

export interface ListPlacesRequest {
  kind?: string;
  delayMs?: number;
}

export interface TripSummary {
  positions?: number;
  distanceM?: number;
  from?: string;
  to?: string;
}

export interface Instruction {
  heading?: string;
  distanceM?: number;
  remainingM?: number;
  arrived?: boolean;
}

export interface PlaceRequest {
  id?: string;
}

/**
 * The service's methods as `proto.service` types them: request, response and kind of each, written
 * by hand for a `.proto` loaded at run time.
 */
export interface RoutePlanner {
  GetPlace: { request: PlaceRequest; response: Place };
  ListPlaces: { request: ListPlacesRequest; response: Place; kind: 'server-streaming' };
  RecordTrip: { request: Position; response: TripSummary; kind: 'client-streaming' };
  Navigate: { request: Position; response: Instruction; kind: 'bidi-streaming' };
}

/** The RoutePlanner service, from proto/route_planner.proto loaded at run time. */
export async function loadRoutePlanner(): Promise<ServiceDefinition<RoutePlanner>> {
  const file = fileURLToPath(new URL('../proto/route_planner.proto', import.meta.url));
  const proto = await loadProto(file);
  return proto.service<RoutePlanner>('routeplanner.v1.RoutePlanner');
}

/** The town: every place the planner knows, metres east (x) and north (y) of the town hall. */
export const places: readonly Place[] = [
  { id: 'town-hall', name: 'Town Hall', kind: 'civic', position: { x: 0, y: 0 } },
  { id: 'station', name: 'Central Station', kind: 'station', position: { x: 400, y: 300 } },
  { id: 'bean-there', name: 'Bean There', kind: 'cafe', position: { x: 100, y: -100 } },
  { id: 'daily-grind', name: 'The Daily Grind', kind: 'cafe', position: { x: -200, y: 200 } },
  { id: 'harbour-cafe', name: 'Harbour Café', kind: 'cafe', position: { x: -500, y: -300 } },
  { id: 'town-museum', name: 'Town Museum', kind: 'museum', position: { x: 300, y: -200 } },
  { id: 'maritime', name: 'Maritime Museum', kind: 'museum', position: { x: -600, y: -200 } },
  { id: 'market', name: 'Market Square', kind: 'square', position: { x: 200, y: 100 } },
];

/** `(x, y)` of a position. */
export const showPosition = (position: Position | null | undefined): string =>
  `(${position?.x ?? 0}, ${position?.y ?? 0})`;

const straightLine = (a: Position, b: Position): number =>
  Math.hypot((b.x ?? 0) - (a.x ?? 0), (b.y ?? 0) - (a.y ?? 0));

function nearestPlace(position: Position): Place {
  let nearest = places[0] as Place;
  for (const place of places) {
    if (
      straightLine(position, place.position ?? {}) < straightLine(position, nearest.position ?? {})
    )
      nearest = place;
  }
  return nearest;
}

/** The next leg along the streets from `from` to `to`: east or west first, then north or south. */
export function nextInstruction(from: Position, to: Position): Instruction {
  const dx = (to.x ?? 0) - (from.x ?? 0);
  const dy = (to.y ?? 0) - (from.y ?? 0);
  const remainingM = Math.abs(dx) + Math.abs(dy);
  if (dx !== 0) return { heading: dx > 0 ? 'east' : 'west', distanceM: Math.abs(dx), remainingM };
  if (dy !== 0) return { heading: dy > 0 ? 'north' : 'south', distanceM: Math.abs(dy), remainingM };
  return { arrived: true, remainingM: 0 };
}

/** Told when a ListPlaces call stopped before its last place (cancelled or past its deadline). */
export type OnListingStopped = (request: ListPlacesRequest, sent: number, total: number) => void;

/**
 * How the server plans, one handler of each shape:
 * - `GetPlace` (unary): a plain function;
 * - `ListPlaces` (server streaming): a generator function run as a coroutine, `yield*
 *   stream.send` for each place; a cancel or a deadline halts it and its `finally` runs;
 * - `RecordTrip` (client streaming): an async function reading the positions with `for await`;
 * - `Navigate` (bidi): an async generator, one instruction yielded for each position read.
 */
export function routePlannerImplementation(
  onListingStopped: OnListingStopped = () => {},
): ServiceImplementation<RoutePlanner> {
  return {
    GetPlace(request) {
      const place = places.find((candidate) => candidate.id === request.id);
      if (place === undefined) throw new RpcError(Status.NOT_FOUND, `no place ${request.id}`);
      return place;
    },

    *ListPlaces(request, stream): Operation<void> {
      const matching = places.filter((place) => !request.kind || place.kind === request.kind);
      stream.setHeader('x-matches', String(matching.length));
      let sent = 0;
      try {
        for (const place of matching) {
          if (sent > 0) yield* sleep(request.delayMs ?? 0);
          yield* stream.send(place);
          sent++;
        }
      } finally {
        if (sent < matching.length) onListingStopped(request, sent, matching.length);
      }
    },

    async RecordTrip(positions) {
      let count = 0;
      let distance = 0;
      let first: Position | undefined;
      let last: Position | undefined;
      for await (const position of positions) {
        if (last !== undefined) distance += straightLine(last, position);
        first ??= position;
        last = position;
        count++;
      }
      if (first === undefined || last === undefined) return { positions: 0 };
      return {
        positions: count,
        distanceM: Math.round(distance),
        from: nearestPlace(first).name ?? '',
        to: nearestPlace(last).name ?? '',
      };
    },

    async *Navigate(positions, stream) {
      const id = stream.metadata.destination;
      const destination = places.find((place) => place.id === id);
      if (destination === undefined) {
        throw new RpcError(Status.INVALID_ARGUMENT, `no place ${id} to navigate to`);
      }
      for await (const position of positions) {
        yield nextInstruction(position, destination.position ?? {});
      }
    },
  };
}
