import { METRICS, type MetricGroup, type MetricId, type MetricUnit } from './metrics-catalog';

/**
 * The charts of a host dashboard, by section. A chart lists metric ids; a labelled metric
 * (a device, an interface…) draws one line per instance the source reports. The same
 * definitions serve the SSH collectors and Prometheus: only the series' origin differs.
 */
export interface ChartDef {
  id: string;
  title: string;
  unit: MetricUnit;
  metrics: readonly MetricId[];
  /** Fixed scale (percentages: 0–100). */
  range?: readonly [number, number];
  /** Stack the lines (CPU states). */
  stacked?: boolean;
}

export interface DashboardSection {
  id: MetricGroup;
  title: string;
  charts: readonly ChartDef[];
}

const chart = (
  id: string,
  title: string,
  metrics: readonly MetricId[],
  extra: Partial<ChartDef> = {},
): ChartDef => ({ id, title, unit: METRICS[metrics[0]!].unit, metrics, ...extra });

export const HOST_DASHBOARD: readonly DashboardSection[] = [
  {
    id: 'system',
    title: 'System',
    charts: [
      chart('cpu', 'CPU', ['cpu.user', 'cpu.system', 'cpu.iowait', 'cpu.steal'], {
        range: [0, 100],
        stacked: true,
      }),
      chart('load', 'Load', ['load.1', 'load.5', 'load.15']),
      chart('memory', 'Memory', ['mem.used', 'mem.cached', 'swap.used']),
    ],
  },
  {
    id: 'disk',
    title: 'Disks',
    charts: [
      chart('disk-iops', 'IOPS', ['disk.read_iops', 'disk.write_iops']),
      chart('disk-bytes', 'Throughput', ['disk.read_bytes', 'disk.write_bytes']),
      chart('disk-await', 'Await', ['disk.await']),
      chart('disk-util', 'Utilisation', ['disk.util'], { range: [0, 100] }),
    ],
  },
  {
    id: 'net',
    title: 'Network',
    charts: [
      chart('net-bytes', 'Traffic', ['net.rx_bytes', 'net.tx_bytes']),
      chart('net-errors', 'Errors and drops', ['net.errors']),
    ],
  },
  {
    id: 'fs',
    title: 'Filesystems',
    charts: [chart('fs-used', 'Space used', ['fs.used_pct'], { range: [0, 100] })],
  },
  {
    id: 'mysql',
    title: 'MySQL',
    charts: [
      chart('mysql-qps', 'Queries', ['mysql.qps', 'mysql.slow_queries']),
      chart('mysql-threads', 'Connections', ['mysql.threads_connected', 'mysql.threads_running']),
      chart('mysql-bytes', 'Client traffic', ['mysql.bytes_in', 'mysql.bytes_out']),
      chart('mysql-innodb', 'InnoDB I/O', ['mysql.innodb_reads', 'mysql.innodb_writes']),
      chart('mysql-locks', 'Row-lock waits', ['mysql.row_lock_waits']),
    ],
  },
  {
    id: 'replication',
    title: 'Replication',
    charts: [
      chart('repl-lag', 'Lag', ['mysql.repl_lag']),
      chart('repl-threads', 'Threads', ['mysql.repl_io', 'mysql.repl_sql'], { range: [0, 1] }),
    ],
  },
  {
    id: 'haproxy',
    title: 'HAProxy',
    charts: [
      chart('haproxy-sessions', 'Sessions', ['haproxy.sessions']),
      chart('haproxy-rate', 'Session rate', ['haproxy.rate']),
      chart('haproxy-queue', 'Queue', ['haproxy.queue']),
      chart('haproxy-5xx', '5xx responses', ['haproxy.http_5xx']),
      chart('haproxy-up', 'Servers up', ['haproxy.backend_up']),
    ],
  },
];

/** Metrics offered for a group overlay (one metric, N hosts). */
export const OVERLAY_METRICS: readonly MetricId[] = [
  'cpu.busy',
  'load.1',
  'mem.used_pct',
  'cpu.iowait',
  'disk.util',
  'disk.write_bytes',
  'net.rx_bytes',
  'fs.used_pct',
  'mysql.qps',
  'mysql.threads_running',
  'mysql.repl_lag',
];
