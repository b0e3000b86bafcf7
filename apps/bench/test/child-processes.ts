import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Processes whose parent is `parent` (Linux: /proc), to see that none is left behind. */
export function childPids(parent: number = process.pid): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  return entries.map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
    } catch {
      return false;
    }
  });
}

/** Whether process `pid` still exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Node flags of a child running the TypeScript sources, as vitest does: workspace packages
 * through their `@yrpc/source` condition, loaded by tsx (a dev dependency of the bench).
 */
export function sourceExecArgv(): string[] {
  const fromBench = createRequire(import.meta.url);
  return ['--conditions=@yrpc/source', '--import', pathToFileURL(fromBench.resolve('tsx')).href];
}
