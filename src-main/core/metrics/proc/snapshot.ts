/**
 * What one read of a host's /proc files gives: counters and gauges as the kernel reports them,
 * before any rate is computed (see system-rates.ts). A field the host's kernel does not have is
 * absent, never zero.
 */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  /** Since Linux 2.5.41. */
  iowait?: number;
  irq?: number;
  softirq?: number;
  /** Since 2.6.11. */
  steal?: number;
}

export interface MemInfo {
  total: number;
  free: number;
  /** MemAvailable, since Linux 3.14 (older kernels: estimated from free + buffers + cache). */
  available?: number;
  buffers: number;
  cached: number;
  swapTotal: number;
  swapFree: number;
}

export interface DiskCounters {
  reads: number;
  readSectors: number;
  readMs: number;
  writes: number;
  writeSectors: number;
  writeMs: number;
  /** Time the device had I/O in flight (absent on 2.6 partition lines, which have 4 fields). */
  ioMs?: number;
}

export interface NetCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
}

export interface FsUsage {
  mount: string;
  device: string;
  fstype?: string;
  sizeBytes: number;
  usedBytes: number;
  availBytes: number;
}

/** CPU ticks a process and its waited-for children used (/proc/<pid>/stat utime+stime+cutime+cstime). */
export interface ProcessCpu {
  ticks: number;
}

export interface ProcSnapshot {
  /** /proc/uptime: seconds since boot (the host's own monotonic clock for rates). */
  uptime?: number;
  /** The host's wall clock (epoch seconds), for the clock-skew series. */
  hostTime?: number;
  load?: readonly [number, number, number];
  cpu?: CpuTimes;
  mem?: MemInfo;
  disks?: ReadonlyMap<string, DiskCounters>;
  nets?: ReadonlyMap<string, NetCounters>;
  fs?: readonly FsUsage[];
  /** The collector loop (sh) itself and the sshd session process that runs it. */
  self?: ProcessCpu;
  parent?: ProcessCpu;
}
