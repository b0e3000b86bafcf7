import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The parts of a V8 `.cpuprofile` (as written by `node --cpu-prof`) that a summary needs. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one function. */
export interface HotFunction {
  /** `name (file:line)`, or a V8 pseudo-frame such as `(garbage collector)`. */
  readonly frame: string;
  readonly selfMs: number;
  /** Share of the busy (non-idle) time, percent. */
  readonly percent: number;
}

/** Where a process spent its CPU time. */
export interface CpuProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly hottest: readonly HotFunction[];
}

const IDLE_FRAME = '(idle)';

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  const file = frame.url.split('/').slice(-2).join('/');
  return `${name} (${file}:${frame.lineNumber + 1})`;
}

/** Self time per function, hottest first, limited to `limit` entries. */
export function summarizeCpuProfile(profile: CpuProfile, limit = 15): CpuProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, frameName(node.callFrame)]));
  const selfMicros = new Map<string, number>();
  profile.samples.forEach((nodeId, index) => {
    const frame = frames.get(nodeId) ?? '(unknown)';
    selfMicros.set(frame, (selfMicros.get(frame) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const idleMicros = selfMicros.get(IDLE_FRAME) ?? 0;
  selfMicros.delete(IDLE_FRAME);
  const busyMicros = [...selfMicros.values()].reduce((sum, micros) => sum + micros, 0);
  const hottest = [...selfMicros.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, limit)
    .map(([frame, micros]) => ({
      frame,
      selfMs: micros / 1000,
      percent: busyMicros === 0 ? 0 : (micros / busyMicros) * 100,
    }));
  return { busyMs: busyMicros / 1000, idleMs: idleMicros / 1000, hottest };
}

/**
 * Writes `summary.md` next to the `.cpuprofile` files of `dir`: the hottest functions of each
 * process by self time. Returns the summary's path.
 */
export async function writeCpuProfileSummaries(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile')).sort();
  const sections: string[] = ['# CPU profiles: hottest functions by self time', ''];
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const summary = summarizeCpuProfile(profile);
    sections.push(
      `## ${basename(file, '.cpuprofile')}`,
      '',
      `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms ` +
        '(whole process life, start-up included)',
      '',
      '| self ms | % of busy | function |',
      '| ---: | ---: | --- |',
      ...summary.hottest.map(
        (entry) =>
          `| ${entry.selfMs.toFixed(1)} | ${entry.percent.toFixed(1)} | ${entry.frame.replaceAll('|', '\\|')} |`,
      ),
      '',
    );
  }
  const path = join(dir, 'summary.md');
  await writeFile(path, sections.join('\n'));
  return path;
}
