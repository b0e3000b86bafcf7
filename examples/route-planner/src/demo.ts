import { Client, isRpcError, run, Server } from '@yrpc/rpc';
import {
  type ListPlacesRequest,
  loadRoutePlanner,
  type Place,
  type Position,
  routePlannerImplementation,
  showPosition,
} from './route-planner-service.js';

/** A walk from the town hall to the harbour, position by position, as a GPS would report it. */
async function* walkToTheHarbour(): AsyncGenerator<Position> {
  for (const position of [
    { x: 0, y: 0 },
    { x: -200, y: 0 },
    { x: -500, y: 0 },
    { x: -500, y: -300 },
  ]) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    yield position;
  }
}

/** A tour from one museum to the other. */
const museumTour: readonly Position[] = [
  { x: 300, y: -200 },
  { x: 300, y: 0 },
  { x: -600, y: 0 },
  { x: -600, y: -200 },
];

/** How far a traveller goes between two positions it reports: at most one block of 300 m. */
const BLOCK_M = 300;

function move(from: Position, heading: string, metres: number): Position {
  const x = from.x ?? 0;
  const y = from.y ?? 0;
  if (heading === 'east') return { x: x + metres, y };
  if (heading === 'west') return { x: x - metres, y };
  if (heading === 'north') return { x, y: y + metres };
  return { x, y: y - metres };
}

const describeListing = (request: ListPlacesRequest): string =>
  `ListPlaces(${request.kind || 'all'}, ${request.delayMs ?? 0} ms apart)`;

/**
 * Starts a route-planner server and a client on loopback and calls each of the four kinds of
 * method (unary, server streaming, client streaming, bidi) in the style that suits it, then
 * shows a deadline and a cancel stopping a stream on the server, and shuts both down.
 */
export async function runDemo(print: (line: string) => void = console.log): Promise<void> {
  const RoutePlanner = await loadRoutePlanner();
  const server = new Server().addService(
    RoutePlanner,
    routePlannerImplementation((request, sent, total) =>
      print(
        `server:    ${describeListing(request)} stopped after ${sent} of ${total} places, its finally ran`,
      ),
    ),
  );
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  print(`server:    listening on 127.0.0.1:${port}`);
  const client = new Client({ host: '127.0.0.1', port });
  const planner = client.service(RoutePlanner);
  try {
    // Unary: await the one answer.
    const station = await planner.GetPlace({ id: 'station' });
    print(`unary:     ${station.name}, a ${station.kind} at ${showPosition(station.position)}`);

    // Server streaming: for await over the places as they come.
    const cafes = planner.ListPlaces({ kind: 'cafe' });
    for await (const cafe of cafes) {
      print(`for await: ${cafe.name} at ${showPosition(cafe.position)}`);
    }
    print(`for await: that was all, the header x-matches said ${cafes.headers?.['x-matches']}`);

    // Server streaming, event style: 'data' for each place, then 'end' (or 'error').
    await new Promise<void>((resolve, reject) => {
      planner
        .ListPlaces({ kind: 'museum' })
        .on('data', (museum: Place) =>
          print(`events:    data: ${museum.name} at ${showPosition(museum.position)}`),
        )
        .on('end', () => {
          print('events:    end');
          resolve();
        })
        .on('error', reject);
    });

    // Client streaming: the positions from an async generator, one summary back.
    const walk = await planner.RecordTrip(walkToTheHarbour());
    print(
      `upload:    ${walk.positions} positions, ${walk.distanceM} m from ${walk.from} to ${walk.to}`,
    );

    // Client streaming as a coroutine: send each position, end, receive the summary.
    const tour = await run(function* () {
      const trip = yield* planner.RecordTrip.co();
      for (const position of museumTour) yield* trip.send(position);
      trip.end();
      return yield* trip.receive();
    });
    print(
      `coroutine: ${tour?.positions} positions, ${tour?.distanceM} m from ${tour?.from} to ${tour?.to}`,
    );

    // Bidi: for await over the instructions while sending where we are after each one.
    let at: Position = { x: 0, y: 0 };
    const navigation = planner.Navigate({ metadata: { destination: 'station' } });
    navigation.write(at);
    for await (const step of navigation) {
      if (step.arrived) {
        print(`bidi:      at ${showPosition(at)}: arrived at ${station.name}`);
        navigation.end();
        continue;
      }
      print(
        `bidi:      at ${showPosition(at)}: head ${step.heading} ${step.distanceM} m, ${step.remainingM} m to go`,
      );
      at = move(at, step.heading ?? '', Math.min(step.distanceM ?? 0, BLOCK_M));
      navigation.write(at);
    }

    // A deadline: the whole listing may take 500 ms, but the places come a second apart.
    const slow: string[] = [];
    try {
      for await (const place of planner.ListPlaces({ delayMs: 1_000 }, { timeoutMs: 500 })) {
        slow.push(place.name ?? '');
      }
    } catch (error) {
      if (!isRpcError(error)) throw error;
      print(`deadline:  got ${slow.join(', ')}, then ${error.codeName}: ${error.message}`);
    }

    // A cancel: leaving the for await early cancels the call on the server.
    const seen: string[] = [];
    for await (const place of planner.ListPlaces({ delayMs: 200 })) {
      seen.push(place.name ?? '');
      if (seen.length === 2) break;
    }
    print(`cancel:    got ${seen.join(', ')}, then left the loop`);
    // Give the CANCEL frame the moment it needs to reach the server and halt the handler.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await client.close();
    await server.close();
    print('done:      client and server closed');
  }
}
