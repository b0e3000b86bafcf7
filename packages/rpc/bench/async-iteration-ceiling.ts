// The ceiling that the AsyncIterable shape itself puts on a stream of small messages: an
// `async function*` producer and a `for await` consumer in one thread, exchanging preallocated
// objects and doing nothing else. A yrpc server stream has at least this cost per message on
// top of framing, encoding, the socket and decoding; the raw-socket stream in apps/bench has
// none of it (its consumer counts frames in a loop over each chunk).

const MESSAGES = 2_000_000;

async function* produce(message: object, count: number): AsyncGenerator<object> {
  for (let i = 0; i < count; i++) yield message;
}

/** Messages per second through an async generator and `for await`, best of `rounds`. */
export async function asyncIterationCeiling(rounds: number): Promise<number> {
  const message = { payload: new Uint8Array(16) };
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    let seen = 0;
    const start = performance.now();
    for await (const received of produce(message, MESSAGES)) {
      if (received === message) seen++;
    }
    const rate = (seen / (performance.now() - start)) * 1000;
    best = Math.max(best, rate);
  }
  return best;
}
