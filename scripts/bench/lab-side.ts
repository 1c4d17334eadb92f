/**
 * The relay harness's control of the two sides of the machine for one measurement: the lab side
 * (the lab's hosts, standing for remote servers — `lab priority`) and the desktop side (the
 * window's process, the core process, the renderer and the idle process beside them), and
 * what CPU each side and the rest of the machine used meanwhile, so that a reader can see each
 * phase was fair. A phase is a lab priority (`normal`, `low`, `idle`) or `pin`: the lab at
 * normal priority on the last online CPU, the desktop side on the others — remote servers,
 * and a desktop that keeps a core of its own.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { formatCpuList, onlineCpus, setProcessAffinity } from '../lab/affinity.mjs';
import { statCpuTicks } from '../lab/cpu-time.mjs';

/** `lab <args>`, as the lab prints it. */
function labCommand(cli: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cli, args, (err, stdout, stderr) =>
      err
        ? reject(new Error(`lab ${args.join(' ')}: ${stderr || err.message}`))
        : resolve(stdout.trim()),
    ),
  );
}

/** Which CPUs each side runs on in a `pin` phase: the lab on the last, the desktop on the rest. */
export function pinSplit(online: number[]): { desktop: number[]; lab: number[] } | null {
  if (online.length < 2) return null;
  return { desktop: online.slice(0, -1), lab: online.slice(-1) };
}

export interface CpuTicks {
  busy: number;
  /** Time spent in softirq handlers (loopback TCP delivery among them), in any task's context. */
  softirq: number;
  total: number;
}

/** Busy, softirq and total clock ticks of each CPU (and of all, key `all`) from /proc/stat. */
export function cpuTicks(procStat: string): Map<string, CpuTicks> {
  const ticks = new Map<string, CpuTicks>();
  for (const line of procStat.split('\n')) {
    const match = /^cpu(\d*)\s+(.*)$/.exec(line);
    if (!match) continue;
    const values = (match[2] ?? '').trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    ticks.set(match[1] ? match[1] : 'all', { busy: total - idle, softirq: values[6] ?? 0, total });
  }
  return ticks;
}

const clockTick = 100; // USER_HZ: /proc times are in 1/100 s on Linux
/** The parent pid of a /proc/<pid>/stat line (field 4), or null. */
export function statParentPid(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[4 - 3]);
  return Number.isInteger(ppid) ? ppid : null;
}

/** CPU ms the kernel's threads (ksoftirqd, kworkers: children of kthreadd, pid 2) used so far. */
function kernelThreadsCpuMs(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (statParentPid(stat) === 2) ticks += statCpuTicks(stat) ?? 0;
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / clockTick;
}

/** CPU ms a process used so far (own and waited-for children), 0 if gone. */
function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    return ((statCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? 0) * 1000) / clockTick;
  } catch {
    return 0;
  }
}

export interface SideCpu {
  /** % of one core over the measurement. */
  labPct: number;
  /** The window, the core and the renderer processes and the idle process beside them. */
  desktopPct: number;
  /** Kernel threads (ksoftirqd, kworkers), which no priority or pin of the lab covers. */
  kernelThreadsPct: number;
  /** Softirq handlers (network delivery over loopback among them), whoever they ran in. */
  softirqPct: number;
  /** Everything else on the machine (other sessions, this bench's driver). */
  restPct: number;
  /** Each CPU's busy %, in CPU order. */
  perCpuBusyPct: number[];
}

export interface Phase {
  /** normal | low | idle | pin */
  level: string;
  /** What the lab printed: its priority, and in a `pin` phase where each side ran. */
  labSide: string;
  /** Measures over `measure`, with CPU accounting; the desktop pids are read when it starts. */
  run<T>(
    desktopPids: () => (number | undefined)[],
    measure: () => Promise<T>,
  ): Promise<T & { cpu: SideCpu }>;
  /** Puts the lab and the desktop side back: normal priority, every online CPU. */
  restore(): Promise<void>;
}

/** Sets up one phase: the lab's priority (and affinity), the desktop side's affinity. */
export async function startPhase(
  cli: string,
  level: string,
  desktopPids: (number | undefined)[],
): Promise<Phase> {
  const online = onlineCpus();
  const split = level === 'pin' ? pinSplit(online) : null;
  if (level === 'pin' && !split) throw new Error('a pin phase needs at least 2 online CPUs');
  const priority = await labCommand(cli, ['priority', split ? 'normal' : level]);
  let labSide = priority;
  if (split) {
    labSide = `${await labCommand(cli, ['priority', 'pin', formatCpuList(split.lab)])}, at normal priority; desktop side on CPU ${formatCpuList(split.desktop)}`;
    await Promise.all(desktopPids.map((pid) => pid && setProcessAffinity(pid, split.desktop)));
  }
  const restore = async () => {
    if (split) {
      await Promise.all(desktopPids.map((pid) => pid && setProcessAffinity(pid, online)));
      await labCommand(cli, ['priority', 'unpin']);
    }
    await labCommand(cli, ['priority', 'normal']);
  };
  const labMs = async () =>
    (JSON.parse(await labCommand(cli, ['cputime'])) as { cpuMs: number }).cpuMs;
  return {
    level,
    labSide,
    restore,
    async run(pids, measure) {
      const readDesktop = () => pids().reduce<number>((sum, pid) => sum + processCpuMs(pid), 0);
      const labBefore = await labMs();
      const desktopBefore = readDesktop();
      const kernelBefore = kernelThreadsCpuMs();
      const machineBefore = cpuTicks(readFileSync('/proc/stat', 'utf8'));
      const started = performance.now();
      const result = await measure();
      const machineAfter = cpuTicks(readFileSync('/proc/stat', 'utf8'));
      const desktopMs = readDesktop() - desktopBefore;
      const kernelMs = kernelThreadsCpuMs() - kernelBefore;
      const wallMs = performance.now() - started;
      const labUsedMs = (await labMs()) - labBefore;
      const pct = (ms: number) => (ms / wallMs) * 100;
      const share = (key: string, of: 'busy' | 'softirq') => {
        const a = machineBefore.get(key);
        const b = machineAfter.get(key);
        return a && b && b.total > a.total ? ((b[of] - a[of]) / (b.total - a.total)) * 100 : 0;
      };
      const busyPct = (key: string) => share(key, 'busy');
      const machinePct = busyPct('all') * online.length;
      return {
        ...result,
        cpu: {
          labPct: pct(labUsedMs),
          desktopPct: pct(desktopMs),
          kernelThreadsPct: pct(kernelMs),
          softirqPct: share('all', 'softirq') * online.length,
          restPct: Math.max(0, machinePct - pct(labUsedMs) - pct(desktopMs) - pct(kernelMs)),
          perCpuBusyPct: online.map((cpu) => busyPct(String(cpu))),
        },
      };
    },
  };
}
