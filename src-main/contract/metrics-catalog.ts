/**
 * Every metric Opsdeck charts, once: its id, unit, what it is and which instance label it
 * carries (a device, an interface, a mount point, an HAProxy proxy). Both sources — the SSH
 * collectors and Prometheus — produce series named from this catalog, so every chart works on
 * either (docs/metrics.md).
 *
 * A **series key** is `<metric>` or `<metric>:<instance>` (`load.1`, `disk.read_iops:sda`,
 * `fs.used_pct:/var/lib/mysql`): metric ids never contain `:`, so the first `:` splits them.
 */

export type MetricUnit =
  'pct' | 'load' | 'bytes' | 'bytes/s' | 'ops/s' | 'ms' | 's' | 'count' | 'bool';

export type MetricGroup = 'system' | 'disk' | 'net' | 'fs' | 'mysql' | 'replication' | 'haproxy';

/** What the instance part of a labelled metric's key names. */
export type InstanceKind = 'device' | 'iface' | 'mount' | 'frontend' | 'backend' | 'server';

export interface MetricDef {
  label: string;
  unit: MetricUnit;
  group: MetricGroup;
  instance?: InstanceKind;
  /** One line for tooltips and `opsdeck metrics --list`. */
  help: string;
}

const m = (
  group: MetricGroup,
  unit: MetricUnit,
  label: string,
  help: string,
  instance?: InstanceKind,
): MetricDef => ({ group, unit, label, help, ...(instance ? { instance } : {}) });

export const METRICS = {
  'load.1': m('system', 'load', 'Load 1 min', 'Run-queue average over 1 minute (/proc/loadavg)'),
  'load.5': m('system', 'load', 'Load 5 min', 'Run-queue average over 5 minutes'),
  'load.15': m('system', 'load', 'Load 15 min', 'Run-queue average over 15 minutes'),
  'cpu.busy': m('system', 'pct', 'CPU busy', 'All CPUs: time not idle and not waiting for I/O'),
  'cpu.user': m('system', 'pct', 'CPU user', 'Time in user space (incl. nice)'),
  'cpu.system': m('system', 'pct', 'CPU system', 'Time in the kernel (incl. irq and softirq)'),
  'cpu.iowait': m('system', 'pct', 'CPU iowait', 'Idle time with I/O outstanding'),
  'cpu.steal': m('system', 'pct', 'CPU steal', 'Time the hypervisor gave to other guests'),
  'cpu.idle': m('system', 'pct', 'CPU idle', 'Idle time'),
  'mem.used': m('system', 'bytes', 'Memory used', 'Total minus available'),
  'mem.available': m('system', 'bytes', 'Memory available', 'MemAvailable (or free + cache)'),
  'mem.cached': m('system', 'bytes', 'Page cache', 'Cached + Buffers'),
  'mem.used_pct': m('system', 'pct', 'Memory used %', 'Used as a share of MemTotal'),
  'swap.used': m('system', 'bytes', 'Swap used', 'SwapTotal minus SwapFree'),
  'clock.skew': m('system', 's', 'Clock skew', "Host clock minus Opsdeck's clock"),
  'disk.read_iops': m('disk', 'ops/s', 'Reads', 'Reads completed per second', 'device'),
  'disk.write_iops': m('disk', 'ops/s', 'Writes', 'Writes completed per second', 'device'),
  'disk.read_bytes': m('disk', 'bytes/s', 'Read', 'Bytes read per second', 'device'),
  'disk.write_bytes': m('disk', 'bytes/s', 'Written', 'Bytes written per second', 'device'),
  'disk.await': m('disk', 'ms', 'Await', 'Average time per completed I/O', 'device'),
  'disk.util': m('disk', 'pct', 'Utilisation', 'Time the device was busy', 'device'),
  'net.rx_bytes': m('net', 'bytes/s', 'Received', 'Bytes received per second', 'iface'),
  'net.tx_bytes': m('net', 'bytes/s', 'Sent', 'Bytes sent per second', 'iface'),
  'net.rx_packets': m('net', 'ops/s', 'Packets in', 'Packets received per second', 'iface'),
  'net.tx_packets': m('net', 'ops/s', 'Packets out', 'Packets sent per second', 'iface'),
  'net.errors': m(
    'net',
    'ops/s',
    'Errors',
    'Receive + transmit errors and drops per second',
    'iface',
  ),
  'fs.used_pct': m('fs', 'pct', 'Used', 'Filesystem space used', 'mount'),
  'fs.avail': m('fs', 'bytes', 'Available', 'Space available to unprivileged users', 'mount'),
  'mysql.up': m('mysql', 'bool', 'MySQL up', '1 while the server answers'),
  'mysql.qps': m('mysql', 'ops/s', 'Queries', 'Statements per second (Questions)'),
  'mysql.connections': m('mysql', 'ops/s', 'New connections', 'Connection attempts per second'),
  'mysql.threads_connected': m('mysql', 'count', 'Connected', 'Open client connections'),
  'mysql.threads_running': m('mysql', 'count', 'Running', 'Threads executing a statement'),
  'mysql.bytes_in': m('mysql', 'bytes/s', 'Bytes in', 'Received from clients per second'),
  'mysql.bytes_out': m('mysql', 'bytes/s', 'Bytes out', 'Sent to clients per second'),
  'mysql.innodb_reads': m('mysql', 'ops/s', 'InnoDB reads', 'Data file reads per second'),
  'mysql.innodb_writes': m('mysql', 'ops/s', 'InnoDB writes', 'Data file writes per second'),
  'mysql.row_lock_waits': m('mysql', 'ops/s', 'Row-lock waits', 'InnoDB row-lock waits per second'),
  'mysql.slow_queries': m('mysql', 'ops/s', 'Slow queries', 'Slow queries per second'),
  'mysql.longest_query': m(
    'mysql',
    's',
    'Longest query',
    'Oldest running statement (needs PROCESS)',
  ),
  'mysql.history_length': m(
    'mysql',
    'count',
    'History list',
    'InnoDB undo history (needs PROCESS)',
  ),
  'mysql.repl_lag': m('replication', 's', 'Replication lag', 'Seconds_Behind_Master / _Source'),
  'mysql.repl_io': m('replication', 'bool', 'IO thread', '1 while the IO thread runs'),
  'mysql.repl_sql': m('replication', 'bool', 'SQL thread', '1 while the SQL thread runs'),
  'haproxy.sessions': m('haproxy', 'count', 'Sessions', 'Current sessions', 'frontend'),
  'haproxy.rate': m('haproxy', 'ops/s', 'Session rate', 'New sessions per second', 'frontend'),
  'haproxy.http_5xx': m('haproxy', 'ops/s', '5xx', 'HTTP 5xx responses per second', 'frontend'),
  'haproxy.queue': m('haproxy', 'count', 'Queue', 'Requests queued for a server', 'backend'),
  'haproxy.backend_up': m('haproxy', 'count', 'Servers up', 'Servers of the backend UP', 'backend'),
  'haproxy.server_up': m('haproxy', 'bool', 'Server up', '1 while the server is UP', 'server'),
} as const satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

