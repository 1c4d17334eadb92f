import { seriesKey } from '../../../contract';
import { counterRate } from './counters';
import type { CpuTimes, ProcSnapshot } from './snapshot';

/** Partitions, loop and RAM disks, floppies and CD drives: not charted (whole disks, md, dm are). */
const NOT_A_DISK = [
  /^(sd|hd|vd|xvd)[a-z]+\d+$/,
  /^(nvme\d+n\d+|mmcblk\d+)p\d+$/,
  /^(loop|ram|fd|sr)\d+$/,
];
export const isChartedDisk = (name: string) => !NOT_A_DISK.some((re) => re.test(name));

/** Sector size of /proc/diskstats: always 512 bytes, whatever the device's own sector size. */
const SECTOR = 512;

export interface SystemValues {
  values: Record<string, number>;
  /** CPU share the collector loop (and, separately, its sshd session) used, in % of one CPU. */
  loopCpuPct?: number;
  sessionCpuPct?: number;
}

/** Seconds between two reads: the host's own uptime clock when both have it, else ours. */
function elapsed(prev: ProcSnapshot, cur: ProcSnapshot, fallbackSeconds: number): number | null {
  if (prev.uptime !== undefined && cur.uptime !== undefined) {
    const d = cur.uptime - prev.uptime;
    return d > 0 ? d : null; // 0: the same read; < 0: the host rebooted
  }
  return fallbackSeconds > 0 ? fallbackSeconds : null;
}

function cpuPercents(a: CpuTimes, b: CpuTimes, out: Record<string, number>): void {
  // CPU counters may step back a little (iowait on some kernels): a share, never a reset.
  const d = (k: keyof CpuTimes) => {
    const x = a[k];
    const y = b[k];
    return x === undefined || y === undefined ? undefined : Math.max(0, y - x);
  };
  const user = (d('user') ?? 0) + (d('nice') ?? 0);
  const system = (d('system') ?? 0) + (d('irq') ?? 0) + (d('softirq') ?? 0);
  const idle = d('idle') ?? 0;
  const iowait = d('iowait');
  const steal = d('steal');
  const total = user + system + idle + (iowait ?? 0) + (steal ?? 0);
  if (total <= 0) return;
  const pct = (x: number) => (100 * x) / total;
  out['cpu.user'] = pct(user);
  out['cpu.system'] = pct(system);
  out['cpu.idle'] = pct(idle);
  if (iowait !== undefined) out['cpu.iowait'] = pct(iowait);
  if (steal !== undefined) out['cpu.steal'] = pct(steal);
  out['cpu.busy'] = pct(user + system + (steal ?? 0));
}

/**
 * The system series of a host from two consecutive reads (`prev` may be absent: then only the
 * gauges — load, memory, filesystems — have values). `nowMs` is Opsdeck's clock at the read.
 */
export function systemValues(
  prev: ProcSnapshot | undefined,
  cur: ProcSnapshot,
  options: { nowMs: number; fallbackSeconds: number; clockTicks: number },
): SystemValues {
  const v: Record<string, number> = {};
  if (cur.load) [v['load.1'], v['load.5'], v['load.15']] = cur.load;
  const mem = cur.mem;
  if (mem) {
    const available = mem.available ?? mem.free + mem.buffers + mem.cached;
    v['mem.available'] = available;
    v['mem.used'] = Math.max(0, mem.total - available);
    v['mem.used_pct'] = mem.total > 0 ? (100 * v['mem.used']) / mem.total : 0;
    v['mem.cached'] = mem.cached + mem.buffers;
    v['swap.used'] = Math.max(0, mem.swapTotal - mem.swapFree);
  }
  for (const fs of cur.fs ?? []) {
    const usable = fs.usedBytes + fs.availBytes;
    v[seriesKey('fs.used_pct', fs.mount)] = usable > 0 ? (100 * fs.usedBytes) / usable : 0;
    v[seriesKey('fs.avail', fs.mount)] = fs.availBytes;
  }
  if (cur.hostTime !== undefined) v['clock.skew'] = cur.hostTime - options.nowMs / 1000;

  const out: SystemValues = { values: v };
  const dt = prev ? elapsed(prev, cur, options.fallbackSeconds) : null;
  if (!prev || dt === null) return out;

  if (prev.cpu && cur.cpu) cpuPercents(prev.cpu, cur.cpu, v);
  for (const [name, c] of cur.disks ?? []) {
    const p = prev.disks?.get(name);
    if (!p || !isChartedDisk(name)) continue;
    if (c.reads + c.writes === 0) continue; // never used since boot
    const rate = (k: 'reads' | 'writes' | 'readSectors' | 'writeSectors') =>
      counterRate(p[k], c[k], dt);
    const reads = rate('reads');
    const writes = rate('writes');
    const rs = rate('readSectors');
    const ws = rate('writeSectors');
    if (reads === null || writes === null || rs === null || ws === null) continue; // reset
    v[seriesKey('disk.read_iops', name)] = reads;
    v[seriesKey('disk.write_iops', name)] = writes;
    v[seriesKey('disk.read_bytes', name)] = rs * SECTOR;
    v[seriesKey('disk.write_bytes', name)] = ws * SECTOR;
    const ios = (reads + writes) * dt;
    const waited =
      (counterRate(p.readMs, c.readMs, 1) ?? 0) + (counterRate(p.writeMs, c.writeMs, 1) ?? 0);
    v[seriesKey('disk.await', name)] = ios > 0 ? waited / ios : 0;
    const busy = counterRate(p.ioMs, c.ioMs, dt);
    if (busy !== null) v[seriesKey('disk.util', name)] = Math.min(100, busy / 10);
  }
  for (const [name, c] of cur.nets ?? []) {
    const p = prev.nets?.get(name);
    if (!p || c.rxPackets + c.txPackets === 0) continue;
    const rate = (k: keyof typeof c) => counterRate(p[k], c[k], dt);
    const values = {
      rx_bytes: rate('rxBytes'),
      tx_bytes: rate('txBytes'),
      rx_packets: rate('rxPackets'),
      tx_packets: rate('txPackets'),
      rxe: rate('rxErrors'),
      txe: rate('txErrors'),
    };
    if (Object.values(values).some((x) => x === null)) continue; // reset
    v[seriesKey('net.rx_bytes', name)] = values.rx_bytes!;
    v[seriesKey('net.tx_bytes', name)] = values.tx_bytes!;
    v[seriesKey('net.rx_packets', name)] = values.rx_packets!;
    v[seriesKey('net.tx_packets', name)] = values.tx_packets!;
    v[seriesKey('net.errors', name)] = values.rxe! + values.txe!;
  }
  const cpuPct = (a?: { ticks: number }, b?: { ticks: number }) => {
    const r = counterRate(a?.ticks, b?.ticks, dt);
    return r === null ? undefined : (100 * r) / options.clockTicks;
  };
  const loop = cpuPct(prev.self, cur.self);
  const session = cpuPct(prev.parent, cur.parent);
  if (loop !== undefined) out.loopCpuPct = loop;
  if (session !== undefined) out.sessionCpuPct = session;
  return out;
}
