/**
 * CPU time spent by the benchmark's PostgreSQL (the postmaster and every backend, live or ended)
 * and by this Node process, to state the cost of a registration in CPU milliseconds: on a machine
 * with few cores that cost, not the counter lock, bounds the rate.
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcStat {
  ppid: number;
  /** utime + stime, and the same of children already waited for (cutime + cstime), in ticks. */
  own: number;
  children: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    const at = (field: number) => Number(fields[field - 3]);
    return { ppid: at(4), own: at(14) + at(15), children: at(16) + at(17) };
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds of a process tree one level deep (a postmaster and its backends), ended children
 * included. A backend that ends while its siblings are read would be counted nowhere (gone from
 * /proc, not yet in the postmaster's children's time) or twice: so the reading is taken again until
 * the postmaster's children's time stays the same across it.
 */
export function serverCpuMs(postmasterPid: number): number {
  for (;;) {
    const before = readStat(postmasterPid);
    if (!before) return Number.NaN;
    let ticks = before.own + before.children;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^[0-9]+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (stat?.ppid === postmasterPid) ticks += stat.own;
    }
    if (readStat(postmasterPid)?.children === before.children) return (ticks * 1000) / TICKS_PER_SECOND;
  }
}

/** CPU milliseconds of this process (user + system). */
export function clientCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface CpuSpan {
  serverMs: number;
  clientMs: number;
}

/** Measures the CPU both sides spend while `work` runs. */
export async function measureCpu<T>(postmasterPid: () => number, work: () => Promise<T>): Promise<{ result: T; cpu: CpuSpan }> {
  const server0 = serverCpuMs(postmasterPid());
  const client0 = clientCpuMs();
  const result = await work();
  return { result, cpu: { serverMs: serverCpuMs(postmasterPid()) - server0, clientMs: clientCpuMs() - client0 } };
}
