import { METRIC_IDS, matchesAny, type MetricId } from '../../../contract';

/**
 * The catalog's metrics as PromQL over node_exporter, mysqld_exporter and haproxy_exporter, so a
 * dashboard draws the same series from Prometheus as from the SSH collectors. `s` is the label
 * matcher that selects the hosts (`instance=~"…"`), `w` the range of rate().
 */
interface PromMetric {
  expr: (s: string, w: string) => string;
  /** The label that names the instance of a labelled metric (device, mountpoint, …). */
  instance?: string;
}

/** Devices the SSH collector leaves out too: partitions, loop, RAM, floppy and CD drives. */
const NOT_DISKS =
  'device!~"(loop|ram|fd|sr)[0-9]+|(sd|hd|vd|xvd)[a-z]+[0-9]+|(nvme[0-9]+n[0-9]+|mmcblk[0-9]+)p[0-9]+"';
const PSEUDO_FS =
  'fstype!~"proc|sysfs|devtmpfs|tmpfs|devpts|cgroup2?|securityfs|pstore|debugfs|tracefs|mqueue|hugetlbfs|fusectl|configfs|binfmt_misc|autofs|rpc_pipefs|nsfs|squashfs|iso9660|ramfs|efivarfs|bpf|selinuxfs|overlay|fuse\\\\..*|nfsd"';

const by = 'by (instance)';
const cpuShare = (modes: string) => (s: string, w: string) =>
  `100 * sum ${by} (rate(node_cpu_seconds_total{${s},mode=~"${modes}"}[${w}])) / count ${by} (node_cpu_seconds_total{${s},mode="idle"})`;
const gauge = (name: string) => (s: string) => `max ${by} (${name}{${s}})`;
const rate =
  (name: string, extra = '') =>
  (s: string, w: string) =>
    `sum ${by} (rate(${name}{${s}${extra}}[${w}]))`;
/** Devices never used since boot are left out, as the SSH collector leaves them out (zram0…). */
const USED_DISKS = (s: string) =>
  `on (instance, device) (node_disk_reads_completed_total{${s}} + node_disk_writes_completed_total{${s}} > 0)`;
const disk =
  (name: string, factor = '') =>
  (s: string, w: string) =>
    `(${factor}rate(${name}{${s},${NOT_DISKS}}[${w}]) and ${USED_DISKS(s)})`;
const net = (name: string) => (s: string, w: string) => `rate(${name}{${s}}[${w}])`;
const mem = (name: string) => `node_memory_${name}_bytes`;

