import type { CpuTimes, DiskCounters, MemInfo, NetCounters, ProcessCpu } from './snapshot';

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};

const fieldsOf = (line: string) => line.trim().split(/\s+/);

/** /proc/uptime: `350735.47 234388.90` → seconds since boot. */
export function parseUptime(lines: readonly string[]): number | undefined {
  return num(fieldsOf(lines[0] ?? '')[0]);
}

/** /proc/loadavg: `0.20 0.18 0.12 1/80 11206` → the three averages. */
export function parseLoadavg(lines: readonly string[]): [number, number, number] | undefined {
  const [a, b, c] = fieldsOf(lines[0] ?? '').map(num);
  return a === undefined || b === undefined || c === undefined ? undefined : [a, b, c];
}

/**
 * The aggregate `cpu` line of /proc/stat. Its length grew with the kernel (4 fields on 2.4,
 * iowait/irq/softirq from 2.6, steal 2.6.11, guest 2.6.24, guest_nice 2.6.33): fields the
 * kernel does not print stay absent. Guest time is already counted in user/nice, so it is
 * not added again.
 */
export function parseCpu(lines: readonly string[]): CpuTimes | undefined {
  const line = lines.find((l) => /^cpu\s/.test(l));
  if (!line) return undefined;
  const f = fieldsOf(line).slice(1).map(num);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  if (user === undefined || nice === undefined || system === undefined || idle === undefined)
    return undefined;
  return {
    user,
    nice,
    system,
    idle,
    ...(iowait !== undefined ? { iowait } : {}),
    ...(irq !== undefined ? { irq } : {}),
    ...(softirq !== undefined ? { softirq } : {}),
    ...(steal !== undefined ? { steal } : {}),
  };
}

/** /proc/meminfo (kB values) → bytes. MemAvailable is absent before Linux 3.14. */
export function parseMeminfo(lines: readonly string[]): MemInfo | undefined {
  const kb = new Map<string, number>();
  for (const line of lines) {
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)/.exec(line);
    if (m) kb.set(m[1]!, Number(m[2]) * 1024);
  }
  const total = kb.get('MemTotal');
  const free = kb.get('MemFree');
  if (total === undefined || free === undefined) return undefined;
  const available = kb.get('MemAvailable');
  return {
    total,
    free,
    ...(available !== undefined ? { available } : {}),
    buffers: kb.get('Buffers') ?? 0,
    cached: (kb.get('Cached') ?? 0) + (kb.get('SReclaimable') ?? 0),
    swapTotal: kb.get('SwapTotal') ?? 0,
    swapFree: kb.get('SwapFree') ?? 0,
  };
}

/**
 * /proc/diskstats: 14 fields (before 4.18), 18 (discards, 4.18+) or 20 (flushes, 5.5+) per line;
 * partitions on 2.6.x kernels before 2.6.25 print only 7 (reads, sectors read, writes, sectors
 * written). Only what every layout has in the same place is read; a line too short is skipped.
 */
export function parseDiskstats(lines: readonly string[]): Map<string, DiskCounters> {
  const disks = new Map<string, DiskCounters>();
  for (const line of lines) {
    const f = fieldsOf(line);
    const name = f[2];
    if (!name) continue;
    const v = f.slice(3).map(num);
    if (v.length >= 11 && v.slice(0, 11).every((x) => x !== undefined)) {
      const n = v as number[];
      disks.set(name, {
        reads: n[0]!,
        readSectors: n[2]!,
        readMs: n[3]!,
        writes: n[4]!,
        writeSectors: n[6]!,
        writeMs: n[7]!,
        ioMs: n[9]!,
      });
    } else if (v.length === 4 && v.every((x) => x !== undefined)) {
      const n = v as number[];
      disks.set(name, {
        reads: n[0]!,
        readSectors: n[1]!,
        readMs: 0,
        writes: n[2]!,
        writeSectors: n[3]!,
        writeMs: 0,
      });
    }
  }
  return disks;
}

/**
 * /proc/net/dev: two header lines, then `iface: rx(bytes packets errs drop fifo frame compressed
 * multicast) tx(bytes packets errs drop fifo colls carrier compressed)`. Old kernels print no
 * space after the colon when the byte count is wide (`eth0:1234567890 …`).
 */
export function parseNetdev(lines: readonly string[]): Map<string, NetCounters> {
  const nets = new Map<string, NetCounters>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const v = fieldsOf(line.slice(colon + 1)).map(num);
    if (!name || v.length < 12 || v.slice(0, 12).some((x) => x === undefined)) continue;
    const n = v as number[];
    nets.set(name, {
      rxBytes: n[0]!,
      rxPackets: n[1]!,
      rxErrors: n[2]! + n[3]!,
      txBytes: n[8]!,
      txPackets: n[9]!,
      txErrors: n[10]! + n[11]!,
    });
  }
  return nets;
}

/**
 * /proc/<pid>/stat → utime + stime + cutime + cstime (fields 14–17). The command name (field 2)
 * may contain spaces and parentheses, so fields are counted after its last `)`.
 */
export function parseProcessCpu(lines: readonly string[]): ProcessCpu | undefined {
  const line = lines[0] ?? '';
  const end = line.lastIndexOf(')');
  if (end < 0) return undefined;
  const f = fieldsOf(line.slice(end + 1)); // f[0] is field 3 (state)
  const parts = [f[11], f[12], f[13], f[14]].map(num);
  if (parts.some((x) => x === undefined)) return undefined;
  return { ticks: (parts as number[]).reduce((a, b) => a + b, 0) };
}
