import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The soft limit in the `Max open files` line of `/proc/<pid>/limits`; `undefined` if absent. */
export function parseProcLimits(text: string): number | undefined {
  const match = /^Max open files\s+(\S+)/m.exec(text);
  return match === null ? undefined : parseLimit(match[1] ?? '');
}

/** `1024` → 1024; `unlimited` or anything else → `undefined` (no limit to fit into). */
function parseLimit(text: string): number | undefined {
  const value = Number(text.trim());
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * This process's open-file limit (the soft one, `ulimit -n`): from /proc/self/limits on Linux,
 * elsewhere from a shell it starts (which inherits it); `undefined` when neither tells.
 */
export function openFileLimit(): number | undefined {
  try {
    return parseProcLimits(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    // Not Linux: ask a shell.
  }
  try {
    return parseLimit(
      execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 5_000 }),
    );
  } catch {
    return undefined;
  }
}
