// `pnpm demo` (for now): runs the raw framed echo in a server process and a client process on
// loopback for a couple of seconds, checks that every echoed byte came back intact, and exits 0
// on success, 1 otherwise.
import { benchConfiguration } from './plan/bench-configuration.js';
import { formatMicros, formatRate } from './report/format-figures.js';
import { runRound } from './run/round-runner.js';
import { LIMIT_TARGET } from './targets/target-registry.js';

/** Small frames (many per packet) and large ones (split across packets). */
const CHECKS = [benchConfiguration(1, 64, 16), benchConfiguration(2, 4, 256 * 1024)];
const TIMING = { rounds: 1, warmupMs: 200, durationMs: 1000 };

async function main(): Promise<number> {
  let failed = false;
  for (const configuration of CHECKS) {
    const round = await runRound({
      target: LIMIT_TARGET,
      configuration,
      timing: TIMING,
      round: 0,
      verifyBytes: true,
    });
    const ok = round.calls > 0 && round.errors === 0 && round.mismatches === 0;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${LIMIT_TARGET} echo, ${configuration.label}: ${round.calls} calls ` +
        `(${formatRate(round.callsPerSecond)} calls/s), ${round.errors} errors, ` +
        `${round.mismatches} mismatched replies, p99 ${formatMicros(round.p99Us)}`,
    );
  }
  console.log(
    failed ? 'self-check FAILED' : 'self-check passed: every echoed byte came back intact',
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('self-check FAILED:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