export const PROMQL: Partial<Record<MetricId, PromMetric>> = {
  'load.1': { expr: gauge('node_load1') },
  'load.5': { expr: gauge('node_load5') },
  'load.15': { expr: gauge('node_load15') },
  'cpu.busy': {
    expr: (s, w) =>
      `100 - 100 * sum ${by} (rate(node_cpu_seconds_total{${s},mode=~"idle|iowait"}[${w}])) / count ${by} (node_cpu_seconds_total{${s},mode="idle"})`,
  },
  'cpu.user': { expr: cpuShare('user|nice') },
  'cpu.system': { expr: cpuShare('system|irq|softirq') },
  'cpu.iowait': { expr: cpuShare('iowait') },
  'cpu.steal': { expr: cpuShare('steal') },
  'cpu.idle': { expr: cpuShare('idle') },
  'mem.used': {
    expr: (s) => `max ${by} (${mem('MemTotal')}{${s}} - ${mem('MemAvailable')}{${s}})`,
  },
  'mem.available': { expr: gauge(mem('MemAvailable')) },
  'mem.cached': {
    expr: (s) =>
      `max ${by} (${mem('Cached')}{${s}} + ${mem('SReclaimable')}{${s}} + ${mem('Buffers')}{${s}})`,
  },
  'mem.used_pct': {
    expr: (s) => `max ${by} (100 * (1 - ${mem('MemAvailable')}{${s}} / ${mem('MemTotal')}{${s}}))`,
  },
  'swap.used': { expr: (s) => `max ${by} (${mem('SwapTotal')}{${s}} - ${mem('SwapFree')}{${s}})` },
  'clock.skew': { expr: (s) => `max ${by} (node_time_seconds{${s}}) - time()` },
  'disk.read_iops': { expr: disk('node_disk_reads_completed_total'), instance: 'device' },
  'disk.write_iops': { expr: disk('node_disk_writes_completed_total'), instance: 'device' },
  'disk.read_bytes': { expr: disk('node_disk_read_bytes_total'), instance: 'device' },
  'disk.write_bytes': { expr: disk('node_disk_written_bytes_total'), instance: 'device' },
  'disk.await': {
    expr: (s, w) =>
      `1000 * (${disk('node_disk_read_time_seconds_total')(s, w)} + ${disk('node_disk_write_time_seconds_total')(s, w)}) / clamp_min(${disk('node_disk_reads_completed_total')(s, w)} + ${disk('node_disk_writes_completed_total')(s, w)}, 1e-9)`,
    instance: 'device',
  },
  'disk.util': { expr: disk('node_disk_io_time_seconds_total', '100 * '), instance: 'device' },
  'net.rx_bytes': { expr: net('node_network_receive_bytes_total'), instance: 'device' },
  'net.tx_bytes': { expr: net('node_network_transmit_bytes_total'), instance: 'device' },
  'net.rx_packets': { expr: net('node_network_receive_packets_total'), instance: 'device' },
  'net.tx_packets': { expr: net('node_network_transmit_packets_total'), instance: 'device' },
  'net.errors': {
    expr: (s, w) =>
      ['receive_errs', 'receive_drop', 'transmit_errs', 'transmit_drop']
        .map((n) => net(`node_network_${n}_total`)(s, w))
        .join(' + '),
    instance: 'device',
  },
  'fs.used_pct': {
    expr: (s) => {
      const f = (n: string) => `node_filesystem_${n}_bytes{${s},${PSEUDO_FS}}`;
      return `100 * (${f('size')} - ${f('free')}) / (${f('size')} - ${f('free')} + ${f('avail')})`;
    },
    instance: 'mountpoint',
  },
  'fs.avail': {
    expr: (s) => `node_filesystem_avail_bytes{${s},${PSEUDO_FS}}`,
    instance: 'mountpoint',
  },
  'mysql.up': { expr: gauge('mysql_up') },
  'mysql.qps': { expr: rate('mysql_global_status_questions') },
  'mysql.connections': { expr: rate('mysql_global_status_connections') },
  'mysql.threads_connected': { expr: gauge('mysql_global_status_threads_connected') },
  'mysql.threads_running': { expr: gauge('mysql_global_status_threads_running') },
  'mysql.bytes_in': { expr: rate('mysql_global_status_bytes_received') },
  'mysql.bytes_out': { expr: rate('mysql_global_status_bytes_sent') },
  'mysql.innodb_reads': { expr: rate('mysql_global_status_innodb_data_reads') },
  'mysql.innodb_writes': { expr: rate('mysql_global_status_innodb_data_writes') },
  'mysql.row_lock_waits': { expr: rate('mysql_global_status_innodb_row_lock_waits') },
  'mysql.slow_queries': { expr: rate('mysql_global_status_slow_queries') },
  'mysql.history_length': { expr: gauge('mysql_global_status_innodb_history_list_length') },
  'mysql.repl_lag': { expr: gauge('mysql_slave_status_seconds_behind_master') },
  'mysql.repl_io': { expr: gauge('mysql_slave_status_slave_io_running') },
  'mysql.repl_sql': { expr: gauge('mysql_slave_status_slave_sql_running') },
  'haproxy.sessions': {
    expr: (s) => `haproxy_frontend_current_sessions{${s}}`,
    instance: 'frontend',
  },
  'haproxy.rate': {
    expr: (s) => `haproxy_frontend_current_session_rate{${s}}`,
    instance: 'frontend',
  },
  'haproxy.http_5xx': {
    expr: (s, w) => `rate(haproxy_frontend_http_responses_total{${s},code="5xx"}[${w}])`,
    instance: 'frontend',
  },
  'haproxy.queue': { expr: (s) => `haproxy_backend_current_queue{${s}}`, instance: 'backend' },
  'haproxy.backend_up': {
    expr: (s) => `sum by (instance, backend) (haproxy_server_up{${s}})`,
    instance: 'backend',
  },
  'haproxy.server_up': {
    expr: (s) => `label_join(haproxy_server_up{${s}}, "opsdeck_server", "/", "backend", "server")`,
    instance: 'opsdeck_server',
  },
};

/** The label each result carries its metric id in (set by label_replace). */
export const METRIC_LABEL = 'opsdeck_metric';

/** Metric ids of the catalog Prometheus can answer that match what was asked for. */
export function promMetricsFor(wanted: readonly string[]): MetricId[] {
  return METRIC_IDS.filter(
    (id) => PROMQL[id] && (matchesAny(id, wanted) || wanted.some((w) => w.startsWith(`${id}:`))),
  );
}

/**
 * One PromQL expression for many metrics: each metric's expression tagged with its id by
 * label_replace and joined with `or`, so one HTTP request answers a whole dashboard.
 */
export function combinedQuery(
  metrics: readonly MetricId[],
  selector: string,
  window: string,
): string {
  return metrics
    .flatMap((id) => {
      const def = PROMQL[id];
      if (!def) return [];
      const expr = def.instance
        ? def.expr(selector, window)
        : `max by (instance) (${def.expr(selector, window)})`;
      return `label_replace(${expr}, "${METRIC_LABEL}", "${id}", "", "")`;
    })
    .join(' or ');
}

/** RE2-safe literal of a host address or name inside a Prometheus regex. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
