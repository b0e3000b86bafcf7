import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** One bar of the waterfall. */
export interface TraceRow {
  /** `CLIENT yrpc.otel.test.Relay/Forward`. */
  readonly label: string;
  /** Nesting depth: 0 for the root span. */
  readonly depth: number;
  /** Start and end, in ms from the trace's start. */
  readonly startMs: number;
  readonly endMs: number;
  /** The span's status name (`rpc.response.status_code`). */
  readonly status: string;
  /** Who recorded it, e.g. `client`, `server A`. */
  readonly side: string;
}

const KINDS = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const ms = ([seconds, nanos]: [number, number]) => seconds * 1e3 + nanos / 1e6;

/**
 * The spans of one trace as waterfall rows, parents before children (then by start time).
 * `sideOf` names who recorded each span.
 */
export function traceRows(
  spans: readonly ReadableSpan[],
  sideOf: (span: ReadableSpan) => string,
): TraceRow[] {
  const children = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const origin = Math.min(...spans.map((span) => ms(span.startTime)));
  const rows: TraceRow[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    const level = [...(children.get(parent) ?? [])].sort(
      (a, b) => ms(a.startTime) - ms(b.startTime),
    );
    for (const span of level) {
      rows.push({
        label: `${KINDS[span.kind] ?? 'SPAN'} ${span.name}`,
        depth,
        startMs: ms(span.startTime) - origin,
        endMs: ms(span.endTime) - origin,
        status: String(span.attributes['rpc.response.status_code'] ?? 'UNSET'),
        side: sideOf(span),
      });
      visit(span.spanContext().spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return rows;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A waterfall of `rows` as a standalone SVG document. */
export function renderTraceSvg(rows: readonly TraceRow[], title: string): string {
  const width = 880;
  const labelWidth = 390;
  const barLeft = labelWidth + 10;
  const barWidth = width - barLeft - 90;
  const rowHeight = 30;
  const top = 56;
  const height = top + rows.length * rowHeight + 34;
  const total = Math.max(...rows.map((row) => row.endMs), 0.001);
  const x = (at: number) => barLeft + (at / total) * barWidth;
  const colors: Record<string, string> = { CLIENT: '#4e79a7', SERVER: '#59a14f' };
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, SFMono-Regular, Menlo, monospace" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="42" fill="#555">span (recorded by)</text>`,
    `<text x="${barLeft}" y="42" fill="#555">0 ms</text>`,
    `<text x="${barLeft + barWidth}" y="42" fill="#555" text-anchor="end">${total.toFixed(2)} ms</text>`,
  ];
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    const kind = row.label.split(' ')[0] ?? '';
    const left = x(row.startMs);
    const right = Math.max(x(row.endMs), left + 2);
    lines.push(
      `<g><title>${escapeXml(`${row.label} (${row.side}): ${(row.endMs - row.startMs).toFixed(3)} ms, ${row.status}`)}</title>`,
      `<text x="${12 + row.depth * 16}" y="${y + 15}">${escapeXml(row.label)}</text>`,
      `<text x="${12 + row.depth * 16}" y="${y + 27}" fill="#777" font-size="10">${escapeXml(row.side)}</text>`,
      `<rect x="${left.toFixed(1)}" y="${y + 4}" width="${(right - left).toFixed(1)}" height="16" rx="3" fill="${colors[kind] ?? '#999'}"${row.status === 'OK' ? '' : ' stroke="#e15759" stroke-width="2"'}/>`,
      `<text x="${(right + 6).toFixed(1)}" y="${y + 16}" fill="#333">${(row.endMs - row.startMs).toFixed(2)} ms ${escapeXml(row.status)}</text></g>`,
    );
  });
  const legendY = height - 12;
  lines.push(
    `<rect x="12" y="${legendY - 10}" width="12" height="12" fill="${colors.CLIENT}"/><text x="30" y="${legendY}" fill="#333">CLIENT span</text>`,
    `<rect x="130" y="${legendY - 10}" width="12" height="12" fill="${colors.SERVER}"/><text x="148" y="${legendY}" fill="#333">SERVER span</text>`,
    '</svg>',
  );
  return `${lines.join('\n')}\n`;
}
