/**
 * Milliseconds of CPU this process has used (user + system, all threads). Benchmarks measure
 * with it instead of wall time because the development machines are shared: wall time grows
 * with the load other processes put on the cores, CPU time much less so.
 */
export function cpuTime(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