export function isMetricId(id: string): id is MetricId {
  return Object.prototype.hasOwnProperty.call(METRICS, id);
}

export function metricDef(id: MetricId): MetricDef {
  return METRICS[id];
}

/** `disk.read_iops:sda` → `{ metric: 'disk.read_iops', instance: 'sda' }`; unknown metric → null. */
export function parseSeriesKey(key: string): { metric: MetricId; instance?: string } | null {
  const at = key.indexOf(':');
  const metric = at < 0 ? key : key.slice(0, at);
  if (!isMetricId(metric)) return null;
  const instance = at < 0 ? undefined : key.slice(at + 1);
  const def: MetricDef = METRICS[metric];
  if (!!def.instance !== (instance !== undefined && instance !== '')) return null;
  return instance === undefined ? { metric } : { metric, instance };
}

export function seriesKey(metric: MetricId, instance?: string): string {
  return instance === undefined ? metric : `${metric}:${instance}`;
}

/** Does the key belong to the metric (any instance of a labelled one)? */
export function keyOfMetric(key: string, metric: MetricId): boolean {
  return key === metric || key.startsWith(`${metric}:`);
}

/**
 * Does a series key answer what a user asked for? Each wanted entry is an exact key, a metric
 * id (a labelled one stands for all its instances: `disk.util` → every device) or a family
 * (`cpu`, `mysql`, `disk`: every metric whose id starts with it and a dot).
 */
export function matchesAny(key: string, wanted: readonly string[]): boolean {
  return wanted.some(
    (w) =>
      w === key ||
      (isMetricId(w) && keyOfMetric(key, w)) ||
      (!w.includes('.') && !w.includes(':') && key.startsWith(`${w}.`)),
  );
}

/** Entries of `wanted` that match no metric of the catalog (a typo the CLI should report). */
export function unknownSeries(wanted: readonly string[]): string[] {
  return wanted.filter(
    (w) =>
      parseSeriesKey(w) === null &&
      !isMetricId(w) &&
      !METRIC_IDS.some((id) => id.startsWith(`${w}.`)),
  );
}

/**
 * How the instances of a labelled metric combine into one value per host (a group overlay of
 * `disk.util` shows each host's busiest device; of `net.rx_bytes`, its total traffic).
 */
export function combineInstances(metric: MetricId): 'sum' | 'max' {
  const unit: MetricUnit = METRICS[metric].unit;
  return unit === 'bytes/s' || unit === 'ops/s' || unit === 'count' ? 'sum' : 'max';
}
