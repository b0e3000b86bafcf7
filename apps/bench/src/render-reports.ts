// `pnpm --filter @yrpc/bench run reports <dir>`: renders summary.md and chart.svg again from
// <dir>/results.json without measuring anything (e.g. after a change to the report code, to
// refresh the committed figures in results/quick/). <dir> is resolved against the directory pnpm
// ran from.
import { resolve } from 'node:path';
import { BenchError } from './bench-error.js';
import { rerenderReports } from './report/write-reports.js';

const USAGE = 'usage: pnpm --filter @yrpc/bench run reports <dir with results.json> [<dir> …]';

async function main(args: readonly string[]): Promise<number> {
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.error(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const baseDir = process.env.INIT_CWD ?? process.cwd();
  for (const dir of args) {
    try {
      const written = await rerenderReports(resolve(baseDir, dir));
      console.log(`wrote ${written.markdown}\n      ${written.chart}`);
    } catch (error) {
      if (error instanceof BenchError && error.code === 'INVALID_RESULTS') {
        console.error(`reports: ${error.message}`);
        return 1;
      }
      throw error;
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('reports failed:', error);
    process.exit(1);
  },
);
