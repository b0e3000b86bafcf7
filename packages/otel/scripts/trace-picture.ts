// Draws docs/two-hop-trace.svg, the README's picture, from a real traced call over loopback:
// `pnpm --filter @yrpc/otel trace-picture`. test/trace-picture.test.ts checks the committed
// picture still names the spans this run makes.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { recordTwoHopTrace } from '../test/helpers/two-hop-trace.js';
import { renderTraceSvg, traceRows } from './trace-svg.js';

const trace = await recordTwoHopTrace();
const rows = traceRows(trace.spans, trace.sideOf);
const traceId = trace.spans[0]?.spanContext().traceId ?? '';
const file = fileURLToPath(new URL('../docs/two-hop-trace.svg', import.meta.url));
await writeFile(file, renderTraceSvg(rows, `trace ${traceId}: client -> server A -> server B`));
for (const row of rows) {
  console.log(
    `${'  '.repeat(row.depth)}${row.label} (${row.side}) ${(row.endMs - row.startMs).toFixed(3)} ms ${row.status}`,
  );
}
console.log(`wrote ${file}`);
